from django.urls import path

from statuses import views

urlpatterns = [
    path("api/v1/statuses", views.StatusesView.as_view()),
    path("api/v1/statuses/<str:status_id>", views.StatusView.as_view()),
    path("api/v1/statuses/<str:status_id>/context", views.ContextView.as_view()),
    path("api/v1/statuses/<str:status_id>/source", views.SourceView.as_view()),
]
