from django.urls import path

from announcements import views

urlpatterns = [
    path("api/v1/announcements", views.AnnouncementsView.as_view()),
    path("api/v1/announcements/<str:announcement_id>/dismiss", views.DismissView.as_view()),
    path("api/v1/announcements/<str:announcement_id>/reactions/<path:name>", views.ReactionView.as_view()),
]
