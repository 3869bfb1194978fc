"""manage.py search deploy: (re)build the full-text index of statuses, as `tootctl search deploy`."""
from django.core.management.base import BaseCommand, CommandError

from search.index import rebuild


class Command(BaseCommand):
    help = "Manage the full-text search index. `deploy` (re)builds it from every status."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["deploy"])
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, action, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")

        def progress(done, total):
            self.stdout.write(f"Indexed {done}/{total} statuses ({100 * done // max(total, 1)}%)")

        count = rebuild(batch_size=batch_size, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Done: {count} statuses indexed"))
