from django.urls import path

from statuses import (views, views_account_statuses, views_bookmark_folders, views_card, views_embed,
                      views_filters, views_interactions, views_polls, views_quotes, views_scheduled)

urlpatterns = [
    path("api/v1/statuses", views.StatusesView.as_view()),
    path("api/v1/statuses/<str:status_id>", views.StatusView.as_view()),
    path("api/v1/statuses/<str:status_id>/context", views.ContextView.as_view()),
    path("api/v1/statuses/<str:status_id>/source", views.SourceView.as_view()),
    path("api/v1/statuses/<str:status_id>/card", views_card.StatusCardView.as_view()),
    path("api/v1/scheduled_statuses", views_scheduled.ScheduledStatusesView.as_view()),
    path("api/v1/scheduled_statuses/<str:scheduled_id>", views_scheduled.ScheduledStatusView.as_view()),
    path("api/v1/polls/<str:poll_id>", views_polls.PollView.as_view()),
    path("api/v1/polls/<str:poll_id>/votes", views_polls.PollVotesView.as_view()),
    path("api/v1/statuses/<str:status_id>/quotes", views_quotes.QuotesView.as_view()),
    path("api/v1/statuses/<str:status_id>/quotes/<str:quoting_status_id>/revoke",
         views_quotes.RevokeQuoteView.as_view()),
    path("api/v1/statuses/<str:status_id>/interaction_policy", views_quotes.InteractionPolicyView.as_view()),
    path("api/oembed", views_embed.OEmbedView.as_view()),
    path("@<str:username>/<str:status_id>/embed", views_embed.embed_page),
    path("@<str:username>/<str:status_id>", views_embed.status_page),
    # An account's statuses: the statuses app's view (it reads statuses), under accounts' URL.
    path("api/v1/accounts/<str:account_id>/statuses", views_account_statuses.AccountStatusesView.as_view()),
    # A filter's statuses, under the filters app's URL (adding one checks it may be seen).
    path("api/v2/filters/<str:filter_id>/statuses", views_filters.FilterStatusesView.as_view()),
]

urlpatterns += [
    path(f"api/v1/statuses/<str:status_id>/{name}", view.as_view())
    for name, view in {
        "favourite": views_interactions.FavouriteView, "unfavourite": views_interactions.UnfavouriteView,
        "reblog": views_interactions.ReblogView, "unreblog": views_interactions.UnreblogView,
        "bookmark": views_interactions.BookmarkView, "unbookmark": views_interactions.UnbookmarkView,
        "pin": views_interactions.PinView, "unpin": views_interactions.UnpinView,
        "mute": views_interactions.MuteView, "unmute": views_interactions.UnmuteView,
        "favourited_by": views_interactions.FavouritedByView, "reblogged_by": views_interactions.RebloggedByView,
        "history": views_interactions.HistoryView, "translate": views_interactions.TranslateView,
    }.items()
]

# Pleroma's emoji reactions
from statuses import views_reactions  # noqa: E402

urlpatterns += [
    path("api/v1/pleroma/bookmark_folders", views_bookmark_folders.BookmarkFoldersView.as_view()),
    path("api/v1/pleroma/bookmark_folders/<str:folder_id>", views_bookmark_folders.BookmarkFolderView.as_view()),
    path("api/v1/pleroma/statuses/<str:status_id>/reactions", views_reactions.ReactionsView.as_view()),
    path("api/v1/pleroma/statuses/<str:status_id>/reactions/<str:emoji>", views_reactions.ReactionView.as_view()),
]
