"""Each set-up answers as the README says: the instance, a password-grant sign-in."""


def test_password_grant_user_reads_its_account(deployment):
    api = deployment.user()
    me = api.account_verify_credentials()
    assert me["acct"] == api.username
    assert api.instance()["version"].startswith("4.7.0 (compatible; fedi")
