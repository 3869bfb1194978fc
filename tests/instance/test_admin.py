"""The Django admin pages of the instance settings."""
import pytest
from django.test import Client

from instance.models import CustomEmoji, DomainBlock, Rule, SiteSettings
from tests.factories import make_user


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(make_user("boss", role="Admin"))
    return client


def test_site_settings_changelist_opens_the_one_row(admin_client):
    response = admin_client.get("/admin/instance/sitesettings/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/instance/sitesettings/1/change/"
    response = admin_client.get("/admin/instance/sitesettings/1/change/")
    assert response.status_code == 200
    assert b"registrations_mode" in response.content
    assert b"vapid_private_key" not in response.content


def test_site_settings_cannot_be_added_twice_or_deleted(admin_client):
    SiteSettings.load()
    assert admin_client.get("/admin/instance/sitesettings/add/").status_code == 403
    assert admin_client.get("/admin/instance/sitesettings/1/delete/").status_code == 403


def test_site_settings_edit_shows_in_the_api(admin_client, api):
    form = admin_client.get("/admin/instance/sitesettings/1/change/").context["adminform"].form
    data = {name: "" if value is None else value for name, value in form.initial.items()
            if name in form.fields and name != "thumbnail"}
    data.update(title="Edited", registrations_mode="approved", extended_description="About us",
                languages='["en", "fr"]', show_domain_blocks="all")
    response = admin_client.post("/admin/instance/sitesettings/1/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    site = SiteSettings.load()
    assert site.extended_description_updated_at is not None
    body = api.get("/api/v2/instance").json()
    assert body["title"] == "Edited"
    assert body["registrations"]["approval_required"] is True
    assert body["languages"] == ["en", "fr"]
    assert api.get("/api/v1/instance/extended_description").json()["content"] == "<p>About us</p>"


def test_terms_of_service_need_an_effective_date(admin_client):
    form = admin_client.get("/admin/instance/sitesettings/1/change/").context["adminform"].form
    data = {name: "" if value is None else value for name, value in form.initial.items()
            if name in form.fields and name != "thumbnail"}
    data.update(languages="[]", terms_of_service="Rules.")
    response = admin_client.post("/admin/instance/sitesettings/1/change/", data)
    assert response.status_code == 200
    assert "terms_of_service_effective_date" in response.context["adminform"].form.errors


@pytest.mark.parametrize("path", ["/admin/instance/rule/", "/admin/instance/rule/add/",
                                  "/admin/instance/customemoji/", "/admin/instance/customemoji/add/",
                                  "/admin/instance/domainblock/", "/admin/instance/domainblock/add/"])
def test_other_pages_open(admin_client, path):
    Rule.objects.create(text="Be kind")
    CustomEmoji.objects.create(shortcode="blob", image="custom_emojis/blob.png")
    DomainBlock.objects.create(domain="bad.example")
    assert admin_client.get(path).status_code == 200


def test_domain_block_added_in_admin_is_lowercased(admin_client):
    response = admin_client.post("/admin/instance/domainblock/add/", {
        "domain": " Bad.Example ", "severity": "suspend", "public_comment": "", "private_comment": ""})
    assert response.status_code == 302
    assert DomainBlock.objects.get().domain == "bad.example"


def test_non_staff_cannot_open_admin(db):
    client = Client()
    client.force_login(make_user("regular"))
    response = client.get("/admin/instance/sitesettings/1/change/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
