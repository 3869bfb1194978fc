"""The instance API: server information, rules, documents, moderated servers, emoji."""
from datetime import date

from rest_framework.response import Response

from fedi.api import Access, ApiView
from fedi.errors import NotFound
from instance import content, services
from instance.languages import ISO_639_1
from instance.models import CustomEmoji, Rule
from instance.serializers import (CustomEmojiSerializer, DocumentSerializer, DomainBlockSerializer, RuleSerializer,
                                  TermsOfServiceSerializer)
from instance_api import queries, stats
from instance_api.serializers import InstanceSerializer, V1InstanceSerializer


class InstanceView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        return Response(InstanceSerializer.render(services.site_settings(), viewer=self.viewer))


class V1InstanceView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        return Response(V1InstanceSerializer.render(services.site_settings(), viewer=self.viewer))


class PeersView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        if not services.site_settings().peers_api_enabled:
            raise NotFound()
        return Response(queries.peers())


class ActivityView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        if not services.site_settings().activity_api_enabled:
            raise NotFound()
        return Response(stats.weekly_activity())


class RulesView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        return Response(RuleSerializer.render_many(Rule.objects.all()))


class ExtendedDescriptionView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        return Response(DocumentSerializer.render(content.extended_description(services.site_settings())))


class PrivacyPolicyView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        return Response(DocumentSerializer.render(content.privacy_policy(services.site_settings())))


class TermsOfServiceView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request, date_text=None):
        on_date = None
        if date_text is not None:
            try:
                on_date = date.fromisoformat(date_text)
            except ValueError:
                raise NotFound()
        terms = content.terms_of_service(services.site_settings(), on_date)
        if terms is None:
            raise NotFound()
        return Response(TermsOfServiceSerializer.render(terms))


class TranslationLanguagesView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        return Response({})  # no translation service is configured


class LanguagesView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        return Response([{"code": code, "name": name} for code, name in ISO_639_1.items()])


class DomainBlocksView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        site = services.site_settings()
        viewer = self.viewer if self._functional_user() else None
        # Mastodon answers 404 both when nobody may see the list and when the viewer may not.
        if not services.audience_allows(site.show_domain_blocks, viewer):
            raise NotFound()
        with_comment = services.audience_allows(site.show_domain_blocks_rationale, viewer)
        return Response(DomainBlockSerializer.render_many(services.user_facing_domain_blocks(),
                                                          with_comment=with_comment))

    def _functional_user(self):
        user = self.request.user
        return user is not None and user.is_authenticated and user.is_functional


class CustomEmojisView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        emojis = CustomEmoji.objects.filter(domain__isnull=True, disabled=False, visible_in_picker=True)
        return Response(CustomEmojiSerializer.render_many(emojis))
