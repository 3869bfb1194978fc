from django.urls import path

from filters import views

urlpatterns = [
    path("api/v2/filters", views.FiltersView.as_view()),
    # Before api/v2/filters/<id>/...: "keywords" and "statuses" are not filter ids.
    path("api/v2/filters/keywords/<str:keyword_id>", views.FilterKeywordView.as_view()),
    path("api/v2/filters/statuses/<str:filter_status_id>", views.FilterStatusView.as_view()),
    path("api/v2/filters/<str:filter_id>", views.FilterView.as_view()),
    path("api/v2/filters/<str:filter_id>/keywords", views.FilterKeywordsView.as_view()),
    # api/v2/filters/<id>/statuses: the statuses app's (statuses.views_filters).
    path("api/v1/filters", views.V1FiltersView.as_view()),
    path("api/v1/filters/<str:keyword_id>", views.V1FilterView.as_view()),
]
