"""Operator commands for local accounts, as Mastodon's `tootctl accounts`.

    manage.py accounts create USERNAME --email EMAIL [--password PASSWORD] [--confirmed] [--role ROLE]
    manage.py accounts modify USERNAME [--role ROLE | --remove-role] [--email EMAIL] [--confirm]
                                       [--approve] [--disable | --enable] [--reset-password]
    manage.py accounts delete USERNAME... [--dry-run]
    manage.py accounts approve [USERNAME... | --all | --number N]
    manage.py accounts cull [--dry-run]
    manage.py accounts backup USERNAME [--output DIR]

delete and approve go through the moderation services (same effects and audit log as the
admin API; the console acts as the system, with every right).
"""
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import roles
from accounts.models import Account, User
from accounts.services import confirmation, registration
from accounts.services.users import create_local_user, disable_user, enable_user, generate_password
from admin_api import services
from admin_api.audit import record
from admin_api.maintenance import backup_account
from admin_api.pleroma import services as pleroma_services
from fedi.errors import ValidationFailed
from fedi.progress import Progress
from statuses.models import Status


class Command(BaseCommand):
    help = "Create, modify, delete, approve, cull and back up accounts (like tootctl accounts)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{create,modify,delete,approve,cull,backup}")
        actions.required = True

        create = actions.add_parser("create", help="Create a local account and its user.")
        create.add_argument("username")
        create.add_argument("--email", required=True)
        create.add_argument("--password", help="Generated and printed when not given.")
        create.add_argument("--confirmed", action="store_true",
                            help="Skip the confirmation e-mail: the account works straight away.")
        create.add_argument("--role", help="Owner, Admin or Moderator (or another role's name).")

        modify = actions.add_parser("modify", help="Change a local user.")
        modify.add_argument("username")
        modify.add_argument("--role")
        modify.add_argument("--remove-role", action="store_true")
        modify.add_argument("--email", help="Confirmed by e-mail, unless --confirm is given too.")
        modify.add_argument("--confirm", action="store_true")
        modify.add_argument("--approve", action="store_true")
        modify.add_argument("--disable", action="store_true")
        modify.add_argument("--enable", action="store_true")
        modify.add_argument("--reset-password", action="store_true", help="Sets and prints a new password.")

        delete = actions.add_parser("delete", help="Delete local accounts and all their data.")
        delete.add_argument("usernames", nargs="+")
        delete.add_argument("--dry-run", action="store_true")
        approve = actions.add_parser("approve", help="Approve accounts waiting for approval.")
        approve.add_argument("usernames", nargs="*")
        approve.add_argument("--all", action="store_true", help="Every pending account.")
        approve.add_argument("--number", type=int, help="The N oldest pending accounts.")
        cull = actions.add_parser("cull", help="Remove remote accounts that no longer exist.")
        cull.add_argument("--dry-run", action="store_true")
        backup = actions.add_parser("backup", help="Write a zip archive of an account's data.")
        backup.add_argument("username")
        backup.add_argument("--output", help="Directory of the archive (default: DATA_DIR/backups).")

    def handle(self, *args, **options):
        getattr(self, options["action"])(options)

    def _local(self, username):
        user = (User.objects.select_related("account", "role")
                .filter(account__username__iexact=username.strip().lstrip("@"), account__domain__isnull=True).first())
        if user is None:
            raise CommandError(f"No user with such username: {username}")
        return user

    def delete(self, options):
        accounts = [self._local(name).account for name in options["usernames"]]
        if options["dry_run"]:
            self.stdout.write(f"Would delete {len(accounts)} account(s): "
                              + ", ".join(account.username for account in accounts) + " (dry run)")
            return
        deleted = pleroma_services.delete_users(None, accounts)
        self.stdout.write(f"Deleted {len(deleted)} account(s): {', '.join(deleted)}")

    def approve(self, options):
        pending = User.objects.select_related("account").filter(approved=False, account__domain__isnull=True)
        if options["usernames"]:
            users = [self._local(name) for name in options["usernames"]]
        elif options["all"]:
            users = list(pending.order_by("created_at"))
        elif options["number"] is not None:
            if options["number"] < 1:
                raise CommandError("--number must be at least 1")
            users = list(pending.order_by("created_at")[:options["number"]])
        else:
            raise CommandError("Give usernames, --all or --number N")
        approved = 0
        for user in users:
            if not user.approved:
                services.approve(None, user.account)  # each in its own transaction: re-runs go on
                approved += 1
        self.stdout.write(f"Approved {approved} account(s)")

    def cull(self, options):
        remote = Account.objects.filter(domain__isnull=False).count()
        self.stdout.write(f"{remote} remote account(s) known. Checking whether they still exist needs federation, "
                          "which is not enabled on this server: nothing to cull.")

    def backup(self, options):
        user = self._local(options["username"])
        directory = options["output"] or os.path.join(settings.DATA_DIR, "backups")
        with Progress(Status.objects.filter(account=user.account).count(), "Statuses", self.stderr._out) as bar:
            path = backup_account(user.account, directory, progress=bar)
        self.stdout.write(f"Backup of {user.account.username} written to {path}")

    def create(self, options):
        username = options["username"].strip().lstrip("@")
        email = registration.normalize_email(options["email"])
        password = options["password"]
        role = find_role(options["role"]) if options["role"] else None
        errors = ValidationFailed()
        # The sign-up rules, except that operators may hand out reserved names.
        registration.check_username(errors, username, allow_reserved=True)
        registration.check_email(errors, email)
        if password is not None:
            registration.check_password(errors, password)
        fail_if_invalid(errors)
        generated = password is None
        if generated:
            password = generate_password()

        with transaction.atomic():
            user = create_local_user(username, email, password, confirmed=options["confirmed"], role=role)
            record(None, "create", user.account, f"@{username}" + (f" ({role.name})" if role else ""))
            if not options["confirmed"]:
                confirmation.send_confirmation_after_commit(user)
        self.stdout.write("OK")
        if generated:
            self.stdout.write(f"New password: {password}")

    def modify(self, options):
        user = (User.objects.select_related("account", "role")
                .filter(account__username__iexact=options["username"].strip().lstrip("@"),
                        account__domain__isnull=True).first())
        if user is None:
            raise CommandError("No user with such username")
        if options["role"] and options["remove_role"]:
            raise CommandError("Use either --role or --remove-role, not both")
        if options["disable"] and options["enable"]:
            raise CommandError("Use either --disable or --enable, not both")

        new_password = None
        account = user.account
        with transaction.atomic():
            # The console acts as the system: every change is in the audit log, as the admin API's.
            if options["role"]:
                user.role = find_role(options["role"])
                record(None, "change_role", account, f"@{account.username}: {user.role.name}")
            if options["remove_role"]:
                user.role = None
                record(None, "change_role", account, f"@{account.username}: no role")
            if options["reset_password"]:
                new_password = generate_password()
                user.set_password(new_password)
                record(None, "reset_password", account)
            if options["email"]:
                self.change_email(user, options["email"], confirmed=options["confirm"])
                record(None, "change_email", account)
            user.save()
            if options["approve"] and not user.approved:
                services.approve(None, account)
                user.approved = True
            if options["disable"]:
                disable_user(user)  # its open streams close too
                record(None, "disable", account)
            if options["enable"]:
                enable_user(user)
                record(None, "enable", account)
            if options["confirm"] and not confirmation.confirm(user):
                raise CommandError("The new e-mail address has been taken by another user meanwhile")
        self.stdout.write("OK")
        if new_password:
            self.stdout.write(f"New password: {new_password}")

    @staticmethod
    def change_email(user, email, *, confirmed):
        email = registration.normalize_email(email)
        errors = ValidationFailed()
        registration.check_email(errors, email, except_user=user)
        fail_if_invalid(errors)
        if confirmed:  # the operator vouches for it: no e-mail round trip
            user.email = email
            user.unconfirmed_email = ""
        else:  # as Mastodon (Devise reconfirmable): the new address works once confirmed
            confirmation.request_confirmation(user, email)


def find_role(name):
    role = roles.find_role(name)
    if role is None:
        names = ", ".join(roles.role_names())
        raise CommandError(f"Cannot find user role with that name: {name} (roles: {names})")
    return role


def fail_if_invalid(errors):
    if errors:
        raise CommandError(errors.full_message)
