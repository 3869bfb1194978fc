"""Instance settings from the console, as Mastodon's `tootctl settings registrations`:

    manage.py settings registrations open|approved|close"""
from django.core.management.base import BaseCommand

from admin_api.pleroma import services

MODES = {"open": "open", "approved": "approved", "close": "none"}


class Command(BaseCommand):
    help = "Change instance settings (like tootctl settings)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="setting", metavar="{registrations}")
        actions.required = True
        registrations = actions.add_parser("registrations", help="Who may sign up.")
        registrations.add_argument("mode", choices=list(MODES))

    def handle(self, *args, **options):
        site = services.update_site_settings(None, registrations_mode=MODES[options["mode"]])
        self.stdout.write(f"OK: registrations are now {dict(site.REGISTRATION_MODES)[site.registrations_mode].lower()}")
