"""Repairs from the console, after Mastodon's `tootctl maintenance fix-duplicates` and
`tootctl cache recount`:

    manage.py maintenance fix-counts

Recomputes every account's and status's counters from the rows, batch by batch (each its
own transaction): interrupted, it is simply run again."""
from django.core.management.base import BaseCommand

from accounts.models import Account
from admin_api import maintenance
from fedi.progress import Progress
from statuses.models import Status


class Command(BaseCommand):
    help = "Repair derived data (counters)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{fix-counts}")
        actions.required = True
        actions.add_parser("fix-counts", help="Recompute account and status counters.")

    def handle(self, *args, **options):
        total = Account.objects.count() + Status.objects.count()
        with Progress(total, "Rows", self.stderr._out) as bar:
            fixed = maintenance.fix_counts(progress=bar)
        self.stdout.write(f"Fixed the counters of {fixed['accounts']} account(s) and {fixed['statuses']} status(es)")
