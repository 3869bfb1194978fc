from django.urls import path

from media_attachments import views

urlpatterns = [
    path("api/v1/media", views.MediaCreateView.as_view()),
    path("api/v2/media", views.MediaCreateV2View.as_view()),
    path("api/v1/media/<str:media_id>", views.MediaView.as_view()),
]
