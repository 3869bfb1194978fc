"""Statuses from the console, as Mastodon's `tootctl statuses remove`:

    manage.py statuses remove [--days N] [--dry-run]

Removes remote statuses older than N days (90) that nothing local refers to (no local
favourite, bookmark, reblog, reply or mention). Local statuses are never touched. Batches,
each its own transaction: interrupted, it is simply run again."""
from django.core.management.base import BaseCommand, CommandError

from admin_api import maintenance
from fedi.progress import Progress
from statuses.models import Status


class Command(BaseCommand):
    help = "Remove unreferenced remote statuses (like tootctl statuses remove)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{remove}")
        actions.required = True
        remove = actions.add_parser("remove", help="Remove old remote statuses nothing local refers to.")
        remove.add_argument("--days", type=int, default=90)
        remove.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more")
        total = maintenance.unreferenced_remote_statuses(options["days"]).count()
        if total == 0:
            if not Status.objects.filter(local=False).exists():
                self.stdout.write("Nothing to do: there are no remote statuses (federation is not enabled)")
            else:
                self.stdout.write("Nothing to do: every remote status is recent or referenced locally")
            return
        with Progress(total, "Statuses", self.stderr._out) as bar:
            done = maintenance.remove_statuses(options["days"], dry_run=options["dry_run"], progress=bar)
        verb, suffix = ("Would remove", " (dry run)") if options["dry_run"] else ("Removed", "")
        self.stdout.write(f"{verb} {done['statuses']} unreferenced remote statuses{suffix}")
