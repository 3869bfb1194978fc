"""POST /api/v1/statuses and reading statuses back."""
from statuses.models import Status


def test_post_renders_text_mentions_and_tags(api, alice, bob, token_of):
    response = api.post("/api/v1/statuses", {"status": "Hi @bob, see https://example.com/a #Cats", "language": "en"},
                        token=token_of(alice))
    assert response.status_code == 200, response.content
    status = response.json()
    assert status["account"]["id"] == str(alice.account.id)
    assert status["visibility"] == "public"
    assert status["mentions"][0]["acct"] == "bob"
    assert status["tags"] == [{"name": "Cats", "url": status["tags"][0]["url"]}]
    assert 'class="u-url mention"' in status["content"]
    assert 'rel="tag"' in status["content"]
    assert status["url"].endswith(f"/@alice/{status['id']}")
    assert status["favourited"] is False and status["reblogged"] is False
    assert status["language"] == "en"
    assert status["application"]["name"]
    fetched = api.get(f"/api/v1/statuses/{status['id']}").json()
    assert fetched["id"] == status["id"]
    assert fetched["favourited"] is None


def test_counters(api, alice, token_of, post):
    first = post(alice, "one")
    post(alice, "reply", in_reply_to_id=first["id"])
    post(alice, "dm to nobody", visibility="direct")
    alice.account.refresh_from_db()
    assert alice.account.statuses_count == 2
    assert Status.objects.get(pk=first["id"]).replies_count == 1


def test_blank_and_too_long(api, alice, token_of):
    response = api.post("/api/v1/statuses", {"status": "  "}, token=token_of(alice))
    assert response.status_code == 422
    assert response.json()["error"] == "Validation failed: Text can't be blank"
    response = api.post("/api/v1/statuses", {"status": "x" * 501}, token=token_of(alice))
    assert response.status_code == 422
    # a URL counts as 23 characters whatever its length
    response = api.post("/api/v1/statuses", {"status": "x" * 470 + " https://example.com/" + "y" * 100},
                        token=token_of(alice))
    assert response.status_code == 200


def test_bad_visibility_and_reply(api, alice, token_of):
    assert api.post("/api/v1/statuses", {"status": "x", "visibility": "everyone"},
                    token=token_of(alice)).status_code == 422
    response = api.post("/api/v1/statuses", {"status": "x", "in_reply_to_id": "123"}, token=token_of(alice))
    assert response.status_code == 404


def test_reply_to_invisible_status_is_404(api, alice, bob, token_of, post):
    secret = post(alice, "followers only", visibility="private")
    response = api.post("/api/v1/statuses", {"status": "x", "in_reply_to_id": secret["id"]}, token=token_of(bob))
    assert response.status_code == 404


def test_private_and_direct_visibility(api, alice, bob, carol, token_of, post):
    private = post(alice, "private", visibility="private")
    direct = post(alice, "hey @bob", visibility="direct")
    assert api.get(f"/api/v1/statuses/{private['id']}").status_code == 404
    assert api.get(f"/api/v1/statuses/{private['id']}", token=token_of(bob)).status_code == 404
    assert api.get(f"/api/v1/statuses/{direct['id']}", token=token_of(bob)).status_code == 200
    assert api.get(f"/api/v1/statuses/{direct['id']}", token=token_of(carol)).status_code == 404
    api.post(f"/api/v1/accounts/{alice.account.id}/follow", token=token_of(bob))
    assert api.get(f"/api/v1/statuses/{private['id']}", token=token_of(bob)).status_code == 200
    assert api.get(f"/api/v1/statuses/{private['id']}/context", token=token_of(carol)).status_code == 404
    many = api.get("/api/v1/statuses", {"id[]": [private["id"], direct["id"]]}, token=token_of(carol)).json()
    assert many == []


def test_blocked_viewer_cannot_see(api, alice, bob, token_of, post):
    status = post(alice, "public")
    api.post(f"/api/v1/accounts/{bob.account.id}/block", token=token_of(alice))
    assert api.get(f"/api/v1/statuses/{status['id']}", token=token_of(bob)).status_code == 404
    assert api.get(f"/api/v1/statuses/{status['id']}").status_code == 200


def test_idempotency_key(api, alice, token_of):
    headers = {"Idempotency-Key": "abc"}
    first = api.post("/api/v1/statuses", {"status": "once"}, token=token_of(alice), headers=headers).json()
    second = api.post("/api/v1/statuses", {"status": "once"}, token=token_of(alice), headers=headers).json()
    assert first["id"] == second["id"]
    assert Status.objects.filter(account=alice.account).count() == 1


def test_context_and_delete(api, alice, bob, token_of, post):
    root = post(alice, "root")
    reply = post(bob, "reply", in_reply_to_id=root["id"])
    nested = post(alice, "nested", in_reply_to_id=reply["id"])
    context = api.get(f"/api/v1/statuses/{nested['id']}/context").json()
    assert [s["id"] for s in context["ancestors"]] == [root["id"], reply["id"]]
    context = api.get(f"/api/v1/statuses/{root['id']}/context").json()
    assert [s["id"] for s in context["descendants"]] == [reply["id"], nested["id"]]
    deleted = api.delete(f"/api/v1/statuses/{nested['id']}", token=token_of(alice))
    assert deleted.status_code == 200
    assert deleted.json()["text"] == "nested"
    assert api.get(f"/api/v1/statuses/{nested['id']}").status_code == 404
    assert api.delete(f"/api/v1/statuses/{reply['id']}", token=token_of(alice)).status_code == 404


def test_source_and_edit_history(api, alice, token_of, post):
    status = post(alice, "first version")
    assert api.get(f"/api/v1/statuses/{status['id']}/source", token=token_of(alice)).json()["text"] == "first version"
    response = api.put(f"/api/v1/statuses/{status['id']}", {"status": "second version"}, token=token_of(alice))
    assert response.status_code == 200
    assert response.json()["edited_at"] is not None
    assert "second version" in response.json()["content"]


def test_scopes(api, alice, make_token):
    read_only = make_token(alice, scopes="read")
    assert api.post("/api/v1/statuses", {"status": "x"}, token=read_only).status_code == 403
    assert api.post("/api/v1/statuses", {"status": "x"}).status_code == 401


def test_rendering_a_page_runs_constant_queries(api, alice, bob, carol, token_of, post,
                                                django_assert_max_num_queries):
    from statuses.serializers import render_statuses

    api.patch("/api/v1/accounts/update_credentials", {"note": "friend of @carol"}, token=token_of(bob))
    ids = []
    for index in range(20):
        author = (alice, bob, carol)[index % 3]
        status = post(author, f"post {index} @alice #tag{index}", visibility="public")
        ids.append(int(status["id"]))
        reblog = api.post(f"/api/v1/statuses/{status['id']}/reblog", token=token_of((bob, carol, alice)[index % 3]))
        ids.append(int(reblog.json()["id"]))
        api.post(f"/api/v1/statuses/{status['id']}/favourite", token=token_of(alice))
    with django_assert_max_num_queries(16):
        rendered = render_statuses(ids, alice.account)
    assert len(rendered) == 40
    assert 'class="u-url mention"' in next(s for s in rendered if s["account"]["username"] == "bob")["account"]["note"]
