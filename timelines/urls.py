from django.urls import path

from timelines import views_lists, views_markers

urlpatterns = [
    path("api/v1/lists", views_lists.ListsView.as_view()),
    path("api/v1/lists/<str:list_id>", views_lists.ListView.as_view()),
    path("api/v1/lists/<str:list_id>/accounts", views_lists.ListAccountsView.as_view()),
    # Also routed (as a stub) in accounts.urls: timelines.urls is included before it.
    path("api/v1/accounts/<str:account_id>/lists", views_lists.AccountListsView.as_view()),
    path("api/v1/markers", views_markers.MarkersView.as_view()),
]
