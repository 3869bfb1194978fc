"""Pleroma's timeline parameters: exclude_visibilities[], reply_visibility, instance."""
import pytest

from accounts.models import Account
from statuses.models import Status
from tests import factories


@pytest.fixture
def people(db):
    users = [factories.make_user(name) for name in ("alice", "bob", "carol")]
    for user in users:
        user.token = factories.make_token(user)
    return users


def post(api, user, **data):
    response = api.post("/api/v1/statuses", data, token=user.token)
    assert response.status_code == 200, response.content
    return response.json()["id"]


def ids(api, user, path, **query):
    response = api.get(path, query, token=user.token)
    assert response.status_code == 200, response.content
    return [status["id"] for status in response.json()]


def test_reply_visibility_and_exclude_visibilities(api, people):
    alice, bob, carol = people
    root = post(api, carol, status="root")
    to_carol = post(api, bob, status="@carol reply", in_reply_to_id=root)
    mine = post(api, alice, status="mine")
    to_alice = post(api, bob, status="@alice reply", in_reply_to_id=mine)
    everything = ids(api, alice, "/api/v1/timelines/public")
    assert set(everything) >= {root, mine}
    only_self = ids(api, alice, "/api/v1/timelines/public", reply_visibility="self")
    assert to_carol not in only_self and set(only_self) >= {root, mine}
    api.post(f"/api/v1/accounts/{carol.account.id}/follow", token=alice.token)
    assert ids(api, alice, "/api/v1/timelines/public", **{"exclude_visibilities[]": "public"}) == []
    assert api.get("/api/v1/timelines/public", {"exclude_visibilities[]": "secret"}).status_code == 400
    assert api.get("/api/v1/timelines/public", {"reply_visibility": "odd"}, token=alice.token).status_code == 400


def test_instance(api, people):
    alice = people[0]
    remote = Account.objects.create(username="zed", domain="remote.example", uri="https://remote.example/users/zed")
    far = Status.objects.create(account=remote, local=False, text="far", content="<p>far</p>", visibility="public",
                                uri="https://remote.example/s/1")
    near = post(api, alice, status="near")
    assert ids(api, alice, "/api/v1/timelines/public", instance="remote.example") == [str(far.id)]
    assert near in ids(api, alice, "/api/v1/timelines/public")
