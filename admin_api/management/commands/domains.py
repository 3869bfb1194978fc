"""Remote domains from the console, as Mastodon's `tootctl domains block|purge`:

    manage.py domains block DOMAIN... [--severity silence|suspend|noop] [--reject-media] [--reject-reports]
    manage.py domains purge DOMAIN... [--dry-run]

`block` goes through the admin API's services (the domain's accounts limited, the audit log);
`purge` deletes the domains' remote accounts (and with them their statuses, media and
relationships) in batches, each in its own transaction: interrupted, it is simply run again."""
from django.core.management.base import BaseCommand

from admin_api import maintenance, services
from fedi.errors import ApiError
from fedi.progress import Progress


class Command(BaseCommand):
    help = "Block or purge remote domains (like tootctl domains)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{block,purge}")
        actions.required = True
        block = actions.add_parser("block", help="Block domains server-wide.")
        block.add_argument("domains", nargs="+")
        block.add_argument("--severity", choices=services.DOMAIN_BLOCK_SEVERITIES, default="suspend")
        block.add_argument("--reject-media", action="store_true")
        block.add_argument("--reject-reports", action="store_true")
        purge = actions.add_parser("purge", help="Delete every account of these domains (and subdomains).")
        purge.add_argument("domains", nargs="+")
        purge.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        getattr(self, options["action"])(options)

    def block(self, options):
        done = failed = 0
        for domain in options["domains"]:
            try:
                services.create_domain_block(None, domain=domain, severity=options["severity"],
                                             reject_media=options["reject_media"] or None,
                                             reject_reports=options["reject_reports"] or None)
                done += 1
            except ApiError as error:
                failed += 1
                self.stderr.write(f"{domain}: {error.message} {getattr(error, 'details', '') or ''}")
        self.stdout.write(self.style.SUCCESS(f"Blocked {done}, failed {failed}"))

    def purge(self, options):
        accounts = maintenance.domain_accounts(options["domains"])
        if options["dry_run"]:
            self.stdout.write(f"Would delete {accounts.count()} account(s) (dry run)")
            return
        with Progress(accounts.count(), "Accounts", self.stderr._out) as bar:
            deleted = maintenance.purge_domains(options["domains"], progress=bar)
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} account(s)"))
