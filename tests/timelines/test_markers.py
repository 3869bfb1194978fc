"""Markers over HTTP: reading and saving positions, versions, validation, scopes, and 409
when a concurrent request moved the marker between our read and our write."""
import threading

import pytest
from django.db import connection, connections

from tests.factories import make_token, make_user
from timelines import markers
from timelines.models import Marker


@pytest.fixture
def alice(db):
    user = make_user("alice")
    user.token = make_token(user)
    return user


def save(api, user, token=None, format="form", **positions):
    data = {}
    for name, value in positions.items():
        if format == "json":
            data[name] = {"last_read_id": value}
        else:
            data[f"{name}[last_read_id]"] = value
    return api.post("/api/v1/markers", data, token=token or user.token, format=format)


def test_no_timeline_asked_gives_an_empty_hash(api, alice):
    response = api.get("/api/v1/markers", token=alice.token)
    assert response.status_code == 200 and response.json() == {}
    save(api, alice, home="5")
    assert api.get("/api/v1/markers", token=alice.token).json() == {}


def test_save_and_read(api, alice):
    response = save(api, alice, home="103194548672408537")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["home"]
    assert body["home"]["last_read_id"] == "103194548672408537" and body["home"]["version"] == 0
    assert body["home"]["updated_at"].endswith("Z")
    response = save(api, alice, format="json", home="103194548672408538", notifications="35098814")
    assert response.status_code == 200
    assert response.json()["home"]["version"] == 1
    assert response.json()["notifications"] == {**response.json()["notifications"], "last_read_id": "35098814",
                                                "version": 0}
    read = api.get("/api/v1/markers", {"timeline[]": ["home", "notifications", "public"]}, token=alice.token).json()
    assert set(read) == {"home", "notifications"}
    assert read["home"]["last_read_id"] == "103194548672408538" and read["home"]["version"] == 1
    only_home = api.get("/api/v1/markers?timeline[]=home", token=alice.token).json()
    assert list(only_home) == ["home"]
    assert list(api.get("/api/v1/markers?timeline=notifications", token=alice.token).json()) == ["notifications"]


def test_version_moves_on_each_change_only(api, alice):
    versions = [save(api, alice, home=str(value)).json()["home"]["version"] for value in (10, 20, 20, 30, 5)]
    assert versions == [0, 1, 1, 2, 3]  # the same id again changes nothing; going back is allowed
    assert markers.last_read_id(alice, "home") == 5
    assert markers.last_read_id(alice.account, "home") == 5
    assert markers.last_read_id(alice.id, "notifications") is None


def test_unknown_timelines_and_bad_ids(api, alice):
    response = api.post("/api/v1/markers", {"public[last_read_id]": "5"}, token=alice.token)
    assert response.status_code == 200 and response.json() == {}
    for bad in ("", "abc", "-1", "1.5"):
        response = save(api, alice, home=bad)
        assert response.status_code == 422, bad
        assert response.json()["error"] == "Validation failed: Last read can't be blank"
    # All or nothing: a bad notifications marker leaves home as it was
    response = save(api, alice, home="7", notifications="x")
    assert response.status_code == 422
    assert not Marker.objects.filter(user=alice).exists()


def test_markers_are_per_user(api, alice):
    bob = make_user("bob")
    bob.token = make_token(bob)
    save(api, alice, home="1")
    save(api, bob, home="2")
    assert api.get("/api/v1/markers?timeline[]=home", token=alice.token).json()["home"]["last_read_id"] == "1"
    assert api.get("/api/v1/markers?timeline[]=home", token=bob.token).json()["home"]["last_read_id"] == "2"


def test_scopes(api, alice):
    read = make_token(alice, scopes="read:statuses")
    write = make_token(alice, scopes="write:statuses")
    assert api.get("/api/v1/markers", token=read).status_code == 200
    assert save(api, alice, token=read, home="1").status_code == 403
    assert save(api, alice, token=write, home="1").status_code == 200
    assert api.get("/api/v1/markers", token=write).status_code == 403
    assert api.get("/api/v1/markers", token=make_token(alice, scopes="read:lists")).status_code == 403
    assert api.get("/api/v1/markers").status_code == 401
    assert api.post("/api/v1/markers", {"home[last_read_id]": "1"}).status_code == 401
    assert api.get("/api/v1/markers", token=make_token(None, scopes="read")).status_code == 422


@pytest.fixture
def race(monkeypatch):
    """race(action): run `action` once, between the next marker read and its write."""
    def arrange(action):
        fired = []

        def hook(user_id, timeline):
            if not fired:
                fired.append(timeline)
                action()

        monkeypatch.setattr(markers, "before_write", hook)
        return fired
    return arrange


def test_stale_update_is_a_conflict(api, alice, race):
    save(api, alice, home="10")
    race(lambda: save(api, alice, home="20"))  # another client moves the marker meanwhile
    response = save(api, alice, home="30")
    assert response.status_code == 409
    assert response.json() == {"error": "Conflict during update, please try again"}
    # (Here the other request ran inside ours, on the same connection, so it was undone
    # with it; test_parallel_writers_never_lose_an_update races real connections.)
    marker = Marker.objects.get(user=alice, timeline="home")
    assert marker.last_read_id in (10, 20)
    retried = save(api, alice, home="30")
    assert retried.status_code == 200 and retried.json()["home"]["last_read_id"] == "30"
    assert retried.json()["home"]["version"] == marker.version + 1


def test_conflict_undoes_the_whole_request(api, alice):
    save(api, alice, home="10", notifications="1")
    fired = []

    def hook(user_id, timeline):
        if timeline == "notifications" and not fired:
            fired.append(timeline)
            save(api, alice, notifications="2")

    markers.before_write = hook
    try:
        response = save(api, alice, home="11", notifications="3")
    finally:
        markers.before_write = None
    assert response.status_code == 409
    home = Marker.objects.get(user=alice, timeline="home")
    assert (home.last_read_id, home.version) == (10, 0)  # rolled back with the conflict


def test_concurrent_creation_is_a_conflict(api, alice, race):
    race(lambda: save(api, alice, home="20"))
    response = save(api, alice, home="30")
    assert response.status_code == 409 and response.json()["error"] == "Conflict during update, please try again"
    assert Marker.objects.filter(user=alice, timeline="home").count() <= 1


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_never_lose_an_update(api):
    """Real concurrent requests (PostgreSQL): each one either wins (200, the version moves
    by one) or gets 409; the final version counts the winners."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database that serves concurrent connections")
    from django.test import Client

    user = make_user("racer")
    token = make_token(user)
    save(api, user, token=token, home="1")
    results = []
    barrier = threading.Barrier(6)

    def writer(value):
        try:
            barrier.wait()
            client = Client()
            response = client.post("/api/v1/markers", f"home[last_read_id]={value}",
                                   content_type="application/x-www-form-urlencoded",
                                   HTTP_AUTHORIZATION=f"Bearer {token}")
            results.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(100 + index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(results) <= {200, 409} and results.count(200) >= 1
    marker = Marker.objects.get(user=user, timeline="home")
    assert marker.version == results.count(200)
