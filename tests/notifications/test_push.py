"""Web Push: the subscription API, and real encrypted messages received by a local push
service and decrypted with the subscriber's private key."""
import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from instance.services import vapid_public_key
from notifications.models import PushSubscription


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Subscriber:
    """What a browser holds: an ECDH key pair and an auth secret."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = b"0123456789abcdef"
        self.p256dh = b64(self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                             serialization.PublicFormat.UncompressedPoint))

    def decrypt(self, request):
        headers = request["headers"]
        if headers.get("content-encoding") == "aes128gcm":
            plain = http_ece.decrypt(request["body"], private_key=self.key, auth_secret=self.auth, version="aes128gcm")
        else:
            salt = headers["encryption"].split("salt=", 1)[1]
            dh = next(part.split("=", 1)[1] for part in headers["crypto-key"].split(";") if part.startswith("dh="))
            plain = http_ece.decrypt(request["body"], private_key=self.key, auth_secret=self.auth, version="aesgcm",
                                     salt=unb64(salt), dh=unb64(dh))
        return json.loads(plain)


class PushService:
    """A local push service recording each POST; answers the statuses queued (then 201)."""

    def __init__(self):
        self.received = []
        self.statuses = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                service.received.append({"path": self.path, "body": self.rfile.read(length),
                                         "headers": {k.lower(): v for k, v in self.headers.items()}})
                self.send_response(service.statuses.pop(0) if service.statuses else 201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def push_service(settings):
    settings.WEB_PUSH_ALLOW_PRIVATE = True
    service = PushService()
    yield service
    service.close()


@pytest.fixture
def subscriber():
    return Subscriber()


def subscribe(api, person, endpoint, subscriber, *, format="json", **data):
    body = {"subscription": {"endpoint": endpoint, "keys": {"p256dh": subscriber.p256dh,
                                                             "auth": b64(subscriber.auth)}}}
    if "standard" in data:
        body["subscription"]["standard"] = data.pop("standard")
    body["data"] = data
    return api.post("/api/v1/push/subscription", body, token=person.token, format=format)


def test_subscribe_show_update_delete(api, alice, subscriber, make_token):
    response = subscribe(api, alice, "https://push.example/endpoint/1", subscriber,
                         alerts={"follow": True, "mention": "true", "favourite": False}, policy="followed")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["endpoint"] == "https://push.example/endpoint/1"
    assert body["standard"] is False and body["policy"] == "followed"
    assert body["server_key"] == vapid_public_key()
    assert body["alerts"]["follow"] is True and body["alerts"]["mention"] is True
    assert body["alerts"]["favourite"] is False and body["alerts"]["admin.sign_up"] is False
    assert api.get("/api/v1/push/subscription", token=alice.token).json() == body
    other_token = make_token(alice.user)
    assert api.get("/api/v1/push/subscription", token=other_token).status_code == 404
    response = api.put("/api/v1/push/subscription", {"data": {"alerts": {"reblog": True}, "policy": "none"}},
                       token=alice.token, format="json")
    assert response.status_code == 200
    assert response.json()["alerts"]["reblog"] is True and response.json()["alerts"]["follow"] is False
    assert response.json()["policy"] == "none"
    assert api.delete("/api/v1/push/subscription", token=alice.token).json() == {}
    assert api.get("/api/v1/push/subscription", token=alice.token).status_code == 404
    assert api.put("/api/v1/push/subscription", {}, token=alice.token).status_code == 404
    assert api.delete("/api/v1/push/subscription", token=alice.token).status_code == 200


def test_form_encoded_subscription_and_one_per_token(api, alice, subscriber):
    form = {"subscription[endpoint]": "https://push.example/a", "subscription[keys][p256dh]": subscriber.p256dh,
            "subscription[keys][auth]": b64(subscriber.auth), "subscription[standard]": "true",
            "data[alerts][follow]": "true", "data[policy]": "all"}
    first = api.post("/api/v1/push/subscription", form, token=alice.token)
    assert first.status_code == 200, first.content
    assert first.json()["standard"] is True and first.json()["alerts"]["follow"] is True
    form["subscription[endpoint]"] = "https://push.example/b"
    second = api.post("/api/v1/push/subscription", form, token=alice.token)
    assert second.json()["id"] != first.json()["id"]
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == ["https://push.example/b"]


@pytest.mark.parametrize("endpoint, p256dh, auth", [
    ("not a url", None, None),
    ("ftp://push.example/x", None, None),
    ("", None, None),
    ("https://push.example/x", "bm90IGEga2V5", None),
    ("https://push.example/x", None, ""),
])
def test_invalid_subscriptions_are_refused(api, alice, subscriber, endpoint, p256dh, auth):
    body = {"subscription": {"endpoint": endpoint, "keys": {"p256dh": p256dh or subscriber.p256dh,
                                                             "auth": b64(subscriber.auth) if auth is None else auth}}}
    response = api.post("/api/v1/push/subscription", body, token=alice.token, format="json")
    assert response.status_code == 422, response.content
    assert not PushSubscription.objects.exists()


def test_missing_subscription_and_bad_policy(api, alice, subscriber):
    assert api.post("/api/v1/push/subscription", {}, token=alice.token).status_code == 400
    response = subscribe(api, alice, "https://push.example/x", subscriber, policy="sometimes")
    assert response.status_code == 422


def test_a_follow_is_pushed_encrypted(api, alice, bob, act, push_service, subscriber):
    assert subscribe(api, alice, f"{push_service.url}/push/alice", subscriber, standard=True,
                     alerts={"follow": True}).status_code == 200
    act(bob, "follow", alice)
    (request,) = push_service.received
    assert request["path"] == "/push/alice"
    headers = request["headers"]
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["ttl"] == str(48 * 3600) and headers["urgency"] == "normal"
    scheme, params = headers["authorization"].split(" ", 1)
    assert scheme == "vapid"
    fields = dict(part.split("=", 1) for part in params.split(","))
    assert fields["k"] == vapid_public_key()
    claims = json.loads(unb64(fields["t"].split(".")[1]))
    assert claims["aud"] == push_service.url and claims["sub"].startswith("mailto:")
    payload = subscriber.decrypt(request)
    from notifications.models import Notification

    notification = Notification.objects.get(recipient=alice.account)
    assert payload["notification_id"] == notification.id
    assert payload["notification_type"] == "follow"
    assert payload["access_token"] == alice.token
    assert payload["preferred_locale"] == "en"
    assert payload["title"] == "bob is now following you"
    assert payload["icon"].startswith("http")
    assert "body" in payload


def test_legacy_subscriptions_get_the_draft_encoding(api, alice, bob, act, push_service, subscriber):
    subscribe(api, alice, f"{push_service.url}/legacy", subscriber, alerts={"follow": True})
    act(bob, "follow", alice)
    (request,) = push_service.received
    assert request["headers"]["content-encoding"] == "aesgcm"
    assert request["headers"]["authorization"].startswith("WebPush ")
    assert "p256ecdsa=" in request["headers"]["crypto-key"]
    assert subscriber.decrypt(request)["notification_type"] == "follow"


def test_alerts_and_policy_decide_what_is_pushed(api, alice, bob, carol, act, push_service, subscriber):
    subscribe(api, alice, f"{push_service.url}/x", subscriber, standard=True, alerts={"mention": True})
    act(bob, "follow", alice)
    assert push_service.received == []
    api.put("/api/v1/push/subscription", {"data": {"alerts": {"follow": True}, "policy": "followed"}},
            token=alice.token, format="json")
    act(alice, "follow", carol)
    act(carol, "follow", alice)  # followed by alice: pushed
    act(bob, "unfollow", alice)
    act(bob, "follow", alice)  # not followed by alice: not pushed
    assert [subscriber.decrypt(r)["title"] for r in push_service.received] == ["carol is now following you"]


def test_a_gone_subscription_is_deleted(api, alice, bob, act, push_service, subscriber):
    subscribe(api, alice, f"{push_service.url}/gone", subscriber, standard=True, alerts={"follow": True})
    push_service.statuses = [410]
    act(bob, "follow", alice)
    assert len(push_service.received) == 1
    assert not PushSubscription.objects.exists()


def test_unavailable_push_service_is_retried(api, alice, bob, act, push_service, subscriber):
    from celery.exceptions import Retry

    from notifications.models import Notification
    from notifications.tasks import deliver_push

    subscribe(api, alice, f"{push_service.url}/busy", subscriber, standard=True, alerts={"follow": True})
    push_service.statuses = [503, 429]
    # The first attempt runs with the action; the worker's retries are run here one by one
    # (how an eager task re-runs a retry differs between Celery releases).
    conf = deliver_push.app.conf
    propagates = conf.task_eager_propagates
    conf.task_eager_propagates = False
    try:
        act(bob, "follow", alice)
    finally:
        conf.task_eager_propagates = propagates
    subscription = PushSubscription.objects.get()
    notification = Notification.objects.filter(recipient=alice.account).latest("id")
    while len(push_service.received) < 3:
        try:
            deliver_push.apply(args=(subscription.id, notification.id), throw=True)
        except Retry:
            pass
    assert len(push_service.received) == 3
    assert subscriber.decrypt(push_service.received[-1])["notification_type"] == "follow"
    assert PushSubscription.objects.exists()


def test_unreachable_push_service_does_not_break_the_action(api, alice, bob, act, settings, subscriber):
    settings.WEB_PUSH_ALLOW_PRIVATE = True
    subscribe(api, alice, "http://127.0.0.1:9/nothing-listens-here", subscriber, standard=True,
              alerts={"follow": True})
    act(bob, "follow", alice)  # retried, then given up: the follow itself succeeded
    assert PushSubscription.objects.exists()


def test_private_endpoints_are_refused(api, alice, bob, act, settings, subscriber):
    service = PushService()
    try:
        settings.WEB_PUSH_ALLOW_PRIVATE = False
        subscribe(api, alice, f"{service.url}/private", subscriber, standard=True, alerts={"follow": True})
        act(bob, "follow", alice)
        assert service.received == []
    finally:
        service.close()


def test_no_push_about_a_status_the_recipient_may_no_longer_see(api, alice, bob, act, push_service, subscriber,
                                                                 django_capture_on_commit_callbacks):
    """A delivery (a retry, a queued task) after the recipient lost sight of the status
    sends nothing: the payload would carry its text."""
    from notifications.models import Notification
    from notifications.push import deliver

    subscribe(api, bob, f"{push_service.url}/bob", subscriber, standard=True, alerts={"status": True})
    act(bob, "follow", alice, {"notify": "true"})
    with django_capture_on_commit_callbacks(execute=True):
        status = api.post("/api/v1/statuses", {"status": "followers only", "visibility": "private"},
                          token=alice.token).json()
    (request,) = push_service.received
    assert subscriber.decrypt(request)["body"] == "followers only"
    notification = Notification.objects.get(recipient=bob.account, type="status")
    subscription = PushSubscription.objects.get()
    act(alice, "remove_from_followers", bob)
    api.put(f"/api/v1/statuses/{status['id']}", {"status": "a new secret"}, token=alice.token)
    assert deliver(subscription.id, notification.id) is None
    assert len(push_service.received) == 1
    act(bob, "follow", alice)
    assert deliver(subscription.id, notification.id) == 201
    assert subscriber.decrypt(push_service.received[-1])["body"] == "a new secret"


def test_push_connects_to_the_address_it_checked(api, alice, settings, subscriber, monkeypatch):
    """DNS rebinding: the push service's name answers a public address when checked, then
    our own (the local push service). The message goes to the address checked, or nowhere;
    never to a second answer."""
    import socket

    import requests

    from notifications.push import payload_for, send

    service = PushService()
    settings.WEB_PUSH_ALLOW_PRIVATE = False
    try:
        subscribe(api, alice, "http://push.rebinding.example/x", subscriber, standard=True, alerts={"follow": True})
        subscription = PushSubscription.objects.get()
        port = service.server.server_address[1]
        answers = iter([("93.184.216.34", 80)] + [("127.0.0.1", port)] * 5)
        real_getaddrinfo, connected = socket.getaddrinfo, []

        def rebinding(host, *args, **kwargs):
            if host != "push.rebinding.example":
                return real_getaddrinfo(host, *args, **kwargs)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", next(answers))]

        def connect(sock, address):  # the public address is not ours to reach from a test
            connected.append(address)
            if address[0] == "93.184.216.34":
                raise ConnectionRefusedError("refused")
            return real_connect(sock, address)

        real_connect = socket.socket.connect
        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        monkeypatch.setattr(socket.socket, "connect", connect)
        with pytest.raises(requests.ConnectionError):
            send(subscription, {"title": "hi"})
        assert connected == [("93.184.216.34", 80)]
        assert service.received == []
        # A private answer from the start is refused, not retried.
        from notifications.models import Notification
        from notifications.push import PushRefused

        answers = iter([("127.0.0.1", port)] * 5)
        with pytest.raises(PushRefused):
            send(subscription, payload_for(subscription, Notification(type="follow", from_account=alice.account)))
        assert service.received == []
    finally:
        service.close()
