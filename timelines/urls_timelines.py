from django.urls import path

from timelines import views_timelines as views

urlpatterns = [
    path("api/v1/timelines/home", views.HomeTimelineView.as_view()),
    path("api/v1/timelines/public", views.PublicTimelineView.as_view()),
    path("api/v1/timelines/tag/<str:hashtag>", views.TagTimelineView.as_view()),
    path("api/v1/timelines/list/<str:list_id>", views.ListTimelineView.as_view()),
    path("api/v1/timelines/direct", views.DirectTimelineView.as_view()),
    path("api/v1/timelines/link", views.LinkTimelineView.as_view()),
    path("api/v1/conversations", views.ConversationsView.as_view()),
    path("api/v1/conversations/<str:conversation_id>", views.ConversationView.as_view()),
    path("api/v1/conversations/<str:conversation_id>/read", views.ConversationReadView.as_view()),
    path("api/v1/bookmarks", views.BookmarksView.as_view()),
    path("api/v1/favourites", views.FavouritesView.as_view()),
]
