from django.urls import path

from cards import views

urlpatterns = [
    path("api/v1/statuses/<str:status_id>/card", views.StatusCardView.as_view()),
]
