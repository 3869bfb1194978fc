from django.urls import path

from instance_api import discovery, views

urlpatterns = [
    path("api/v1/instance", views.V1InstanceView.as_view()),
    path("api/v2/instance", views.InstanceView.as_view()),
    path("api/v1/instance/peers", views.PeersView.as_view()),
    path("api/v1/instance/activity", views.ActivityView.as_view()),
    path("api/v1/instance/rules", views.RulesView.as_view()),
    path("api/v1/instance/extended_description", views.ExtendedDescriptionView.as_view()),
    path("api/v1/instance/privacy_policy", views.PrivacyPolicyView.as_view()),
    path("api/v1/instance/terms_of_service", views.TermsOfServiceView.as_view()),
    path("api/v1/instance/terms_of_service/<str:date_text>", views.TermsOfServiceView.as_view()),
    path("api/v1/instance/translation_languages", views.TranslationLanguagesView.as_view()),
    path("api/v1/instance/languages", views.LanguagesView.as_view()),
    path("api/v1/instance/domain_blocks", views.DomainBlocksView.as_view()),
    path("api/v1/custom_emojis", views.CustomEmojisView.as_view()),
    path(".well-known/webfinger", discovery.WebfingerView.as_view()),
    path(".well-known/host-meta", discovery.HostMetaView.as_view()),
    path(".well-known/nodeinfo", discovery.NodeInfoLinksView.as_view()),
    path("nodeinfo/2.0", discovery.NodeInfoView.as_view()),
    path("authorize_interaction", discovery.authorize_interaction),
]
