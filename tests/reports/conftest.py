import pytest
from django.db import transaction

from statuses.services.posting import create_status
from tests.factories import make_token, make_user


@pytest.fixture
def reporter(db):
    return make_user("reporter")


@pytest.fixture
def reporter_token(reporter):
    return make_token(reporter, scopes="read write")


@pytest.fixture
def target(db):
    return make_user("spammer")


def post(account, text="hello", visibility="public"):
    with transaction.atomic():
        return create_status(account, text=text, spoiler_text="", visibility=visibility, sensitive=False,
                             language=None)
