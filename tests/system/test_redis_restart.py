"""Production survives Redis restarting: open streams are closed cleanly (WebSocket close
frame / end of the SSE body), the clients reconnect and get new events, the web processes'
connection pools recover, and the home feeds (kept in Redis) lose nothing."""
import secrets
import time

from tests.system.clients import SSEStream, WebSocketStream, status_with
from tests.system.conftest import record

RECONNECT_SECONDS = 30


def test_streams_and_feeds_survive_a_redis_restart(production):
    reader, author = production.users(2)
    reader.account_follow(author.account_verify_credentials()["id"])
    reader.timeline_home()
    ws = WebSocketStream(production, reader.access_token, [("user", {})], reconnect=True)
    sse = SSEStream(reader, "stream_user", reconnect=True)
    try:
        before = author.status_post("before the restart " + secrets.token_hex(3))
        assert ws.wait_for(status_with(before["content"][3:-4]), 5) is not None
        assert sse.wait_for(status_with(before["content"][3:-4]), 5) is not None

        restarted_at = time.monotonic()
        production.redis.restart(down_seconds=2)
        back_at = time.monotonic()

        deadline = back_at + RECONNECT_SECONDS
        while time.monotonic() < deadline and (ws.connects < 2 or sse.connects < 2):
            time.sleep(0.2)
        assert ws.connects >= 2, f"the WebSocket did not reconnect; closes: {ws.closes}"
        assert sse.connects >= 2, "the SSE stream did not reconnect"
        # The socket was closed with a close frame, not dropped.
        assert ws.closes and ws.closes[0][1] is not None, ws.closes
        record("production", "Redis restart: WebSocket close code, reconnects", f"{ws.closes[0][1]}, {ws.connects - 1}")
        record("production", "Redis restart: SSE reconnects", sse.connects - 1)
        record("production", "Redis restart: streams back after Redis was back", time.monotonic() - back_at, "s")

        # New events reach the reconnected streams (after a subscription is live again).
        text = "after the restart " + secrets.token_hex(3)
        posted_at = time.monotonic()
        after = None
        while after is None and time.monotonic() < deadline:
            try:
                after = author.status_post(text)
            except Exception:  # noqa: BLE001 - the web processes' pools reconnecting
                time.sleep(0.5)
        assert after is not None, "posting failed after Redis came back"
        for name, stream in (("WebSocket", ws), ("SSE", sse)):
            hit = stream.wait_for(status_with(text), 10, since=posted_at)
            exited = [process.name for process in production.processes if not process.alive()]
            assert hit is not None, f"{name}: no update after the restart; events: {stream.names()}; exited: {exited}"
            record("production", f"Redis restart: {name} update latency after it", hit[0] - posted_at, "s")

        # Every process lived through it (Celery 5.7.0's worker exited on the lost broker).
        dead = [process.name for process in production.processes if not process.alive()]
        assert not dead, f"exited during the Redis restart: {dead}"

        home = [str(status["id"]) for status in reader.timeline_home(limit=10)]
        assert str(before["id"]) in home and str(after["id"]) in home, home
        record("production", "Redis restart: total time from kill to streams back",
               time.monotonic() - restarted_at, "s")
    finally:
        ws.close()
        sse.close()
