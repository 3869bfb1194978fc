"""An XSS corpus through every field that ends up as HTML: status content, bios, profile field
values, announcements, custom emoji, and the sign-in, consent and error pages. Each payload
goes in through the API (or the admin's own service for announcements), and what comes back
is parsed as a browser would (html5lib) and searched for anything executable: script-like
elements, on* attributes, javascript:/vbscript:/data: URLs, inline styles.

The fields Mastodon returns as plain text (display_name, spoiler_text, profile field names,
poll options, the source of a bio) must come back exactly as sent: clients escape them, and
escaping them here too would show "&lt;b&gt;" to people.
"""
import re
from urllib.parse import urlencode

import html5lib
import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from announcements import services as announcements
from announcements.models import Announcement
from instance.models import CustomEmoji
from tests.factories import PASSWORD, make_token, make_user
from tests.oauth.helpers import sign_in

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" onerror=\"alert(1)\"",                      # unclosed tag
    "<b onmouseover=alert(1)>bold",                             # unclosed element
    "<a href=\"javascript:alert(1)\">link</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">link</a>",
    "<a href=\"&#106;avascript:alert(1)\">entity</a>",          # entity-encoded scheme
    "<a href=\"jav&#x09;ascript:alert(1)\">tab</a>",
    "<a href=\" javascript:alert(1)\">space</a>",
    "<a href=\"vbscript:msgbox(1)\">vb</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=\"javascript:alert(1)\">m</mi></math>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<div style=\"background:url(javascript:alert(1))\">styled</div>",
    "<form action=\"javascript:alert(1)\"><button>go</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<link rel=stylesheet href=\"https://evil.example/x.css\">",
    "\"><script>alert(1)</script>",                             # attribute breakout
    "'><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",               # nested to survive naive stripping
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",                    # pre-escaped: must stay text
    "https://example.com/\"onmouseover=\"alert(1)",             # the autolinker
    "https://example.com/<script>alert(1)</script>",
    "javascript:alert(1)",
    "@alice\"><script>alert(1)</script> #tag<img src=x onerror=alert(1)>",
    ":blobcat:<img src=x onerror=alert(1)>",
    "<p>ok</p><p onclick=alert(1)>click</p>",
]

EXECUTABLE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link", "meta",
                   "base", "form", "input", "button", "textarea", "select", "svg", "math", "img", "video", "audio",
                   "source", "template", "noscript", "xmp", "plaintext"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset",
                  "ping", "cite", "longdesc", "lowsrc", "dynsrc"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


def _local(name):
    return name.rsplit("}", 1)[-1].lower() if isinstance(name, str) else ""


def executable_markup(html, *, page=False):
    """What in html a browser could run (a list of descriptions; empty means safe). For a whole
    page (page=True) the layout's own <style>, <meta> and form elements are allowed."""
    tree = html5lib.parse(html) if page else html5lib.parseFragment(html)
    found = []
    allowed = {"style", "meta", "form", "input", "button", "link"} if page else set()
    for element in tree.iter():
        tag = _local(element.tag)
        if tag in EXECUTABLE_TAGS and tag not in allowed:
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            attribute = _local(name) if not (isinstance(name, tuple)) else _local(name[1])
            if attribute.startswith("on"):
                found.append(f"<{tag} {attribute}=...>")
            if attribute == "style" and not page:
                found.append(f"<{tag} style=...>")
            if attribute in URL_ATTRIBUTES or attribute.endswith(":href"):
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if scheme.startswith(BAD_SCHEMES):
                    found.append(f"<{tag} {attribute}={value!r}>")
    return found


def test_the_checker_finds_what_it_must():
    assert executable_markup("<p>hello <a href=\"https://example.com\">x</a></p>") == []
    assert executable_markup("&lt;script&gt;") == []
    # every payload that is markup a browser would run as it stands
    inert_as_written = {"<img src=\"x\" onerror=\"alert(1)\"", "<scr<script>ipt>alert(1)</scr</script>ipt>",
                        "<!--<script>alert(1)</script>-->", "<![CDATA[<script>alert(1)</script>]]>"}
    for payload in PAYLOADS:
        if payload.startswith("<") and payload not in inert_as_written:
            assert executable_markup(payload), payload
    assert executable_markup("<html><head><style></style></head><body><p>x</p></body></html>", page=True) == []
    assert executable_markup("<html><body><script></script></body></html>", page=True) == ["<script>"]


@pytest.fixture
def alice(db):
    user = make_user("alice")
    user.token = make_token(user, scopes="read write follow push profile")
    return user


@pytest.fixture
def blobcat(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.fuzz.test_operations import _GIF

    return CustomEmoji.objects.create(shortcode="blobcat", image=SimpleUploadedFile("blobcat.gif", _GIF))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_statuses(api, alice, blobcat, payload):
    api.authenticate(alice.token)
    response = api.post("/api/v1/statuses", {"status": f"Look {payload} here", "spoiler_text": payload,
                                             "poll": {"options": [payload[:50], "other"], "expires_in": 600}},
                        format="json")
    assert response.status_code == 200, response.content
    status = response.json()
    assert executable_markup(status["content"]) == [], status["content"]
    assert status["spoiler_text"] == payload  # text, as sent
    assert status["poll"]["options"][0]["title"] == payload[:50]
    # an edit renders the same way, and so does every read
    edited = api.put(f"/api/v1/statuses/{status['id']}", {"status": f"{payload} again", "spoiler_text": payload})
    assert edited.status_code == 200, edited.content
    assert executable_markup(edited.json()["content"]) == []
    shown = api.get(f"/api/v1/statuses/{status['id']}").json()
    assert executable_markup(shown["content"]) == [] and shown["spoiler_text"] == payload
    for version in api.get(f"/api/v1/statuses/{status['id']}/history").json():
        assert executable_markup(version["content"]) == [] and version["spoiler_text"] == payload
    assert api.get(f"/api/v1/statuses/{status['id']}/source").json()["spoiler_text"] == payload
    for emoji in shown["emojis"]:
        assert emoji["shortcode"] == "blobcat"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_profile(api, alice, payload):
    api.authenticate(alice.token)
    name = payload[:30]  # Mastodon's limit for display names
    response = api.patch("/api/v1/accounts/update_credentials", {
        "display_name": name, "note": f"About me: {payload}",
        "fields_attributes[0][name]": payload[:255], "fields_attributes[0][value]": payload[:255],
        "fields_attributes[1][name]": "site", "fields_attributes[1][value]": f"https://example.com {payload}"[:255],
    })
    assert response.status_code == 200, response.content
    for account in (response.json(), api.get(f"/api/v1/accounts/{alice.account.id}").json()):
        assert account["display_name"] == name  # text, as sent
        assert executable_markup(account["note"]) == [], account["note"]
        assert account["fields"][0]["name"] == payload[:255]  # text, as sent
        for field in account["fields"]:
            assert executable_markup(field["value"]) == [], field["value"]
    assert response.json()["source"]["note"] == f"About me: {payload}"
    assert response.json()["source"]["fields"][0]["value"] == payload[:255]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_announcements(api, alice, payload):
    announcement = announcements.save_announcement(Announcement(text=f"News: {payload}", published=True))
    body = api.get("/api/v1/announcements", token=alice.token).json()
    assert [entry["id"] for entry in body] == [str(announcement.id)]
    assert executable_markup(body[0]["content"]) == [], body[0]["content"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_custom_emoji_shortcodes_are_letters_digits_and_underscores(payload):
    # What the Django admin (the only way to add custom emoji) checks before saving.
    emoji = CustomEmoji(shortcode=payload, image="custom_emojis/x.png")
    with pytest.raises(ValidationError):
        emoji.full_clean()


def _page(response):
    assert response.status_code < 500, response.content
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    return response.content.decode()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sign_in_page(db, payload):
    user = make_user("carol")
    client = Client()
    assert executable_markup(_page(client.get("/auth/sign_in", {"next": payload})), page=True) == []
    assert executable_markup(_page(client.get("/auth/sign_in", {"next": f"/oauth/authorize?x={payload}"})),
                             page=True) == []
    # a failed attempt shows the name typed back, and keeps `next`
    failed = client.post("/auth/sign_in?" + urlencode({"next": payload}), {"username": payload, "password": "no"})
    assert executable_markup(_page(failed), page=True) == []
    # nobody is sent on to a javascript: URL after signing in
    done = client.post("/auth/sign_in", {"username": "carol", "password": PASSWORD, "next": payload})
    assert done.status_code == 302 and not done["Location"].lower().lstrip().startswith(BAD_SCHEMES)
    assert user.is_active


@pytest.mark.parametrize("payload", PAYLOADS)
def test_consent_and_error_pages(api, db, payload):
    user = make_user("dave")
    response = api.post("/api/v1/apps", {"client_name": payload[:60], "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
                                         "scopes": "read write", "website": "https://example.com/"})
    assert response.status_code == 200, response.content
    app = response.json()
    client = sign_in(Client(), user)
    consent = client.get("/oauth/authorize", {"client_id": app["client_id"], "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
                                              "response_type": "code", "scope": "read"})
    html = _page(consent)
    assert consent.status_code == 200 and executable_markup(html, page=True) == []
    # what the request itself carries, shown back on the error page
    for params in ({"client_id": app["client_id"], "redirect_uri": payload, "response_type": "code", "scope": "read"},
                   {"client_id": app["client_id"], "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
                    "response_type": "code", "scope": payload},
                   {"client_id": payload, "response_type": "code"},
                   {"client_id": app["client_id"], "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
                    "response_type": payload, "scope": "read"}):
        shown = client.get("/oauth/authorize", params)
        if shown.status_code in (301, 302):
            assert not shown["Location"].lower().lstrip().startswith(BAD_SCHEMES)
            continue
        assert executable_markup(_page(shown), page=True) == []
    code_page = client.get("/oauth/authorize/native", {"code": payload})
    assert executable_markup(_page(code_page), page=True) == []


@pytest.mark.parametrize("scheme", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>x</script>",
                                    "vbscript:msgbox(1)"])
def test_apps_cannot_redirect_to_script_urls(api, db, scheme):
    response = api.post("/api/v1/apps", {"client_name": "Evil", "redirect_uris": scheme, "scopes": "read"})
    assert response.status_code == 422, response.content


@pytest.mark.parametrize("website", ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "ftp://example.com/",
                                     "https://example.com/<script>alert(1)</script>", "https://example.com/\"onmouseover=x",
                                     "https://", "example.com"])
def test_app_websites_are_web_urls(api, db, website):
    # Clients link an app's name (status.application) to its website.
    response = api.post("/api/v1/apps", {"client_name": "App", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
                                         "website": website})
    assert response.status_code == 422, response.content
    assert "website" in response.json()["details"]
    fine = api.post("/api/v1/apps", {"client_name": "App", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
                                     "website": "https://example.com/app?x=1#top"})
    assert fine.status_code == 200 and fine.json()["website"] == "https://example.com/app?x=1#top"
