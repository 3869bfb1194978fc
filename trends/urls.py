from django.urls import path

from trends import views

urlpatterns = [
    path("api/v1/trends", views.TrendingTagsView.as_view()),  # deprecated alias of trends/tags
    path("api/v1/trends/tags", views.TrendingTagsView.as_view()),
    path("api/v1/trends/statuses", views.TrendingStatusesView.as_view()),
    path("api/v1/trends/links", views.TrendingLinksView.as_view()),
]
