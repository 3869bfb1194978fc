from django.urls import path

from chats import views

urlpatterns = [
    path("api/v1/pleroma/chats/by-account-id/<str:account_id>", views.ChatByAccountView.as_view()),
    path("api/v2/pleroma/chats", views.ChatsView.as_view()),
    path("api/v1/pleroma/chats", views.ChatsV1View.as_view()),
    path("api/v1/pleroma/chats/<str:chat_id>", views.ChatView.as_view()),
    path("api/v1/pleroma/chats/<str:chat_id>/messages", views.MessagesView.as_view()),
    path("api/v1/pleroma/chats/<str:chat_id>/messages/<str:message_id>", views.MessageView.as_view()),
    path("api/v1/pleroma/chats/<str:chat_id>/messages/<str:message_id>/read", views.MessageReadView.as_view()),
    path("api/v1/pleroma/chats/<str:chat_id>/read", views.ReadView.as_view()),
]
