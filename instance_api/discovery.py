"""Discovery for other servers: WebFinger, host-meta and NodeInfo.

Public documents: tokens are not even looked at (authentication_classes is empty)."""
from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_safe
from django.template.loader import render_to_string
from rest_framework.response import Response

from accounts.serializers import account_url
from accounts.views_web import not_found_page
from fedi.api import Access, ApiView
from fedi.errors import BadRequest, NotFound
from fedi.links import absolute
from instance import services
from instance_api import stats
from instance_api.webfinger import find_local_account, jrd

NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.0"
NODEINFO_CONTENT_TYPE = f'application/json; profile="{NODEINFO_SCHEMA}#"'
CACHE_THREE_DAYS = "max-age=259200, public"


class DiscoveryView(ApiView):
    authentication_classes = ()
    access = {"GET": Access.public()}


class WebfingerView(DiscoveryView):
    def get(self, request):
        account = find_local_account(self.params.str("resource"))
        response = Response(jrd(account), content_type="application/jrd+json")
        response["Cache-Control"] = CACHE_THREE_DAYS
        return response


def webfinger_template():
    return absolute("/.well-known/webfinger") + "?resource={uri}"


class HostMetaView(DiscoveryView):
    def get(self, request):
        if self.params.str("format") == "json":
            return Response({"links": [{"rel": "lrdd", "template": webfinger_template()}]})
        xml = render_to_string("instance/host-meta.xml", {"template": webfinger_template()})
        response = HttpResponse(xml, content_type="application/xrd+xml; charset=utf-8")
        response["Cache-Control"] = CACHE_THREE_DAYS
        return response


class NodeInfoLinksView(DiscoveryView):
    def get(self, request):
        return Response({"links": [{"rel": NODEINFO_SCHEMA, "href": absolute("/nodeinfo/2.0")}]})


class NodeInfoView(DiscoveryView):
    def get(self, request):
        site = services.site_settings()
        document = {
            "version": "2.0",
            "software": {"name": settings.SOFTWARE_NAME, "version": settings.SOFTWARE_VERSION},
            "protocols": ["activitypub"],
            "services": {"outbound": [], "inbound": []},
            "usage": {
                "users": {
                    "total": stats.user_count(),
                    "activeMonth": stats.active_user_count(30),
                    "activeHalfyear": stats.active_user_count(180),
                },
                "localPosts": stats.status_count(),
            },
            "openRegistrations": services.registrations_enabled(site),
            "metadata": {"nodeName": site.title, "nodeDescription": site.short_description},
        }
        return Response(document, content_type=NODEINFO_CONTENT_TYPE)


@require_safe
def authorize_interaction(request):
    """GET /authorize_interaction?uri=...: WebFinger's subscribe template (remote follow).
    This server does not reach other servers yet, so only local accounts are found: their
    profile page."""
    uri = (request.GET.get("uri") or request.GET.get("acct") or "").strip()
    try:
        account = find_local_account(uri)
    except (BadRequest, NotFound):
        return not_found_page(request, "This server cannot show accounts of other servers yet: "
                                       "follow them from your own server, or from a client signed in here.")
    return HttpResponseRedirect(account_url(account))
