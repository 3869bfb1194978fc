"""Direct conversations: created as messages arrive, unread / last_status kept right,
read, delete, pagination by last status, privacy."""
import pytest

from feeds.models import AccountConversation
from tests.timelines.feeds_helpers import (act, alice, api, bob, carol, dave, delete_status, get, ids,  # noqa: F401
                                           links, post, query_of)

CONVERSATIONS = "/api/v1/conversations"


def conversations(api, who, **params):
    return get(api, who, CONVERSATIONS, params).json()


def test_a_direct_message_starts_a_conversation_for_each_participant(api, alice, bob, carol):
    message = post(api, alice, "@bob @carol secret", visibility="direct")
    (mine,) = conversations(api, alice)
    assert mine["unread"] is False
    assert mine["last_status"]["id"] == message["id"]
    assert sorted(account["username"] for account in mine["accounts"]) == ["bob", "carol"]
    (theirs,) = conversations(api, bob)
    assert theirs["unread"] is True
    assert theirs["id"] != mine["id"]
    assert sorted(account["username"] for account in theirs["accounts"]) == ["alice", "carol"]
    assert theirs["last_status"]["id"] == message["id"]
    assert conversations(api, carol)[0]["unread"] is True


def test_replies_update_last_status_and_unread(api, alice, bob):
    first = post(api, alice, "@bob hi", visibility="direct")
    (conversation,) = conversations(api, bob)
    read = api.post(f"{CONVERSATIONS}/{conversation['id']}/read", token=bob.token)
    assert read.status_code == 200, read.content
    assert read.json()["unread"] is False
    assert read.json()["last_status"]["id"] == first["id"]
    reply = post(api, bob, "@alice hello", visibility="direct", in_reply_to_id=first["id"])
    (conversation,) = conversations(api, bob)
    assert conversation["unread"] is False  # one's own message leaves it read
    assert conversation["last_status"]["id"] == reply["id"]
    (for_alice,) = conversations(api, alice)
    assert for_alice["unread"] is True
    assert for_alice["last_status"]["id"] == reply["id"]
    # Deleting the last message brings the previous one back; deleting all ends it.
    delete_status(api, bob, reply)
    assert conversations(api, alice)[0]["last_status"]["id"] == first["id"]
    delete_status(api, alice, first)
    assert conversations(api, alice) == []
    assert conversations(api, bob) == []


def test_other_participants_make_another_conversation(api, alice, bob, carol):
    post(api, alice, "@bob one", visibility="direct")
    post(api, alice, "@bob @carol two", visibility="direct")
    assert len(conversations(api, alice)) == 2
    assert len(conversations(api, bob)) == 2


def test_a_message_to_oneself(api, alice):
    post(api, alice, "note to self", visibility="direct")
    (conversation,) = conversations(api, alice)
    assert [account["id"] for account in conversation["accounts"]] == [str(alice.id)]


def test_non_direct_statuses_start_none(api, alice, bob):
    post(api, alice, "@bob public")
    post(api, alice, "@bob private", visibility="private")
    assert conversations(api, bob) == []
    assert conversations(api, alice) == []


def test_blocked_or_muted_senders_do_not_reach(api, alice, bob, carol):
    act(api, bob, alice, "block")
    act(api, carol, alice, "mute")
    post(api, alice, "@bob @carol hello", visibility="direct")
    assert conversations(api, bob) == []
    assert conversations(api, carol) == []
    assert len(conversations(api, alice)) == 1


def test_delete_and_read_only_ones_own(api, alice, bob, carol):
    post(api, alice, "@bob hi", visibility="direct")
    (conversation,) = conversations(api, bob)
    path = f"{CONVERSATIONS}/{conversation['id']}"
    assert api.post(f"{path}/read", token=carol.token).status_code == 404
    assert api.delete(path, token=carol.token).status_code == 404
    assert api.delete(f"{CONVERSATIONS}/nope", token=bob.token).status_code == 404
    response = api.delete(path, token=bob.token)
    assert response.status_code == 200 and response.json() == {}
    assert conversations(api, bob) == []
    assert len(conversations(api, alice)) == 1
    post(api, alice, "@bob are you there?", visibility="direct")  # a new message brings it back
    assert conversations(api, bob)[0]["unread"] is True


def test_access(api, alice):
    from tests.factories import make_token

    assert api.get(CONVERSATIONS).status_code == 401
    assert api.get(CONVERSATIONS, token=make_token(alice.user, "read:statuses")).status_code == 200
    assert api.get(CONVERSATIONS, token=make_token(alice.user, "write")).status_code == 403
    post(api, alice, "self", visibility="direct")
    row = AccountConversation.objects.get(account=alice.account)
    read_only = make_token(alice.user, "read")
    assert api.post(f"{CONVERSATIONS}/{row.id}/read", token=read_only).status_code == 403
    assert api.post(f"{CONVERSATIONS}/{row.id}/read", token=make_token(alice.user, "write:conversations")
                    ).status_code == 200


def test_pagination_by_last_status(api, alice, bob, carol, dave):
    first = post(api, alice, "@bob 1", visibility="direct")
    post(api, alice, "@carol 2", visibility="direct")
    post(api, alice, "@dave 3", visibility="direct")
    post(api, alice, "@bob again", visibility="direct", in_reply_to_id=first["id"])  # bob's thread is newest now
    page = get(api, alice, CONVERSATIONS, {"limit": 2})
    names = [[account["username"] for account in item["accounts"]] for item in page.json()]
    assert names == [["bob"], ["dave"]]
    nav = links(page)
    assert query_of(nav["next"])["max_id"] == page.json()[1]["last_status"]["id"]
    assert query_of(nav["prev"])["min_id"] == page.json()[0]["last_status"]["id"]
    rest = get(api, alice, CONVERSATIONS, query_of(nav["next"])).json()
    assert [[account["username"] for account in item["accounts"]] for item in rest] == [["carol"]]


@pytest.mark.parametrize("count", [2, 20])
def test_query_count_is_constant(api, alice, bob, carol, count, django_assert_max_num_queries):
    for n in range(count):
        post(api, alice, f"@bob @carol #{n} message {n}", visibility="direct")
        post(api, alice, f"@bob only {n}", visibility="direct")
    with django_assert_max_num_queries(16):
        response = get(api, bob, CONVERSATIONS, {"limit": 40})
    assert len(response.json()) == 2 * count
