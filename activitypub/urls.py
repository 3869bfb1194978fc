from django.urls import path

from activitypub import views

urlpatterns = [
    path("users/<str:username>", views.actor, name="actor"),
    path("users/<str:username>/followers", views.followers),
    path("users/<str:username>/following", views.following),
    path("users/<str:username>/outbox", views.outbox),
]
