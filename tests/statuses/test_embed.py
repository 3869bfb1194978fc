"""GET /api/oembed and the embed page: public and unlisted local statuses only."""
from urllib.parse import urlsplit

from django.utils import timezone

from accounts.models import Account
from statuses.models import Status
from tests.timelines.feeds_helpers import alice, api, bob, get, post, remote  # noqa: F401

OEMBED = "/api/oembed"


def test_oembed_of_a_public_status(api, alice):
    status = post(api, alice, "Hello <script>alert(1)</script> #world")
    body = get(api, None, OEMBED, {"url": status["url"]}).json()
    assert body["type"] == "rich" and body["version"] == "1.0"
    assert body["width"] == 400 and body["height"] is None
    embed_url = f"{status['url']}/embed"
    assert f'<iframe src="{embed_url}"' in body["html"]
    assert body["author_url"] == status["account"]["url"]
    sized = get(api, None, OEMBED, {"url": status["uri"], "maxwidth": 300, "maxheight": 200}).json()
    assert sized["width"] == 300 and sized["height"] == "200" and 'height="200"' in sized["html"]

    page = api.client.get(f"/@alice/{status['id']}/embed")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hello" in html and "<script>alert" not in html
    assert "X-Frame-Options" not in page.headers  # meant to be framed


def test_unlisted_embeds_private_direct_and_others_do_not(api, alice, bob, remote):
    unlisted = post(api, alice, "quiet", visibility="unlisted")
    assert get(api, None, OEMBED, {"url": unlisted["url"]}).status_code == 200
    for visibility in ("private", "direct"):
        hidden = post(api, alice, f"@bob {visibility}", visibility=visibility)
        get(api, None, OEMBED, {"url": hidden["url"]}, status=404)
        get(api, bob, OEMBED, {"url": hidden["url"]}, status=404)  # even for someone who may see it
        assert api.client.get(f"/@alice/{hidden['id']}/embed").status_code == 404
    public = post(api, alice, "public")
    reblog = api.post(f"/api/v1/statuses/{public['id']}/reblog", token=bob.token).json()
    get(api, None, OEMBED, {"url": f"{public['url'].rsplit('/', 2)[0]}/@bob/{reblog['id']}"}, status=404)
    get(api, None, OEMBED, {"url": public["url"].replace("@alice", "@bob")}, status=404)  # wrong author
    get(api, None, OEMBED, {"url": "https://elsewhere.example/@alice/" + public["id"]}, status=404)
    get(api, None, OEMBED, {"url": "not a url"}, status=404)
    get(api, None, OEMBED, {"url": public["url"] + "99999999999999999999"}, status=404)
    far = remote()
    far_status = Status.objects.create(account=far, text="x", content="<p>x</p>", local=False,
                                       uri="https://remote.example/s/1", url="https://remote.example/@remote/1")
    get(api, None, OEMBED, {"url": far_status.url}, status=404)
    Account.objects.filter(pk=alice.id).update(suspended_at=timezone.now())
    get(api, None, OEMBED, {"url": public["url"]}, status=404)
    assert api.client.get(f"/@alice/{public['id']}/embed").status_code == 404


def test_bad_input(api):
    assert api.get(OEMBED).status_code in (400, 422)
    assert api.get(OEMBED, {"url": "https://x/@a/1", "maxwidth": "wide"}).status_code == 400


def test_status_page_at_the_status_url(api, alice, bob):
    """The Status entity's url opens a page (not framable); what may not be embedded is not
    shown there either."""
    status = post(api, alice, "Hello <script>alert(1)</script> page")
    page = api.client.get(urlsplit(status["url"]).path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hello" in html and "<script>alert" not in html
    assert page.headers.get("X-Frame-Options") == "DENY"
    hidden = post(api, alice, "@bob secret", visibility="private")
    assert api.client.get(f"/@alice/{hidden['id']}").status_code == 404
    assert api.client.get(f"/@bob/{status['id']}").status_code == 404  # another author's path
    assert api.client.get("/@alice/not-a-number").status_code == 404
