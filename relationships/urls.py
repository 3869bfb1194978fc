from django.urls import path

from relationships import views, views_directory, views_lists, views_search, views_suggestions

ACCOUNT = "api/v1/accounts/<str:account_id>"

urlpatterns = [
    path("api/v1/directory", views_directory.DirectoryView.as_view()),
    # Before accounts' api/v1/accounts/<id>, which would take these names for ids.
    path("api/v1/accounts/relationships", views.RelationshipsView.as_view()),
    path("api/v1/accounts/familiar_followers", views.FamiliarFollowersView.as_view()),
    path("api/v1/accounts/search", views_search.SearchView.as_view()),
    path(f"{ACCOUNT}/follow", views.FollowView.as_view()),
    path(f"{ACCOUNT}/unfollow", views.UnfollowView.as_view()),
    path(f"{ACCOUNT}/remove_from_followers", views.RemoveFromFollowersView.as_view()),
    path(f"{ACCOUNT}/block", views.BlockView.as_view()),
    path(f"{ACCOUNT}/unblock", views.UnblockView.as_view()),
    path(f"{ACCOUNT}/mute", views.MuteView.as_view()),
    path(f"{ACCOUNT}/unmute", views.UnmuteView.as_view()),
    path(f"{ACCOUNT}/pin", views.PinView.as_view()),
    path(f"{ACCOUNT}/endorse", views.PinView.as_view()),
    path(f"{ACCOUNT}/unpin", views.UnpinView.as_view()),
    path(f"{ACCOUNT}/unendorse", views.UnpinView.as_view()),
    path(f"{ACCOUNT}/note", views.NoteView.as_view()),
    path(f"{ACCOUNT}/followers", views_lists.FollowersView.as_view()),
    path(f"{ACCOUNT}/following", views_lists.FollowingView.as_view()),
    path(f"{ACCOUNT}/endorsements", views_lists.AccountEndorsementsView.as_view()),
    path("api/v1/blocks", views_lists.BlocksView.as_view()),
    path("api/v1/mutes", views_lists.MutesView.as_view()),
    path("api/v1/endorsements", views_lists.EndorsementsView.as_view()),
    path("api/v1/domain_blocks", views_lists.DomainBlocksView.as_view()),
    path("api/v1/follow_requests", views_lists.FollowRequestsView.as_view()),
    path("api/v1/follow_requests/<str:account_id>/authorize", views.FollowRequestAuthorizeView.as_view()),
    path("api/v1/follow_requests/<str:account_id>/reject", views.FollowRequestRejectView.as_view()),
    path("api/v1/follows", views.FollowByHandleView.as_view()),
    path("api/v1/suggestions", views_suggestions.SuggestionsView.as_view()),
    path("api/v2/suggestions", views_suggestions.SuggestionsV2View.as_view()),
    path("api/v1/suggestions/<str:account_id>", views_suggestions.DismissSuggestionView.as_view()),
    path("api/v2/suggestions/<str:account_id>", views_suggestions.DismissSuggestionView.as_view()),
]
