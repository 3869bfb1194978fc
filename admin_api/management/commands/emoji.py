"""Custom emoji from the console, as Mastodon's `tootctl emoji import|purge`:

    manage.py emoji import ARCHIVE|DIR [--prefix P] [--suffix S] [--category C] [--overwrite] [--unlisted]
    manage.py emoji purge [--remote-only]

import reads a directory or a .zip/.tar(.gz) archive of images (png, gif, webp, jpg, svg;
256 KB at most each): each becomes :PREFIX+name+SUFFIX:. Shortcodes already present are
skipped unless --overwrite, so an interrupted import is simply run again."""
from django.core.management.base import BaseCommand, CommandError

from admin_api import maintenance
from fedi.progress import Progress


class Command(BaseCommand):
    help = "Import or purge custom emoji (like tootctl emoji)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{import,purge}")
        actions.required = True
        importer = actions.add_parser("import", help="Import images as custom emoji.")
        importer.add_argument("source")
        importer.add_argument("--prefix", default="")
        importer.add_argument("--suffix", default="")
        importer.add_argument("--category")
        importer.add_argument("--overwrite", action="store_true")
        importer.add_argument("--unlisted", action="store_true", help="Not shown in the picker.")
        purge = actions.add_parser("purge", help="Delete custom emoji.")
        purge.add_argument("--remote-only", action="store_true")

    def handle(self, *args, **options):
        if options["action"] == "purge":
            removed = maintenance.purge_emoji(remote_only=options["remote_only"])
            self.stdout.write(f"Removed {removed} custom emoji")
            return
        try:
            total = sum(1 for _ in maintenance._emoji_sources(options["source"]))
            with Progress(total, "Emoji", self.stderr._out) as bar:
                done = maintenance.import_emoji(
                    options["source"], prefix=options["prefix"], suffix=options["suffix"],
                    category=options["category"], overwrite=options["overwrite"], unlisted=options["unlisted"],
                    progress=bar)
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Imported {done['imported']}, skipped {done['skipped']}, failed {done['failed']}")
