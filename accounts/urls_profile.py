"""Routes for editing one's own profile and account (before accounts.urls, whose
/api/v1/accounts/<id> would otherwise take /api/v1/accounts/update_credentials)."""
from django.urls import path

from accounts import views_profile as views

urlpatterns = [
    path("api/v1/accounts/update_credentials", views.UpdateCredentialsView.as_view()),
    path("api/v1/profile/avatar", views.ProfileImageView.as_view(kind="avatar")),
    path("api/v1/profile/header", views.ProfileImageView.as_view(kind="header")),
    path("api/v1/preferences", views.PreferencesView.as_view()),
    path("api/pleroma/change_password", views.ChangePasswordView.as_view()),
    path("api/pleroma/change_email", views.ChangeEmailView.as_view()),
    path("api/pleroma/delete_account", views.DeleteAccountView.as_view()),
]
