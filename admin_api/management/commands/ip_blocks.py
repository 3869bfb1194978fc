"""IP blocks from the console, as Mastodon's `tootctl ip_blocks`:

    manage.py ip_blocks add IP... --severity SEVERITY [--comment TEXT] [--duration SECONDS] [--force]
    manage.py ip_blocks remove IP...
    manage.py ip_blocks export [--format plain|nginx]

Each change goes through the admin API's services (same checks, same audit log); running a
command again is safe: an address already blocked is skipped (or updated with --force)."""
from django.core.management.base import BaseCommand, CommandError

from accounts.models import IpBlock
from accounts.services.blocks import active_ip_blocks, parse_network
from admin_api import services
from fedi.errors import ApiError


def _cidr(value):
    network = parse_network(value)
    if network is None:
        raise CommandError(f"{value} is not an IP address or network")
    return f"{network.network_address}/{network.prefixlen}"


class Command(BaseCommand):
    help = "Add, remove and export IP blocks (like tootctl ip_blocks)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{add,remove,export}")
        actions.required = True
        add = actions.add_parser("add", help="Block addresses or ranges.")
        add.add_argument("addresses", nargs="+")
        add.add_argument("--severity", required=True, choices=services.IP_BLOCK_SEVERITIES)
        add.add_argument("--comment", default="")
        add.add_argument("--duration", type=int, help="Seconds until the block expires (none: never).")
        add.add_argument("--force", action="store_true", help="Update blocks that already exist.")
        remove = actions.add_parser("remove", help="Remove the blocks of these addresses or ranges.")
        remove.add_argument("addresses", nargs="+")
        export = actions.add_parser("export", help="Print the active blocks.")
        export.add_argument("--format", choices=("plain", "nginx"), default="plain")

    def handle(self, *args, **options):
        getattr(self, options["action"])(options)

    def add(self, options):
        added = skipped = failed = 0
        for address in options["addresses"]:
            ip = _cidr(address)
            existing = IpBlock.objects.filter(ip=ip).first()
            fields = {"severity": options["severity"], "comment": options["comment"],
                      "expires_in": options["duration"]}
            try:
                if existing is not None and not options["force"]:
                    skipped += 1
                    self.stdout.write(f"{ip} is already blocked")
                    continue
                if existing is not None:
                    services.update_ip_block(None, existing, **fields)
                else:
                    services.create_ip_block(None, ip=ip, **fields)
                added += 1
            except ApiError as error:
                failed += 1
                self.stderr.write(f"{ip}: {error.message} {getattr(error, 'details', '') or ''}")
        self.stdout.write(self.style.SUCCESS(f"Added {added}, skipped {skipped}, failed {failed}"))

    def remove(self, options):
        removed = 0
        for address in options["addresses"]:
            for block in IpBlock.objects.filter(ip=_cidr(address)):
                services.delete_ip_block(None, block)
                removed += 1
        self.stdout.write(self.style.SUCCESS(f"Removed {removed}"))

    def export(self, options):
        for ip, severity in active_ip_blocks().order_by("ip").values_list("ip", "severity"):
            if options["format"] == "nginx":
                if severity == "no_access":  # only that one is a web server's business
                    self.stdout.write(f"deny {ip};")
            else:
                self.stdout.write(ip)
