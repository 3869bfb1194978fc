"""PATCH /api/v1/accounts/update_credentials."""
import pytest

from accounts.models import Account, User
from tests.factories import make_token

URL = "/api/v1/accounts/update_credentials"


def reload(user):
    return User.objects.select_related("account").get(pk=user.pk)


def test_updates_profile_text_and_flags(api, user, token):
    response = api.patch(URL, {
        "display_name": "Alice Liddell", "note": "Down the rabbit hole.\n\nSecond paragraph #wonder",
        "locked": "true", "bot": "1", "discoverable": "true", "hide_collections": "true", "indexable": "true",
    }, token=token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["display_name"] == "Alice Liddell"
    assert body["note"].startswith("<p>Down the rabbit hole.</p><p>Second paragraph ")
    assert 'class="mention hashtag" rel="tag">#<span>wonder</span></a>' in body["note"]
    assert body["source"]["note"] == "Down the rabbit hole.\n\nSecond paragraph #wonder"
    assert (body["locked"], body["bot"], body["discoverable"], body["indexable"]) == (True, True, True, True)
    assert body["hide_collections"] is True and body["source"]["hide_collections"] is True
    account = Account.objects.get(pk=user.account_id)
    assert account.display_name == "Alice Liddell" and account.locked and account.bot


def test_only_given_parameters_change(api, user, token):
    api.patch(URL, {"display_name": "Alice", "note": "bio", "locked": "true"}, token=token)
    response = api.patch(URL, {"bot": "true"}, token=token)
    assert response.status_code == 200
    account = Account.objects.get(pk=user.account_id)
    assert (account.display_name, account.note, account.locked, account.bot) == ("Alice", "bio", True, True)
    response = api.patch(URL, {"locked": "false", "display_name": ""}, token=token)
    account = Account.objects.get(pk=user.account_id)
    assert (account.display_name, account.note, account.locked) == ("", "bio", False)


def test_json_body(api, user, token):
    response = api.patch(URL, {"display_name": "J", "locked": True, "source": {"privacy": "unlisted",
                               "sensitive": True, "language": "de"},
                               "fields_attributes": [{"name": "a", "value": "b"}],
                               "attribution_domains": ["example.com"]}, token=token, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["locked"] is True
    assert body["source"]["privacy"] == "unlisted" and body["source"]["sensitive"] is True
    assert body["source"]["language"] == "de"
    assert body["source"]["fields"] == [{"name": "a", "value": "b", "verified_at": None}]
    assert body["source"]["attribution_domains"] == ["example.com"]


def test_note_links_mentions_of_known_accounts(api, user, token, make_user):
    make_user("bob")
    Account.objects.create(username="carol", domain="remote.example", url="https://remote.example/@carol")
    response = api.patch(URL, {"note": "Friends: @bob @carol@remote.example @nobody https://example.com/page"},
                         token=token)
    note = response.json()["note"]
    assert 'href="http://' in note or 'href="https://' in note
    assert '<span class="h-card" translate="no"><a href="' in note
    assert "/@bob\" class=\"u-url mention\">@<span>bob</span></a>" in note
    assert 'href="https://remote.example/@carol" class="u-url mention">@<span>carol</span>' in note
    assert "@nobody" in note and "<span>nobody</span>" not in note
    assert '<a href="https://example.com/page" target="_blank" rel="nofollow noopener"' in note


def test_note_is_escaped(api, user, token):
    response = api.patch(URL, {"note": "<script>alert(1)</script> & co"}, token=token)
    assert response.json()["note"] == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>"


def test_fields_as_index_keyed_hash_in_given_order(api, user, token):
    response = api.patch(URL, {
        "fields_attributes[420][name]": "Website", "fields_attributes[420][value]": "https://example.com",
        "fields_attributes[69][name]": "Pronouns", "fields_attributes[69][value]": "she/her",
        "fields_attributes[1][name]": "", "fields_attributes[1][value]": "",
    }, token=token)
    assert response.status_code == 200, response.content
    body = response.json()
    names = [field["name"] for field in body["source"]["fields"]]
    assert set(names) == {"Website", "Pronouns"}  # the blank field is dropped
    website = next(field for field in body["fields"] if field["name"] == "Website")
    assert website["value"].startswith('<a href="https://example.com"')
    assert website["verified_at"] is None
    pronouns = next(field for field in body["source"]["fields"] if field["name"] == "Pronouns")
    assert pronouns == {"name": "Pronouns", "value": "she/her", "verified_at": None}


def test_fields_as_array(api, user, token):
    # (Form-encoded fields_attributes[][name] arrays lose their pairing in fedi.params, which
    # groups values by key; clients send index-keyed hashes or JSON arrays.)
    response = api.patch(URL, {"fields_attributes": [{"name": "one", "value": "1"}, {"name": "two", "value": 2}]},
                         token=token, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["source"]["fields"] == [{"name": "one", "value": "1", "verified_at": None},
                                                   {"name": "two", "value": "2", "verified_at": None}]


def test_field_values_are_escaped_and_linked_inline(api, user, token):
    response = api.patch(URL, {"fields_attributes": [{"name": "<b>x</b>", "value": "<i>hi</i>\nthere #tag"}]},
                         token=token, format="json")
    field = response.json()["fields"][0]
    assert field["name"] == "<b>x</b>"  # names are plain text, as on Mastodon
    assert field["value"].startswith("&lt;i&gt;hi&lt;/i&gt; there ")
    assert "<p>" not in field["value"] and 'rel="tag"' in field["value"]


def test_changing_a_field_value_clears_its_verification(api, user, token):
    account = Account.objects.get(pk=user.account_id)
    account.fields = [{"name": "Site", "value": "https://a.example", "verified_at": "2024-01-01T00:00:00.000Z"},
                      {"name": "Other", "value": "https://b.example", "verified_at": "2024-01-01T00:00:00.000Z"}]
    account.save()
    response = api.patch(URL, {"fields_attributes": [{"name": "Renamed", "value": "https://a.example"},
                                                     {"name": "Other", "value": "https://c.example"}]},
                         token=token, format="json")
    fields = response.json()["fields"]
    assert fields[0]["verified_at"] == "2024-01-01T00:00:00.000Z"
    assert fields[1]["verified_at"] is None


def test_source_settings(api, user, token):
    response = api.patch(URL, {"source[privacy]": "private", "source[sensitive]": "true",
                               "source[language]": "fr", "source[quote_policy]": "nobody"}, token=token)
    assert response.status_code == 200, response.content
    source = response.json()["source"]
    assert (source["privacy"], source["sensitive"], source["language"], source["quote_policy"]) == \
        ("private", True, "fr", "nobody")
    user = reload(user)
    assert (user.default_privacy, user.default_sensitive, user.default_language) == ("private", True, "fr")
    response = api.patch(URL, {"source": {"language": None}}, token=token, format="json")
    assert response.json()["source"]["language"] is None
    assert reload(user).default_privacy == "private"


def test_attribution_domains(api, user, token):
    response = api.patch(URL, {"attribution_domains[]": ["Example.com", "https://news.example.org/",
                                                         "*.blog.example", "example.com", ""]}, token=token)
    assert response.status_code == 200, response.content
    assert response.json()["source"]["attribution_domains"] == ["example.com", "news.example.org", "blog.example"]
    assert reload(user).settings["attribution_domains"] == ["example.com", "news.example.org", "blog.example"]
    response = api.patch(URL, {"attribution_domains": []}, token=token, format="json")
    assert response.json()["source"]["attribution_domains"] == []


@pytest.mark.parametrize("data, attribute, fragment", [
    ({"display_name": "x" * 31}, "display_name", "maximum is 30"),
    ({"note": "x" * 501}, "note", "maximum is 500"),
    ({"fields_attributes[0][name]": "n" * 256, "fields_attributes[0][value]": "v"}, "fields", "name is too long"),
    ({"fields_attributes[0][name]": "n", "fields_attributes[0][value]": "v" * 256}, "fields", "value is too long"),
    ({f"fields_attributes[{i}][{key}]": "x" for i in range(5) for key in ("name", "value")}, "fields",
     "maximum is 4"),
    ({"source[privacy]": "direct"}, "source[privacy]", "public, unlisted or private"),
    ({"source[privacy]": "everyone"}, "source[privacy]", "public, unlisted or private"),
    ({"source[language]": "english"}, "source[language]", "ISO 639-1"),
    ({"source[quote_policy]": "anyone"}, "source[quote_policy]", "public, followers or nobody"),
    ({"attribution_domains[]": [f"d{i}.example" for i in range(11)]}, "attribution_domains", "maximum is 10"),
    ({"attribution_domains[]": ["not a domain"]}, "attribution_domains", "invalid domain"),
    ({"avatar": "not-a-file"}, "avatar", "multipart"),
])
def test_bad_input_is_a_422_and_changes_nothing(api, user, token, data, attribute, fragment):
    response = api.patch(URL, {**data, "display_name": data.get("display_name", "Changed")}, token=token)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["error"].startswith("Validation failed")
    assert attribute in body["details"], body
    assert fragment in body["details"][attribute][0]["description"]
    assert Account.objects.get(pk=user.account_id).display_name == ""


def test_note_length_counts_urls_as_23(api, user, token):
    note = "x" * 470 + " https://example.com/" + "a" * 100  # 471 + 23 characters as Mastodon counts
    response = api.patch(URL, {"note": note}, token=token)
    assert response.status_code == 200, response.content


def test_every_problem_is_reported_at_once(api, user, token):
    response = api.patch(URL, {"display_name": "x" * 31, "note": "y" * 501}, token=token)
    assert response.status_code == 422
    assert set(response.json()["details"]) == {"display_name", "note"}


def test_needs_a_token(api, user):
    response = api.patch(URL, {"display_name": "x"})
    assert response.status_code == 401
    assert response.json() == {"error": "The access token is invalid"}


def test_needs_write_accounts_scope(api, user):
    response = api.patch(URL, {"display_name": "x"}, token=make_token(user, scopes="read"))
    assert response.status_code == 403
    assert response.json() == {"error": "This action is outside the authorized scopes"}
    assert api.patch(URL, {"display_name": "x"}, token=make_token(user, scopes="write:accounts")).status_code == 200


def test_needs_a_user(api, db):
    response = api.patch(URL, {"display_name": "x"}, token=make_token(None, scopes="write"))
    assert response.status_code == 422
    assert response.json() == {"error": "This method requires an authenticated user"}
