"""Remote domains from the console, as Mastodon's `tootctl domains block|purge`:

    manage.py domains block DOMAIN... [--severity silence|suspend|noop] [--reject-media] [--reject-reports]
    manage.py domains purge DOMAIN... [--dry-run]

`block` goes through the admin API's services (the domain's accounts limited, the audit log);
`purge` deletes the domains' remote accounts (and with them their statuses, media and
relationships) in batches, each in its own transaction: interrupted, it is simply run again."""
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from accounts.models import Account
from admin_api import services
from fedi.errors import ApiError

BATCH = 100


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
        from relationships.domains import normalize_domain

        condition = Q()
        for domain in options["domains"]:
            name = normalize_domain(domain)
            condition |= Q(domain__iexact=name) | Q(domain__iendswith=f".{name}")
        accounts = Account.objects.filter(domain__isnull=False).filter(condition)
        total = accounts.count()
        if options["dry_run"]:
            self.stdout.write(f"Would delete {total} account(s) (dry run)")
            return
        deleted = 0
        while True:
            ids = list(accounts.order_by("id").values_list("id", flat=True)[:BATCH])
            if not ids:
                break
            with transaction.atomic():
                Account.objects.filter(id__in=ids).delete()
            deleted += len(ids)
            self.stdout.write(f"{deleted}/{total}", ending="\r")
            self.stdout.flush()
        self.stdout.write(self.style.SUCCESS(f"Deleted {deleted} account(s)"))
