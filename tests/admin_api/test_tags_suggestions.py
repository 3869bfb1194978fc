"""Staff picks as follow suggestions (the `featured` source) and moderation tags in the
Account entity's pleroma.tags, set through the Pleroma admin API and the Django admin."""
import pytest

from accounts.models import Account, EmailDomainBlock
from accounts.services import blocks
from admin_api.models import AccountTag, AuditLogEntry, SuggestedAccount
from relationships import services as relationships
from tests.accounts.test_admin import admin_login
from tests.factories import make_token, make_user

pytestmark = pytest.mark.django_db
BASE = "/api/v1/pleroma/admin"


def test_staff_picks_come_first_in_suggestions(api, admin_token):
    viewer = make_user("viewer")
    token = make_token(viewer)
    pick, other = make_user("pick"), make_user("popular")
    Account.objects.filter(pk=other.account.pk).update(followers_count=50)
    assert api.patch(f"{BASE}/users/suggest", {"nicknames": ["pick"]}, token=admin_token,
                     format="json").status_code == 200
    items = api.get("/api/v2/suggestions", token=token).json()
    # active lately, so also among the popular ones: every source is listed, the first named
    assert (items[0]["account"]["username"], items[0]["sources"][0], items[0]["source"]) == ("pick", "featured",
                                                                                             "staff")
    assert "popular" in [item["account"]["username"] for item in items]
    assert api.get("/api/v1/suggestions", token=token).json()[0]["username"] == "pick"
    # followed (or dismissed) picks are not suggested again
    relationships.follow(viewer.account, pick.account)
    assert "pick" not in [item["account"]["username"] for item in api.get("/api/v2/suggestions", token=token).json()]
    api.patch(f"{BASE}/users/unsuggest", {"nicknames": ["pick"]}, token=admin_token, format="json")
    assert not SuggestedAccount.objects.exists()


def test_moderation_tags_show_in_the_account_entity(api, admin_token, django_assert_max_num_queries):
    tagged = make_user("tagged")
    token = make_token(make_user("looker"))
    response = api.put(f"{BASE}/users/tag", {"nicknames": ["tagged"], "tags": ["mrf_tag:media-strip", "watch"]},
                       token=admin_token, format="json")
    assert response.status_code in (200, 204)
    body = api.get(f"/api/v1/accounts/{tagged.account.id}", token=token).json()
    assert body["pleroma"]["tags"] == ["mrf_tag:media-strip", "watch"]
    api.delete(f"{BASE}/users/tag", {"nicknames": ["tagged"], "tags": ["watch"]}, token=admin_token, format="json")
    assert api.get(f"/api/v1/accounts/{tagged.account.id}", token=token).json()["pleroma"]["tags"] == [
        "mrf_tag:media-strip"]
    # rendering needs no query for tags: a list costs the same with or without them
    for index in range(3):
        make_user(f"more{index}")
    ids = [str(account.id) for account in Account.objects.all()]
    with django_assert_max_num_queries(6):
        accounts = api.get("/api/v1/accounts", {"id[]": ids}, token=token).json()
    assert {account["acct"]: account["pleroma"]["tags"] for account in accounts}["tagged"] == ["mrf_tag:media-strip"]


def test_django_admin_goes_through_the_services(monkeypatch):
    make_user("boss", email="boss@example.com", role="Owner")
    client, _ = admin_login("boss")
    target = make_user("target")
    response = client.post("/admin/admin_api/accounttag/add/", {"account": target.account.id, "name": "spammy"})
    assert response.status_code == 302, response.content[:2000]
    assert Account.objects.get(pk=target.account.pk).moderation_tag_names == ["spammy"]
    tag = AccountTag.objects.get()
    response = client.post("/admin/admin_api/accounttag/", {"action": "delete_selected", "_selected_action": [tag.pk],
                                                            "post": "yes"})
    assert response.status_code == 302
    assert Account.objects.get(pk=target.account.pk).moderation_tag_names == []
    assert {"tag", "untag"} <= set(AuditLogEntry.objects.values_list("action", flat=True))
    assert client.post("/admin/admin_api/suggestedaccount/add/", {"account": target.account.id}).status_code == 302
    assert AuditLogEntry.objects.filter(action="suggest").exists()
    monkeypatch.setattr(blocks, "_resolve_mx", lambda domain: ["mx.mailhost.example"])
    response = client.post("/admin/accounts/emaildomainblock/add/", {"domain": "Spam.Example"})
    assert response.status_code == 302
    block = EmailDomainBlock.objects.get(domain="spam.example")
    assert list(block.children.values_list("domain", flat=True)) == ["mx.mailhost.example"]
    page = client.get("/admin/accounts/emaildomainblock/")
    assert page.status_code == 200 and b"mx.mailhost.example" in page.content
    response = client.post("/admin/accounts/emaildomainblock/", {
        "action": "delete_selected", "_selected_action": list(EmailDomainBlock.objects.values_list("pk", flat=True)),
        "post": "yes"})
    assert response.status_code == 302 and not EmailDomainBlock.objects.exists()


def test_account_moderation_actions_in_the_django_admin():
    from admin_api.models import AccountWarning

    make_user("chief", email="chief@example.com", role="Admin")
    client, _ = admin_login("chief")
    target, peer = make_user("noisy", email="noisy@mail.example"), make_user("peer", role="Admin")
    token = make_token(target)
    page = client.get("/admin/accounts/account/", {"q": "noisy@mail.example"})
    assert page.status_code == 200 and b"noisy" in page.content
    assert client.get("/admin/accounts/account/", {"silenced_at__isempty": "0", "user__role__id__exact": "1"}
                      ).status_code == 200
    ids = [target.account.pk, peer.account.pk]
    response = client.post("/admin/accounts/account/", {"action": "suspend", "_selected_action": ids})
    assert response.status_code == 302
    assert Account.objects.get(pk=target.account.pk).suspended_at is not None
    assert Account.objects.get(pk=peer.account.pk).suspended_at is None  # an equal role: skipped
    assert AccountWarning.objects.filter(target_account=target.account, action="suspend").exists()
    from tests.conftest import ApiClient

    assert ApiClient().get("/api/v1/accounts/verify_credentials", token=token).status_code == 401
    client.post("/admin/accounts/account/", {"action": "unsuspend", "_selected_action": ids})
    assert Account.objects.get(pk=target.account.pk).suspended_at is None
    client.post("/admin/accounts/account/", {"action": "silence", "_selected_action": [target.account.pk]})
    assert Account.objects.get(pk=target.account.pk).silenced_at is not None
    client.post("/admin/accounts/account/", {"action": "unsilence", "_selected_action": [target.account.pk]})
    assert Account.objects.get(pk=target.account.pk).silenced_at is None
    assert {"suspend", "unsuspend", "silence", "unsilence"} <= set(AuditLogEntry.objects.values_list("action",
                                                                                                     flat=True))
