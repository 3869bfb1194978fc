from django.urls import path

from reports import views

urlpatterns = [
    path("api/v1/reports", views.ReportsView.as_view()),
]
