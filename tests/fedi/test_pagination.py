"""max_id / since_id / min_id / limit and the Link header."""
import re
from urllib.parse import urlsplit

import pytest

from tests.factories import make_user

pytestmark = pytest.mark.urls("tests.fedi.urls")


@pytest.fixture
def account_ids(db):
    users = [make_user(f"pager{index}") for index in range(7)]
    return sorted(user.account_id for user in users)  # snowflakes: creation order


def links(response):
    header = response.get("Link", "")
    return dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', header))


def ids(response):
    return [int(value) for value in response.json()]


def test_default_limit_newest_first_with_links(api, account_ids):
    response = api.get("/api/test/accounts")
    assert ids(response) == account_ids[::-1][:3]
    link = links(response)
    assert f"max_id={account_ids[-3]}" in link["next"]
    assert f"min_id={account_ids[-1]}" in link["prev"]
    assert link["next"].startswith("http://")


def test_following_next_links_walks_every_item_once(api, account_ids):
    seen, url = [], "/api/test/accounts?limit=2"
    while url:
        parts = urlsplit(url)
        response = api.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
        seen.extend(ids(response))
        url = links(response).get("next")
    assert seen == account_ids[::-1]


def test_max_id_since_id_min_id(api, account_ids):
    assert ids(api.get("/api/test/accounts", {"max_id": account_ids[3], "limit": 5})) == account_ids[:3][::-1]
    # since_id: the newest items above it
    assert ids(api.get("/api/test/accounts", {"since_id": account_ids[1], "limit": 2})) == account_ids[-2:][::-1]
    # min_id: the items immediately above it, still newest first
    assert ids(api.get("/api/test/accounts", {"min_id": account_ids[1], "limit": 2})) == account_ids[2:4][::-1]


def test_prev_link_never_points_back_at_the_same_page(api, account_ids):
    response = api.get("/api/test/accounts", {"max_id": account_ids[4], "limit": 2})
    prev = links(response)["prev"]
    min_id = int(re.search(r"min_id=(\d+)", prev).group(1))
    newer = ids(api.get("/api/test/accounts", {"min_id": min_id, "limit": 2}))
    assert not set(newer) & set(ids(response))


def test_limits_are_clamped(api, account_ids):
    assert len(ids(api.get("/api/test/accounts", {"limit": 1000}))) == 5
    assert len(ids(api.get("/api/test/accounts", {"limit": 0}))) == 1
    assert api.get("/api/test/accounts", {"limit": "lots"}).status_code == 400


def test_empty_page_has_no_links(api, account_ids):
    response = api.get("/api/test/accounts", {"max_id": account_ids[0]})
    assert response.json() == []
    assert "Link" not in response


def test_links_keep_other_parameters(api, account_ids):
    response = api.get("/api/test/accounts", {"limit": 2, "only_media": "true"})
    assert "only_media=true" in links(response)["next"] and "limit=2" in links(response)["next"]
