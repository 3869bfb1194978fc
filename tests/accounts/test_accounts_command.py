"""manage.py accounts create/modify (Mastodon's tootctl accounts)."""
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import User
from tests.factories import make_token, make_user


@pytest.fixture
def run(db, django_capture_on_commit_callbacks):
    """Runs the command; returns its stdout (CommandError propagates)."""

    def call(*args):
        out, err = StringIO(), StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("accounts", *args, stdout=out, stderr=err)
        assert err.getvalue() == ""
        return out.getvalue()

    return call


def new_password(output):
    lines = [line for line in output.splitlines() if line.startswith("New password: ")]
    assert len(lines) == 1, output
    return lines[0].removeprefix("New password: ")


def user_named(username):
    return User.objects.select_related("account", "role").get(account__username=username)


def test_create_with_a_generated_password(run):
    output = run("create", "operator", "--email", "Op@Example.com", "--confirmed", "--role", "Owner")
    assert output.startswith("OK")
    password = new_password(output)
    user = user_named("operator")
    assert user.email == "op@example.com"
    assert user.is_confirmed and user.approved and user.role.name == "Owner"
    assert user.check_password(password) and len(password) >= 12
    assert mail.outbox == []


def test_create_with_a_password_prints_none(run):
    output = run("create", "bob", "--email", "bob@example.com", "--password", "s3cret-enough")
    assert "New password" not in output
    assert user_named("bob").check_password("s3cret-enough")


def test_create_unconfirmed_sends_the_confirmation_email(run):
    run("create", "carol", "--email", "carol@example.com")
    user = user_named("carol")
    assert not user.is_confirmed and user.role is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["carol@example.com"]
    assert user.confirmation_token in mail.outbox[0].body


def test_operators_may_use_reserved_names(run):
    run("create", "admin", "--email", "admin@example.com", "--confirmed", "--role", "admin")
    assert user_named("admin").role.name == "Admin"


@pytest.mark.parametrize("args, message", [
    (["bad name", "--email", "x@example.com"], "Username must contain only letters, numbers and underscores"),
    (["x" * 31, "--email", "x@example.com"], "Username is too long (maximum is 30 characters)"),
    (["taken", "--email", "x@example.com"], "Username has already been taken"),
    (["TAKEN", "--email", "x@example.com"], "Username has already been taken"),
    (["fresh", "--email", "taken@example.com"], "Email has already been taken"),
    (["fresh", "--email", "nope"], "Email is invalid"),
    (["fresh", "--email", "x@example.com", "--password", "short"], "Password is too short"),
    (["fresh", "--email", "x@example.com", "--role", "Overlord"], "Cannot find user role with that name"),
])
def test_create_refuses_invalid_input(run, args, message):
    make_user("taken", email="taken@example.com")
    with pytest.raises(CommandError) as error:
        run("create", *args)
    assert message in str(error.value)
    assert not User.objects.filter(account__username="fresh").exists()


def test_create_reports_every_problem(run):
    make_user("taken", email="taken@example.com")
    with pytest.raises(CommandError) as error:
        run("create", "taken", "--email", "TAKEN@example.com", "--password", "short")
    assert str(error.value) == ("Validation failed: Username has already been taken, Email has already been "
                                "taken, Password is too short (minimum is 8 characters)")


def test_create_needs_an_email(run):
    with pytest.raises(CommandError, match="--email"):
        run("create", "nomail")


def test_needs_a_subcommand(run):
    with pytest.raises(CommandError):
        run()
    with pytest.raises(CommandError):
        run("destroy", "someone")


def test_modify_roles(run):
    make_user("dave")
    run("modify", "dave", "--role", "Moderator")
    assert user_named("dave").role.name == "Moderator"
    run("modify", "@DAVE", "--remove-role")
    assert user_named("dave").role is None
    with pytest.raises(CommandError, match="Cannot find user role"):
        run("modify", "dave", "--role", "Nobody")
    with pytest.raises(CommandError, match="not both"):
        run("modify", "dave", "--role", "Admin", "--remove-role")


def test_modify_unknown_user(run):
    with pytest.raises(CommandError, match="No user with such username"):
        run("modify", "ghost", "--approve")


def test_modify_confirm_approve_disable_enable(api, run):
    user = make_user("erin", confirmed=False, approved=False)
    token = make_token(user)
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code == 403
    run("modify", "erin", "--confirm", "--approve")
    user = user_named("erin")
    assert user.is_confirmed and user.approved and user.confirmation_token is None
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code == 200
    run("modify", "erin", "--disable")
    assert user_named("erin").disabled
    assert api.get("/api/v1/accounts/verify_credentials", token=token).status_code == 403
    run("modify", "erin", "--enable")
    assert not user_named("erin").disabled
    with pytest.raises(CommandError, match="not both"):
        run("modify", "erin", "--enable", "--disable")


def test_modify_reset_password(run):
    make_user("frank")
    password = new_password(run("modify", "frank", "--reset-password"))
    user = user_named("frank")
    assert user.check_password(password) and not user.check_password("correct horse battery staple")


def test_modify_email_waits_for_confirmation(run, db):
    make_user("gina", email="gina@example.com")
    run("modify", "gina", "--email", "gina@new.example")
    user = user_named("gina")
    assert user.email == "gina@example.com" and user.unconfirmed_email == "gina@new.example"
    assert user.is_confirmed  # the old address keeps working meanwhile
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["gina@new.example"]


def test_modify_email_with_confirm(run):
    make_user("hank", email="hank@example.com")
    run("modify", "hank", "--email", "hank@new.example", "--confirm")
    user = user_named("hank")
    assert user.email == "hank@new.example" and user.unconfirmed_email == ""
    assert mail.outbox == []


def test_modify_email_refuses_invalid_or_taken(run):
    make_user("ivan", email="ivan@example.com")
    make_user("judy", email="judy@example.com")
    with pytest.raises(CommandError, match="Email has already been taken"):
        run("modify", "ivan", "--email", "JUDY@example.com")
    with pytest.raises(CommandError, match="Email is invalid"):
        run("modify", "ivan", "--email", "broken", "--approve")
    assert user_named("ivan").email == "ivan@example.com"


def test_create_and_modify_are_in_the_audit_log(run):
    from admin_api.models import AuditLogEntry

    run("create", "ivy", "--email", "ivy@example.com", "--confirmed", "--role", "Moderator")
    make_user("jack", approved=False)
    run("modify", "jack", "--role", "Admin", "--approve", "--disable", "--reset-password")
    run("modify", "jack", "--enable", "--remove-role")
    entries = list(AuditLogEntry.objects.order_by("id").values_list("action", "summary"))
    assert entries[0] == ("create", "@ivy (Moderator)")
    assert [action for action, _ in entries[1:]] == ["change_role", "reset_password", "approve", "disable", "change_role",
                                                     "enable"]
    assert user_named("jack").approved and not user_named("jack").disabled and user_named("jack").role is None
    assert all(entry.account_id is None for entry in AuditLogEntry.objects.all())  # the console acts as the system
