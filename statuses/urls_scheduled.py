from django.urls import path

from statuses import views_scheduled as views

urlpatterns = [
    path("api/v1/scheduled_statuses", views.ScheduledStatusesView.as_view()),
    path("api/v1/scheduled_statuses/<str:scheduled_id>", views.ScheduledStatusView.as_view()),
]
