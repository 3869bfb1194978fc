from django.urls import path

from account_collections import views

urlpatterns = [
    path("api/v1/collections", views.CollectionsView.as_view()),
    path("api/v1/collections/<str:collection_id>", views.CollectionView.as_view()),
    path("api/v1/collections/<str:collection_id>/items", views.CollectionItemsView.as_view()),
    path("api/v1/collections/<str:collection_id>/items/<str:item_id>", views.CollectionItemView.as_view()),
    path("api/v1/collections/<str:collection_id>/items/<str:item_id>/revoke", views.RevokeItemView.as_view()),
    path("api/v1/accounts/<str:account_id>/collections", views.AccountCollectionsView.as_view()),
    path("api/v1/accounts/<str:account_id>/in_collections", views.AccountInCollectionsView.as_view()),
]
