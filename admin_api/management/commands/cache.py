"""The cache from the console, as Mastodon's `tootctl cache clear`:

    manage.py cache clear

Only this installation's cache keys: the feeds, the channel layer and the task queue that
may share Redis are left alone."""
from django.core.management.base import BaseCommand

from admin_api import maintenance


class Command(BaseCommand):
    help = "Clear the cache (like tootctl cache clear)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{clear}")
        actions.required = True
        actions.add_parser("clear", help="Empty the cache.")

    def handle(self, *args, **options):
        self.stdout.write(f"Cleared {maintenance.clear_cache()}")
