"""Pleroma's registration parameters on POST /api/v1/accounts: fullname, bio, birthday."""
from accounts.models import User
from tests.accounts.conftest import app_token, register  # noqa: F401


def test_fullname_bio_and_birthday(register):
    response = register(fullname="New Bie", bio="Hello, I am #new", birthday="1990-03-14")
    assert response.status_code == 200, response.content
    account = User.objects.get(email="newbie@example.com").account
    assert (account.display_name, account.note, str(account.birthday)) == ("New Bie", "Hello, I am #new",
                                                                            "1990-03-14")


def test_invalid_profile_makes_no_account(register):
    response = register(birthday="not a date")
    assert response.status_code == 422 and "birthday" in response.json()["details"]
    assert not User.objects.filter(email="newbie@example.com").exists()
    assert register(fullname="x" * 500).status_code == 422
    assert not User.objects.filter(email="newbie@example.com").exists()
