from django.urls import path

from accounts import views, views_profile, views_registration, views_web

urlpatterns = [
    # api/v1/accounts (GET here, POST signs up): oauth.views_registration.AccountsView.
    path("api/v1/accounts/verify_credentials", views.VerifyCredentialsView.as_view()),
    # Before api/v1/accounts/<id>, which would take this name for an id.
    path("api/v1/accounts/update_credentials", views_profile.UpdateCredentialsView.as_view()),
    path("api/v1/profile/avatar", views_profile.ProfileImageView.as_view(kind="avatar")),
    path("api/v1/profile/header", views_profile.ProfileImageView.as_view(kind="header")),
    path("api/v1/preferences", views_profile.PreferencesView.as_view()),
    path("api/pleroma/change_password", views_profile.ChangePasswordView.as_view()),
    path("api/pleroma/change_email", views_profile.ChangeEmailView.as_view()),
    path("api/pleroma/delete_account", views_profile.DeleteAccountView.as_view()),
    path("api/v1/accounts/lookup", views.LookupView.as_view()),
    path("api/v1/accounts/<str:account_id>", views.AccountView.as_view()),
    path("api/v1/accounts/<str:account_id>/identity_proofs", views.IdentityProofsView.as_view()),
    path("api/v1/emails/confirmations", views_registration.EmailConfirmationsView.as_view()),
    path("api/v1/emails/check_confirmation", views_registration.CheckConfirmationView.as_view()),
    path("@<str:username>", views_web.profile, name="profile"),
    path("auth/confirmation", views_registration.confirmation_page, name="confirmation"),
]
