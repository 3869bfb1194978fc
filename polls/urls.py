from django.urls import path

from polls import views

urlpatterns = [
    path("api/v1/polls/<str:poll_id>", views.PollView.as_view()),
    path("api/v1/polls/<str:poll_id>/votes", views.PollVotesView.as_view()),
]
