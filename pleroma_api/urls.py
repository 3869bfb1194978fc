from django.urls import path

from pleroma_api import views, views_archives, views_conversations, views_reports
from relationships.views_lists import AccountEndorsementsView

ACCOUNT = "api/v1/pleroma/accounts/<str:account_id>"

urlpatterns = [
    path("api/v1/pleroma/accounts/confirmation_resend", views.ConfirmationResendView.as_view()),
    path(f"{ACCOUNT}/subscribe", views.SubscribeView.as_view()),
    path(f"{ACCOUNT}/unsubscribe", views.UnsubscribeView.as_view()),
    path(f"{ACCOUNT}/favourites", views.AccountFavouritesView.as_view()),
    path(f"{ACCOUNT}/endorsements", AccountEndorsementsView.as_view()),
    path(f"{ACCOUNT}/scrobbles", views.ScrobblesView.as_view()),
    path("api/v1/pleroma/statuses/<str:status_id>/quotes", views.QuotesView.as_view()),
    path("api/v1/pleroma/scrobble", views.ScrobbleView.as_view()),
    path("api/v1/pleroma/birthdays", views.BirthdaysView.as_view()),
    path("api/pleroma/aliases", views.AliasesView.as_view()),
    path("api/pleroma/disable_account", views.DisableAccountView.as_view()),
    path("api/pleroma/move_account", views.MoveAccountView.as_view()),
    path("api/v1/pleroma/mascot", views.MascotView.as_view()),
    path("api/pleroma/notification_settings", views.NotificationSettingsView.as_view()),
    path("api/v1/pleroma/settings/<str:app>", views.FrontendSettingsView.as_view()),
    path("api/pleroma/frontend_configurations", views.FrontendConfigurationsView.as_view()),
    path("api/v1/pleroma/healthcheck", views.HealthcheckView.as_view()),
    path("api/v1/pleroma/federation_status", views.FederationStatusView.as_view()),
    path("api/v1/pleroma/emoji", views.EmojiView.as_view()),
    path("api/v1/pleroma/emoji/packs", views.EmojiPacksView.as_view()),
    path("api/v1/pleroma/emoji/pack", views.EmojiPackView.as_view()),
    path("api/v1/pleroma/emoji/packs/archive", views.EmojiPackArchiveView.as_view()),
    path("api/pleroma/emoji", views.EmojiView.as_view()),
    path("api/pleroma/captcha", views.CaptchaView.as_view()),
    path("api/v1/pleroma/captcha", views.CaptchaView.as_view()),  # where Pleroma 2.x routes it
    path("api/v1/pleroma/reports", views_reports.ReportsView.as_view()),
    path("api/v1/pleroma/reports/<str:report_id>", views_reports.ReportView.as_view()),
    path("api/v1/pleroma/remote_interaction", views.RemoteInteractionView.as_view()),
    path("main/ostatus", views.remote_subscribe),
    # Pleroma's remote-follow address (its WebFinger subscribe template): a status's page, else
    # as this server's own (/authorize_interaction).
    path("ostatus_subscribe", views.ostatus_subscribe),
    path("api/pleroma/follow_import", views_archives.ImportView.as_view()),
    path("api/pleroma/mutes_import", views_archives.MutesImportView.as_view()),
    path("api/pleroma/blocks_import", views_archives.BlocksImportView.as_view()),
    path("api/pleroma/imports", views_archives.ImportsView.as_view()),
    path("api/v1/pleroma/backups", views_archives.BackupsView.as_view()),
    path("api/v1/pleroma/conversations/read", views_conversations.ConversationsReadView.as_view()),
    path("api/v1/pleroma/conversations/<str:conversation_id>", views_conversations.ConversationView.as_view()),
    path("api/v1/pleroma/conversations/<str:conversation_id>/statuses",
         views_conversations.ConversationStatusesView.as_view()),
]
