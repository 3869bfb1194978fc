from django.urls import path

from timelines import views_lists, views_markers, views_timelines

urlpatterns = [
    path("api/v1/timelines/home", views_timelines.HomeTimelineView.as_view()),
    path("api/v1/timelines/public", views_timelines.PublicTimelineView.as_view()),
    path("api/v1/timelines/tag/<str:hashtag>", views_timelines.TagTimelineView.as_view()),
    path("api/v1/timelines/list/<str:list_id>", views_timelines.ListTimelineView.as_view()),
    path("api/v1/timelines/direct", views_timelines.DirectTimelineView.as_view()),
    path("api/v1/timelines/link", views_timelines.LinkTimelineView.as_view()),
    path("api/v1/conversations", views_timelines.ConversationsView.as_view()),
    path("api/v1/conversations/<str:conversation_id>", views_timelines.ConversationView.as_view()),
    path("api/v1/conversations/<str:conversation_id>/read", views_timelines.ConversationReadView.as_view()),
    path("api/v1/bookmarks", views_timelines.BookmarksView.as_view()),
    path("api/v1/favourites", views_timelines.FavouritesView.as_view()),
    path("api/v1/lists", views_lists.ListsView.as_view()),
    path("api/v1/lists/<str:list_id>", views_lists.ListView.as_view()),
    path("api/v1/lists/<str:list_id>/accounts", views_lists.ListAccountsView.as_view()),
    # Also routed (as a stub) in accounts.urls: timelines.urls is included before it.
    path("api/v1/accounts/<str:account_id>/lists", views_lists.AccountListsView.as_view()),
    path("api/v1/markers", views_markers.MarkersView.as_view()),
]
