from django.urls import path

from oauth import views_api, views_registration, views_token, views_web

urlpatterns = [
    path("api/v1/accounts", views_registration.AccountsView.as_view()),  # GET accounts, POST signs up
    path("api/v1/apps", views_api.AppsView.as_view()),
    path("api/v1/apps/verify_credentials", views_api.AppVerifyCredentialsView.as_view()),
    path("auth/sign_in", views_web.SignInView.as_view(), name="sign-in"),
    path("auth/sign_out", views_web.SignOutView.as_view(), name="sign-out"),
    path("auth/password/edit", views_web.PasswordResetView.as_view(), name="password-reset"),
    path("oauth/authorize", views_web.AuthorizeView.as_view(), name="oauth-authorize"),
    path("oauth/authorize/native", views_web.AuthorizationCodeView.as_view(), name="oauth-authorize-native"),
    path("oauth/token", views_token.TokenView.as_view(), name="oauth-token"),
    path("oauth/revoke", views_token.RevokeView.as_view(), name="oauth-revoke"),
    path("oauth/userinfo", views_api.UserinfoView.as_view(), name="oauth-userinfo"),
    path(".well-known/oauth-authorization-server", views_api.AuthorizationServerMetadataView.as_view()),
]
