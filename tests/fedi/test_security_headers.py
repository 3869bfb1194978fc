"""The security headers of every kind of response (README: Security)."""
import pytest
from django.conf import settings

PAGE_POLICY = settings.CONTENT_SECURITY_POLICY

COMMON = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


@pytest.mark.parametrize("path, policy, opener", [
    ("/api/v1/instance", "default-src 'none'; frame-ancestors 'none'; form-action 'none'", "same-origin"),
    ("/.well-known/nodeinfo", "default-src 'none'; frame-ancestors 'none'; form-action 'none'", "same-origin"),
    ("/auth/sign_in", PAGE_POLICY, "unsafe-none"),  # a client's sign-in popup keeps its opener
    ("/admin/login/", PAGE_POLICY, "same-origin"),
    ("/no-such-page", PAGE_POLICY, "same-origin"),
])
def test_security_headers(client, db, path, policy, opener):
    response = client.get(path)
    for name, value in COMMON.items():
        assert response[name] == value, name
    assert response["Content-Security-Policy"] == policy
    assert response["Cross-Origin-Opener-Policy"] == opener
    assert "Strict-Transport-Security" not in response  # only when SECURE_HSTS_SECONDS is set


def test_uploads_are_sandboxed(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    response = client.get(settings.MEDIA_URL + "x.png")
    if response.status_code == 404:
        pytest.skip("uploads are not served by the application here (S3 or a proxy)")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_pages_run_nothing_inline(client, db):
    """The page policy allows no inline script: the pages have none (the Django admin's
    scripts are files from /static/)."""
    for path in ("/auth/sign_in", "/admin/login/"):
        body = client.get(path).content.decode()
        assert "<script>" not in body and " onclick=" not in body and " onload=" not in body, path
