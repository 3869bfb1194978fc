"""Announcements reach the `user` streams: published, reacted to, deleted."""
import pytest

from announcements import services
from announcements.models import Announcement
from tests import factories
from tests.streaming.helpers import db, next_event, open_socket, run, settle

pytestmark = pytest.mark.django_db(transaction=True)


def test_publishing_reacting_and_deleting_are_streamed(api):
    user = factories.make_user("alice")
    token = factories.make_token(user)

    def react(announcement_id, name):
        return api.put(f"/api/v1/announcements/{announcement_id}/reactions/{name}", token=token).status_code

    async def scenario():
        socket = await open_socket("stream=user", token=token)
        await settle()
        item = await db(lambda: services.save_announcement(Announcement(text="Hello #world", published=True)))
        frame = await next_event(socket)
        assert frame["event"] == "announcement"
        assert frame["data"]["id"] == str(item.id) and frame["data"]["content"].startswith("<p>Hello")
        assert frame["data"]["read"] is False

        assert await db(react, item.id, "%F0%9F%91%8D") == 200
        frame = await next_event(socket)
        assert frame["event"] == "announcement.reaction"
        assert frame["data"] == {"name": "👍", "count": 1, "announcement_id": str(item.id)}

        item_id = str(item.id)
        await db(services.delete_announcement, item)
        frame = await next_event(socket)
        assert frame == {"stream": ["user"], "event": "announcement.delete", "payload": item_id}
        await socket.disconnect()

    run(scenario)
