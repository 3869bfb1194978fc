"""GET /api/v1/accounts/relationships and familiar_followers, the RelationshipMap."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Account
from relationships import services
from relationships.queries import RelationshipMap
from tests.factories import make_token

NOTHING = {"following": False, "showing_reblogs": False, "notifying": False, "languages": None,
           "followed_by": False, "blocking": False, "blocked_by": False, "muting": False,
           "muting_notifications": False, "muting_expires_at": None, "requested": False, "requested_by": False,
           "domain_blocking": False, "endorsed": False, "note": "",
           "subscribing": False}  # Pleroma's older name of notifying


def get(api, viewer, ids, **extra):
    return api.get("/api/v1/accounts/relationships", {"id[]": ids, **extra}, token=viewer.token)


def test_no_relationship(api, alice, bob):
    response = get(api, alice, [bob.id])
    assert response.status_code == 200
    assert response.json() == [{"id": str(bob.id), **NOTHING}]


def test_every_field(api, alice, bob):
    services.follow(alice.account, bob.account, reblogs=False, notify=True, languages=["en"])
    services.follow(bob.account, alice.account)
    services.pin(alice.account, bob.account)
    services.mute(alice.account, bob.account, notifications=False)
    services.set_note(alice.account, bob.account, "note")
    (body,) = get(api, alice, [bob.id]).json()
    assert body == {**NOTHING, "id": str(bob.id), "following": True, "notifying": True, "subscribing": True,
                    "languages": ["en"],
                    "followed_by": True, "muting": True, "endorsed": True, "note": "note"}


def test_order_follows_the_request_and_unknown_ids_are_left_out(api, alice, bob, carol):
    ids = [carol.id, 123, bob.id, carol.id]
    response = get(api, alice, ids)
    assert [item["id"] for item in response.json()] == [str(carol.id), str(bob.id)]
    # A single id without brackets works too
    response = api.get("/api/v1/accounts/relationships", {"id": bob.id}, token=alice.token)
    assert [item["id"] for item in response.json()] == [str(bob.id)]
    assert api.get("/api/v1/accounts/relationships", token=alice.token).json() == []


def test_suspended_accounts_only_with_suspended(api, alice, bob):
    Account.objects.filter(pk=bob.id).update(suspended_at=timezone.now())
    assert get(api, alice, [bob.id]).json() == []
    assert [item["id"] for item in get(api, alice, [bob.id], with_suspended="true").json()] == [str(bob.id)]


def test_bad_ids(api, alice):
    response = get(api, alice, ["abc"])
    assert response.status_code == 400
    assert "id" in response.json()["error"]


def test_access(api, alice, bob):
    assert get(api, type("Anonymous", (), {"token": None})(), [bob.id]).status_code == 401
    response = api.get("/api/v1/accounts/relationships", {"id[]": [bob.id]},
                       token=make_token(alice.user, scopes="write"))
    assert response.status_code == 403
    response = api.get("/api/v1/accounts/relationships", {"id[]": [bob.id]}, token=make_token(None, scopes="read"))
    assert response.status_code == 422
    assert api.get("/api/v1/accounts/relationships", {"id[]": [bob.id]},
                   token=make_token(alice.user, scopes="read:follows")).status_code == 200


def test_constant_number_of_queries(api, alice, person, remote):
    others = [person(f"other{index}") for index in range(30)]
    for index, other in enumerate(others):
        if index % 2:
            services.follow(alice.account, other.account)
        if index % 3 == 0:
            services.block(other.account, alice.account)
        if index % 5 == 0:
            services.mute(alice.account, other.account)
    ids = [other.id for other in others]

    def queries_for(some_ids):
        with CaptureQueriesContext(connection) as captured:
            response = get(api, alice, some_ids)
        assert len(response.json()) == len(some_ids)
        return len(captured)

    few = queries_for(ids[:3])
    assert queries_for(ids) == few


def test_relationship_map_in_python(alice, bob, carol):
    services.follow(alice.account, bob.account)
    relationships = RelationshipMap(alice.account, [bob.id, carol.id, bob.id])
    assert [item.id for item in relationships] == [bob.id, carol.id]
    assert relationships[bob.id].following is not None and relationships[carol.id].following is None


# familiar_followers

def test_familiar_followers(api, alice, bob, carol, person):
    dave, erin = person("dave"), person("erin")
    # alice follows bob and carol; bob and carol follow dave; only bob follows erin
    for follower, followed in [(alice, bob), (alice, carol), (bob, dave), (carol, dave), (bob, erin)]:
        services.follow(follower.account, followed.account)
    response = api.get("/api/v1/accounts/familiar_followers", {"id[]": [dave.id, erin.id, alice.id, 123]},
                       token=alice.token)
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body] == [str(dave.id), str(erin.id), str(alice.id)]
    assert sorted(account["id"] for account in body[0]["accounts"]) == sorted([str(bob.id), str(carol.id)])
    assert [account["id"] for account in body[1]["accounts"]] == [str(bob.id)]
    assert body[2]["accounts"] == []  # yourself

    # Accounts hiding their collections: none shown for them, and they are not shown as familiar
    Account.objects.filter(pk=erin.id).update(hide_collections=True)
    Account.objects.filter(pk=carol.id).update(hide_collections=True)
    body = api.get("/api/v1/accounts/familiar_followers", {"id[]": [dave.id, erin.id]}, token=alice.token).json()
    assert [account["id"] for account in body[0]["accounts"]] == [str(bob.id)]
    assert body[1]["accounts"] == []


def test_familiar_followers_access(api, alice, bob):
    assert api.get("/api/v1/accounts/familiar_followers", {"id[]": [bob.id]}).status_code == 401
    response = api.get("/api/v1/accounts/familiar_followers", {"id[]": [bob.id]},
                       token=make_token(alice.user, scopes="write"))
    assert response.status_code == 403
    assert api.get("/api/v1/accounts/familiar_followers", {"id[]": ["x"]}, token=alice.token).status_code == 400


def test_familiar_followers_queries_are_constant(api, alice, person):
    targets = [person(f"target{index}") for index in range(8)]
    friends = [person(f"friend{index}") for index in range(8)]
    for friend in friends:
        services.follow(alice.account, friend.account)
        for target in targets:
            services.follow(friend.account, target.account)

    def queries_for(some):
        with CaptureQueriesContext(connection) as captured:
            body = api.get("/api/v1/accounts/familiar_followers", {"id[]": [t.id for t in some]},
                           token=alice.token).json()
        assert all(len(item["accounts"]) == 8 for item in body)
        return len(captured)

    assert queries_for(targets) == queries_for(targets[:1])
