from django.urls import path

from notifications import views

V1 = "api/v1/notifications"
V2 = "api/v2/notifications"

urlpatterns = [
    path(V1, views.NotificationsView.as_view()),
    path(f"{V1}/clear", views.ClearView.as_view()),
    path(f"{V1}/dismiss", views.DismissByParamView.as_view()),
    path(f"{V1}/destroy_multiple", views.DestroyMultipleView.as_view()),
    path(f"{V1}/unread_count", views.UnreadCountView.as_view()),
    path(f"{V1}/policy", views.V1PolicyView.as_view()),
    path(f"{V1}/requests", views.RequestsView.as_view()),
    path(f"{V1}/requests/accept", views.RequestsAcceptView.as_view()),
    path(f"{V1}/requests/dismiss", views.RequestsDismissView.as_view()),
    path(f"{V1}/requests/merged", views.RequestsMergedView.as_view()),
    path(f"{V1}/requests/<str:request_id>", views.RequestView.as_view()),
    path(f"{V1}/requests/<str:request_id>/accept", views.RequestAcceptView.as_view()),
    path(f"{V1}/requests/<str:request_id>/dismiss", views.RequestDismissView.as_view()),
    path(f"{V1}/<str:notification_id>", views.NotificationView.as_view()),
    path(f"{V1}/<str:notification_id>/dismiss", views.DismissView.as_view()),
    path(V2, views.GroupedNotificationsView.as_view()),
    path(f"{V2}/policy", views.PolicyView.as_view()),
    path(f"{V2}/unread_count", views.GroupedUnreadCountView.as_view()),
    path(f"{V2}/<str:group_key>", views.GroupView.as_view()),
    path(f"{V2}/<str:group_key>/accounts", views.GroupAccountsView.as_view()),
    path(f"{V2}/<str:group_key>/dismiss", views.GroupDismissView.as_view()),
    path("api/v1/push/subscription", views.PushSubscriptionView.as_view()),
    path("api/v1/pleroma/notifications/read", views.PleromaReadView.as_view()),
]
