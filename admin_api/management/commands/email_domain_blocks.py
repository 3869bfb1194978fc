"""E-mail domain blocks from the console, as Mastodon's `tootctl email_domain_blocks`:

    manage.py email_domain_blocks add DOMAIN... [--with-dns-records] [--allow-with-approval]
    manage.py email_domain_blocks remove DOMAIN...
    manage.py email_domain_blocks list

Through the admin API's services (same validation, same audit log); safe to run again."""
from django.core.management.base import BaseCommand

from accounts.models import EmailDomainBlock
from admin_api import services
from fedi.errors import ApiError
from relationships.domains import normalize_domain


class Command(BaseCommand):
    help = "Add, remove and list e-mail domain blocks (like tootctl email_domain_blocks)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{add,remove,list}")
        actions.required = True
        add = actions.add_parser("add", help="Refuse sign-ups from these domains.")
        add.add_argument("domains", nargs="+")
        add.add_argument("--with-dns-records", action="store_true",
                         help="Also block the domains' mail servers (their MX hosts), as tootctl.")
        add.add_argument("--allow-with-approval", action="store_true",
                         help="Hold sign-ups from these domains for approval instead of refusing them.")
        actions.add_parser("remove", help="Allow these domains again.").add_argument("domains", nargs="+")
        actions.add_parser("list", help="Print the blocked domains.")

    def handle(self, *args, **options):
        getattr(self, options["action"])(options)

    def add(self, options):
        added = skipped = failed = 0
        for domain in options["domains"]:
            try:
                name = normalize_domain(domain)
                if EmailDomainBlock.objects.filter(domain=name).exists():
                    skipped += 1
                    self.stdout.write(f"{name} is already blocked")
                    continue
                block = services.create_email_domain_block(None, name, with_mx=options["with_dns_records"],
                                                           allow_with_approval=options["allow_with_approval"])
                added += 1
                for child in block.children.values_list("domain", flat=True):
                    self.stdout.write(f"{child} (a mail server of {name}) blocked too")
            except ApiError as error:
                failed += 1
                self.stderr.write(f"{domain}: {error.message} {getattr(error, 'details', '') or ''}")
        self.stdout.write(self.style.SUCCESS(f"Added {added}, skipped {skipped}, failed {failed}"))

    def remove(self, options):
        removed = 0
        for domain in options["domains"]:
            for block in EmailDomainBlock.objects.filter(domain=domain.strip().lower()):
                services.delete_email_domain_block(None, block)
                removed += 1
        self.stdout.write(self.style.SUCCESS(f"Removed {removed}"))

    def list(self, options):
        for domain in EmailDomainBlock.objects.order_by("domain").values_list("domain", flat=True):
            self.stdout.write(domain)
