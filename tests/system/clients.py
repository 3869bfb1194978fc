"""Stream clients for the system suite: a raw WebSocket client (the `websockets` package)
and Mastodon.py's server-sent events, both recording every event with the time it arrived,
and reconnecting (counted) when asked to."""
import json
import logging
import threading
import time
from urllib.parse import urlencode

from mastodon import StreamListener
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect


class Recorder:
    """Events as (monotonic arrival time, stream, event name, payload)."""

    def __init__(self):
        self.events = []
        self.cond = threading.Condition()

    def add(self, stream, event, payload):
        with self.cond:
            self.events.append((time.monotonic(), stream, event, payload))
            self.cond.notify_all()

    def wait_for(self, predicate, timeout, since=0.0):
        """The first event after `since` (a monotonic time) matching predicate(event, payload,
        stream), or None after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for at, stream, event, payload in self.events:
                    if at >= since and predicate(event, payload, stream):
                        return at, stream, event, payload
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self.cond.wait(remaining)

    def names(self):
        with self.cond:
            return [event for _, _, event, _ in self.events]


def status_with(text):
    """A predicate: an `update` whose status content contains text."""
    return lambda event, payload, stream: event == "update" and text in payload.get("content", "")


def notification_of(kind, text=None):
    def predicate(event, payload, stream):
        return (event == "notification" and payload.get("type") == kind
                and (text is None or text in (payload.get("status") or {}).get("content", "")))
    return predicate


class _PingCounter(logging.Handler):
    """Counts the ping frames the server sends (websockets logs every frame at debug level)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.pings = 0

    def emit(self, record):
        if record.getMessage().startswith("< PING"):
            self.pings += 1


class WebSocketStream(Recorder):
    """GET /api/v1/streaming as a WebSocket, subscribed to `streams` ([(name, params)]).
    No client pings: an idle socket stays open only if the server keeps it so; `pings`
    counts the server's heartbeats."""

    def __init__(self, deployment, token, streams, reconnect=False):
        super().__init__()
        first, params = streams[0]
        query = {"access_token": token, "stream": first, **params}
        self.url = f"{deployment.ws_url}/api/v1/streaming?{urlencode(query)}"
        self.more = streams[1:]
        self.reconnect = reconnect
        self.connects = 0
        self.closes = []  # (monotonic time, close code received or None: no close frame)
        self.ws = None
        self.stopping = threading.Event()
        self.connected = threading.Event()
        self.ping_counter = _PingCounter()
        self.logger = logging.getLogger(f"system.ws.{id(self)}")
        self.logger.setLevel(logging.DEBUG)
        self.logger.propagate = False
        self.logger.addHandler(self.ping_counter)
        self.thread = threading.Thread(target=self._run, daemon=True, name="ws-stream")
        self.thread.start()
        if not self.connected.wait(30):
            raise AssertionError(f"WebSocket {self.url} did not open: {self.closes}")

    def _subscribe_more(self, ws):
        for name, params in self.more:
            ws.send(json.dumps({"type": "subscribe", "stream": name, **params}))
        if self.more:
            # Messages are handled in order: once this refusal comes back, every
            # subscription before it is live.
            ws.send(json.dumps({"type": "subscribe", "stream": "no-such-stream-sync"}))
            while True:
                frame = json.loads(ws.recv(timeout=30))
                if "error" in frame:
                    return
                self._record(frame)

    def _record(self, frame):
        if "event" not in frame:
            return
        payload = frame.get("payload")
        if isinstance(payload, str):
            try:
                payload = json.loads(payload)
            except ValueError:
                pass
        self.add(tuple(frame.get("stream") or ()), frame["event"], payload)

    def _run(self):
        while not self.stopping.is_set():
            code = None
            try:
                with connect(self.url, ping_interval=None, open_timeout=15, close_timeout=2,
                             max_size=2 ** 22, logger=self.logger) as ws:
                    self.ws = ws
                    self._subscribe_more(ws)
                    self.connects += 1
                    self.connected.set()
                    try:
                        for raw in ws:
                            self._record(json.loads(raw))
                    except ConnectionClosed:
                        pass
                    close = ws.protocol.close_rcvd
                    code = close.code if close is not None else None
            except ConnectionClosed as error:
                code = error.rcvd.code if error.rcvd is not None else None
            except (OSError, TimeoutError) as error:
                code = f"connect failed: {type(error).__name__}"
            except Exception as error:  # noqa: BLE001 - a refused handshake (503 while Redis is down...)
                code = f"connect failed: {type(error).__name__}: {error}"
            self.closes.append((time.monotonic(), code))
            if not self.reconnect or self.stopping.is_set():
                return
            self.stopping.wait(0.5)

    @property
    def pings(self):
        return self.ping_counter.pings

    def close(self):
        self.stopping.set()
        if self.ws is not None:
            try:
                self.ws.close()
            except Exception:  # noqa: BLE001
                pass
        self.thread.join(10)


class _Listener(StreamListener):
    def __init__(self, recorder, stream):
        self.recorder = recorder
        self.stream = stream
        self.opened = threading.Event()
        self.heartbeats = 0

    def on_any_event(self, name, data=None, for_stream=None):
        self.recorder.add(self.stream, name, data)

    def on_unknown_event(self, name, unknown_event=None):
        pass

    def handle_heartbeat(self):
        self.heartbeats += 1
        self.opened.set()


class SSEStream(Recorder):
    """One of Mastodon.py's stream_* methods (server-sent events), in its own thread,
    reconnecting when asked to; `connects` counts the HTTP connections it opened."""

    def __init__(self, api, method="stream_user", *args, reconnect=True, **params):
        super().__init__()
        self.api = api
        self.connects = 0
        self.listener = _Listener(self, method)
        original_get = api.session.get

        def counting_get(url, *args, **kwargs):
            if "/api/v1/streaming/" in url:
                self.connects += 1
            return original_get(url, *args, **kwargs)

        api.session.get = counting_get
        self.handle = getattr(api, method)(*args, self.listener, run_async=True, reconnect_async=reconnect,
                                           reconnect_async_wait_sec=1, **params)
        if not self.listener.opened.wait(30):
            raise AssertionError(f"{method} did not open")

    def close(self):
        self.handle.close()
