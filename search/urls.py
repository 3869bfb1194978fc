from django.urls import path

from search import views

urlpatterns = [
    path("api/v2/search", views.SearchView.as_view()),
    path("api/v1/search", views.SearchV1View.as_view()),
]
