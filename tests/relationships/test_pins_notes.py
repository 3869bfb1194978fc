"""Endorsements (pin/unpin, endorse/unendorse) and private notes."""
import pytest

from tests.relationships.conftest import act


@pytest.mark.parametrize("pin,unpin", [("pin", "unpin"), ("endorse", "unendorse")])
def test_endorse_only_accounts_you_follow(api, alice, bob, pin, unpin):
    response = act(api, alice, bob, pin)
    assert response.status_code == 422
    assert response.json() == {
        "error": "Validation failed: You must be already following the person you want to endorse"}
    act(api, alice, bob, "follow")
    response = act(api, alice, bob, pin)
    assert response.status_code == 200 and response.json()["endorsed"] is True
    assert act(api, alice, bob, pin).json()["endorsed"] is True  # idempotent
    assert [item["id"] for item in api.get("/api/v1/endorsements", token=alice.token).json()] == [str(bob.id)]
    response = act(api, alice, bob, unpin)
    assert response.status_code == 200 and response.json()["endorsed"] is False
    assert api.get("/api/v1/endorsements", token=alice.token).json() == []


def test_an_accounts_endorsements_are_public(api, alice, bob, carol):
    act(api, alice, bob, "follow")
    act(api, alice, bob, "pin")
    response = api.get(f"/api/v1/accounts/{alice.id}/endorsements")
    assert [item["id"] for item in response.json()] == [str(bob.id)]
    # Hidden from an account the owner blocks
    act(api, alice, carol, "block")
    assert api.get(f"/api/v1/accounts/{alice.id}/endorsements", token=carol.token).json() == []
    assert api.get("/api/v1/accounts/123/endorsements").status_code == 404


def test_note(api, alice, bob, rel):
    response = act(api, alice, bob, "note", {"comment": "met at the conference"})
    assert response.status_code == 200
    assert response.json()["note"] == "met at the conference"
    assert rel(alice, bob)["note"] == "met at the conference"
    assert rel(bob, alice)["note"] == ""  # private to its author
    assert act(api, alice, bob, "note", {"comment": "changed"}).json()["note"] == "changed"
    assert act(api, alice, bob, "note", {"comment": ""}).json()["note"] == ""
    act(api, alice, bob, "note", {"comment": "again"})
    assert act(api, alice, bob, "note").json()["note"] == ""  # leaving it out clears it too


def test_note_too_long(api, alice, bob):
    response = act(api, alice, bob, "note", {"comment": "x" * 2001})
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: Comment is too long (maximum is 2000 characters)"
    assert act(api, alice, bob, "note", {"comment": "x" * 2000}).status_code == 200


def test_pin_and_note_on_unknown_accounts(api, alice):
    for action in ("pin", "unpin", "endorse", "unendorse", "note"):
        assert act(api, alice, 123, action).status_code == 404
