"""Home and list feeds from the console, as Mastodon's `tootctl feeds build|clear`:

    manage.py feeds build [USERNAME... | --all]
    manage.py feeds clear [USERNAME... | --all]

build regenerates each feed from the database (what a returning user gets); clear empties
them (they are rebuilt when their owner comes back). One account at a time: interrupted,
it is simply run again."""
from django.core.management.base import BaseCommand, CommandError

from admin_api import maintenance
from fedi.progress import Progress


class Command(BaseCommand):
    help = "Build or clear home and list feeds (like tootctl feeds)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{build,clear}")
        actions.required = True
        for name, text in (("build", "Rebuild feeds from the database."), ("clear", "Empty feeds.")):
            action = actions.add_parser(name, help=text)
            action.add_argument("usernames", nargs="*")
            action.add_argument("--all", action="store_true", help="Every local account.")

    def handle(self, *args, **options):
        if not options["usernames"] and not options["all"]:
            raise CommandError("Give usernames or --all")
        accounts = maintenance.local_accounts(options["usernames"] or None)
        total = accounts.count()
        if options["usernames"] and total < len(set(options["usernames"])):
            raise CommandError("No local account with such username")
        work = maintenance.build_feeds if options["action"] == "build" else maintenance.clear_feeds
        with Progress(total, "Accounts", self.stderr._out) as bar:
            count = work(accounts, progress=bar)
        verb = "Built" if options["action"] == "build" else "Cleared"
        self.stdout.write(f"{verb} the home and list feeds of {count} account(s)")
