"""Stored media from the console, as Mastodon's `tootctl media`:

    manage.py media remove [--days N] [--dry-run]   # uploads never attached to a status, older than N days (7)
    manage.py media usage                           # what the stored files take, per kind

`remove` works in batches, each its own transaction: interrupted, it is simply run again."""
from django.core.management.base import BaseCommand, CommandError

from admin_api import maintenance
from fedi.progress import Progress


def human(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


class Command(BaseCommand):
    help = "Remove unattached media and show storage use (like tootctl media)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{remove,usage}")
        actions.required = True
        remove = actions.add_parser("remove", help="Remove media never attached to a status.")
        remove.add_argument("--days", type=int, default=7)
        remove.add_argument("--dry-run", action="store_true")
        actions.add_parser("usage", help="Show the space stored files take.")

    def handle(self, *args, **options):
        if options["action"] == "remove":
            if options["days"] < 0:
                raise CommandError("--days must be 0 or more")
            total = maintenance.removable_media(options["days"]).count()
            with Progress(total, "Media", self.stderr._out) as bar:
                done = maintenance.remove_media(options["days"], dry_run=options["dry_run"], progress=bar)
            verb = "Would remove" if options["dry_run"] else "Removed"
            suffix = " (dry run)" if options["dry_run"] else ""
            self.stdout.write(f"{verb} {done['media']} unattached media ({human(done['bytes'])}){suffix}")
            return
        usage = maintenance.media_usage()
        for kind, row in usage.items():
            self.stdout.write(f"{kind.replace('_', ' ')}: {row['count']} ({human(row['bytes'])})")
        self.stdout.write("Remote media: none stored (federation is not enabled)")
