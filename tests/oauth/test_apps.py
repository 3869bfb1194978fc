def test_create_app_form(api, db):
    response = api.post("/api/v1/apps", {"client_name": "My app", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
                                         "scopes": "read write push", "website": "https://example.com"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "My app"
    assert body["scopes"] == ["read", "write", "push"]
    assert body["redirect_uris"] == ["urn:ietf:wg:oauth:2.0:oob"]
    assert body["client_id"] and body["client_secret"]
    assert body["vapid_key"]


def test_create_app_json_and_query_without_content_type(api, db):
    response = api.post("/api/v1/apps", {"client_name": "J", "redirect_uris": ["https://a.example/cb", "myapp://cb"]},
                        format="json")
    assert response.status_code == 200
    assert response.json()["redirect_uris"] == ["https://a.example/cb", "myapp://cb"]
    assert response.json()["scopes"] == ["read"]
    response = api.post("/api/v1/apps", {"client_name": "Q", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"},
                        format="query")
    assert response.status_code == 200


def test_create_app_validation(api, db):
    response = api.post("/api/v1/apps", {"redirect_uris": "not a uri", "scopes": "read bogus"})
    assert response.status_code == 422
    body = response.json()
    assert set(body["details"]) == {"name", "redirect_uris", "scopes"}


def test_app_verify_credentials(api, make_app, make_token):
    app = make_app(scopes="read")
    token = make_token(None, scopes="read", app=app)
    response = api.get("/api/v1/apps/verify_credentials", token=token)
    assert response.status_code == 200
    assert response.json()["name"] == app.name
    assert "client_secret" not in response.json()
    assert api.get("/api/v1/apps/verify_credentials").status_code == 401


def test_script_redirect_uris_are_refused(api, db):
    for uri in ["javascript:alert(1)", "data:text/html,hi", "VBScript:x"]:
        response = api.post("/api/v1/apps", {"client_name": "x", "redirect_uris": uri})
        assert response.status_code == 422, uri
        assert "redirect_uris" in response.json()["details"]
