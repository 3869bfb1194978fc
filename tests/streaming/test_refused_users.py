"""Disabling or suspending a user closes their open streaming connections (WebSocket and
server-sent events), through the service functions every path uses (admin API, Django
admin, manage.py accounts), and their tokens open no new ones."""
import asyncio

import pytest

from accounts.services.users import disable_user, suspend_account
from admin_api.services import take_action
from tests import factories
from tests.streaming.helpers import TIMEOUT, EventStream, db, open_socket, run, websocket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def alice():
    return factories.make_user("alice")


@pytest.fixture
def alice_token(alice):
    return factories.make_token(alice)


def owner_takes_action(target, type):
    owner = factories.make_user("owner", role="Owner")
    take_action(owner.account, target.account, type)


def by_command(user):
    from django.core.management import call_command

    call_command("accounts", "modify", user.account.username, "--disable")


WAYS = {
    "disable_user": lambda user: disable_user(user),
    "suspend_account": lambda user: suspend_account(user.account),
    "admin_api_disable": lambda user: owner_takes_action(user, "disable"),
    "admin_api_suspend": lambda user: owner_takes_action(user, "suspend"),
    "manage.py": by_command,
}


@pytest.mark.parametrize("way", list(WAYS))
def test_a_websocket_closes_when_its_user_is_refused(alice, alice_token, way):
    second_token = factories.make_token(alice)  # another app's token: closed too

    async def scenario():
        socket = await open_socket("stream=user", token=alice_token)
        other = await open_socket("stream=public", token=second_token)
        await db(WAYS[way], alice)
        for connection in (socket, other):
            closed = await connection.receive_output(TIMEOUT)
            assert closed["type"] == "websocket.close"
        connected, code = await websocket("stream=public", token=alice_token).connect()
        assert not connected and code == 4401

    run(scenario)


@pytest.mark.parametrize("way", ["disable_user", "suspend_account"])
def test_a_server_sent_event_stream_ends_when_its_user_is_refused(alice, alice_token, way):
    async def scenario():
        stream = await EventStream("/api/v1/streaming/user", token=alice_token).open()
        await db(WAYS[way], alice)
        while True:  # heartbeats may come first; the body then ends
            message = await stream.communicator.receive_output(TIMEOUT)
            if not message.get("more_body"):
                break
        await asyncio.wait_for(stream.communicator.wait(TIMEOUT), TIMEOUT * 2)

    run(scenario)


def test_another_users_streams_stay_open(alice, alice_token):
    bob = factories.make_user("bob")

    async def scenario():
        socket = await open_socket("stream=user", token=alice_token)
        await db(disable_user, bob)
        assert await socket.receive_nothing(0.5)
        await socket.disconnect()

    run(scenario)
