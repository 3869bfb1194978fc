"""Pleroma's admin routes (its router.ex), under /api/v1/pleroma/admin/ and the older
/api/pleroma/admin/ prefix."""
from django.urls import path

from admin_api.pleroma import views

USER = "users/<str:nickname>"

routes = [
    path("users/follow", views.FollowView.as_view()),
    path("users/unfollow", views.UnfollowView.as_view()),
    path("users/tag", views.TagView.as_view()),
    path("users/force_password_reset", views.ForcePasswordResetView.as_view()),
    path("users/confirm_email", views.ConfirmEmailView.as_view()),
    path("users/resend_confirmation_email", views.ResendConfirmationView.as_view()),
    path("users/invite_token", views.InviteTokenView.as_view()),
    path("users/invites", views.InvitesView.as_view()),
    path("users/revoke_invite", views.RevokeInviteView.as_view()),
    path("users/email_invite", views.EmailInviteView.as_view()),
    path("users/permission_group/<str:group>", views.PermissionGroupView.as_view()),
    *[path(f"users/{name}", views.batch_view(name, act)) for name, act in views.USER_BATCHES.items()],
    path("users", views.UsersView.as_view()),
    path(USER, views.UserView.as_view()),
    path(f"{USER}/statuses", views.UserStatusesView.as_view()),
    path(f"{USER}/toggle_activation", views.ToggleActivationView.as_view()),
    path(f"{USER}/permission_group", views.UserPermissionGroupsView.as_view()),
    path(f"{USER}/permission_group/<str:group>", views.PermissionGroupView.as_view()),
    path("instances/<str:instance>/statuses", views.InstanceStatusesView.as_view()),
    path("reports", views.ReportsView.as_view()),
    path("reports/<str:report_id>", views.ReportView.as_view()),
    path("reports/<str:report_id>/notes", views.ReportNotesView.as_view()),
    path("reports/<str:report_id>/notes/<str:note_id>", views.ReportNoteView.as_view()),
    path("statuses", views.StatusesView.as_view()),
    path("statuses/<str:status_id>", views.StatusView.as_view()),
    path("announcements", views.AnnouncementsView.as_view()),
    path("announcements/<str:announcement_id>", views.AnnouncementView.as_view()),
    path("oauth_app", views.AppsView.as_view()),
    path("oauth_app/<str:app_id>", views.AppView.as_view()),
    path("instance_document/<str:name>", views.InstanceDocumentView.as_view()),
    path("frontends", views.FrontendsView.as_view()),
    path("frontends/install", views.FrontendsView.as_view()),
    path("config", views.ConfigView.as_view()),
    path("config/descriptions", views.ConfigDescriptionsView.as_view()),
    path("need_reboot", views.NeedRebootView.as_view()),
    path("moderation_log", views.ModerationLogView.as_view()),
    path("stats", views.StatsView.as_view()),
    path("relay", views.RelaysView.as_view()),
    path("media_proxy_caches", views.MediaProxyCachesView.as_view()),
    path("media_proxy_caches/delete", views.MediaProxyCacheActionView.as_view()),
    path("media_proxy_caches/purge", views.MediaProxyCacheActionView.as_view()),
]
