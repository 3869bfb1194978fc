"""The README's promise, with the real Mastodon.py client against a live server: an operator
creates an account, a client registers, logs in with the password and reads the instance and
its own account."""
import io

import pytest
from django.core.management import call_command
from mastodon import Mastodon

SCOPES = ["read", "write", "follow", "push"]


@pytest.fixture
def server(transactional_db, live_server, settings):
    # The URLs the API emits (OAuth metadata included) must point at the live server.
    settings.SITE_URL = live_server.url
    return live_server.url


def test_readme_flow_with_mastodon_py(server):
    out = io.StringIO()
    call_command("accounts", "create", "alice", "--email", "alice@example.com", "--confirmed", "--role", "Owner",
                 stdout=out)
    password = out.getvalue().strip().split()[-1]

    client_id, client_secret = Mastodon.create_app("my app", api_base_url=server, scopes=SCOPES)
    api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=server, request_timeout=30, ratelimit_method="throw")
    try:
        api.log_in("alice@example.com", password, scopes=SCOPES, allow_http=True)
        instance = api.instance()
        assert instance["version"].startswith("4.7.0 (compatible; fedi")
        me = api.account_verify_credentials()
        assert me["acct"] == "alice"
        assert me["role"]["name"] == "Owner"
        assert api.account_lookup("alice")["id"] == me["id"]
    finally:
        api.session.close()  # a server thread keeps its database connection while kept alive
