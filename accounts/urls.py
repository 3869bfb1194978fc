from django.urls import path

from accounts import views, views_registration, views_web

urlpatterns = [
    path("api/v1/accounts", views.AccountsView.as_view()),
    path("api/v1/accounts/verify_credentials", views.VerifyCredentialsView.as_view()),
    path("api/v1/accounts/lookup", views.LookupView.as_view()),
    path("api/v1/accounts/<str:account_id>", views.AccountView.as_view()),
    path("api/v1/accounts/<str:account_id>/identity_proofs", views.IdentityProofsView.as_view()),
    path("api/v1/emails/confirmations", views_registration.EmailConfirmationsView.as_view()),
    path("api/v1/emails/check_confirmation", views_registration.CheckConfirmationView.as_view()),
    path("@<str:username>", views_web.profile, name="profile"),
    path("auth/confirmation", views_registration.confirmation_page, name="confirmation"),
]
