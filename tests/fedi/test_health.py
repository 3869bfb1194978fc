"""GET /health: a plain OK; with ?check=1 the database and the cache are checked (503 when down)."""
from unittest import mock

import pytest


@pytest.mark.django_db
def test_plain_ok(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.content == b"OK"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_deep_check_ok_and_down(client):
    assert client.get("/health", {"check": "1"}).content == b"OK"
    with mock.patch("fedi.health.cache.set", side_effect=ConnectionError("redis down")):
        response = client.get("/health", {"check": "true"})
    assert response.status_code == 503
    assert b"cache" in response.content
    with mock.patch("fedi.health.connection.cursor", side_effect=RuntimeError("db down")):
        response = client.get("/health", {"deep": "1"})
    assert response.status_code == 503
    assert b"database" in response.content
    # the shallow check never touches either
    with mock.patch("fedi.health.connection.cursor", side_effect=RuntimeError("db down")):
        assert client.get("/health").status_code == 200
