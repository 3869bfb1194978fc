from django.urls import path

from tags import views, views_profile

urlpatterns = [
    path("api/v1/tags/<str:name>", views.TagView.as_view()),
    path("api/v1/tags/<str:name>/follow", views.FollowTagView.as_view()),
    path("api/v1/tags/<str:name>/unfollow", views.UnfollowTagView.as_view()),
    path("api/v1/tags/<str:name>/feature", views.FeatureTagView.as_view()),
    path("api/v1/tags/<str:name>/unfeature", views.UnfeatureTagView.as_view()),
    path("api/v1/followed_tags", views.FollowedTagsView.as_view()),
    path("api/v1/featured_tags", views.FeaturedTagsView.as_view()),
    path("api/v1/featured_tags/suggestions", views.FeaturedTagSuggestionsView.as_view()),
    path("api/v1/featured_tags/<str:featured_tag_id>", views.FeaturedTagView.as_view()),
    path("api/v1/accounts/<str:account_id>/featured_tags", views.AccountFeaturedTagsView.as_view()),
    path("api/v1/profile", views_profile.ProfileView.as_view()),
]
