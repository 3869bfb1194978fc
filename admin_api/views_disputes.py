"""The warned user's side of moderation (Mastodon's /disputes/strikes web pages, which its
REST API leaves out): the strikes (AccountWarning entities) against one's own account, and
appealing one. Exposed under the API so clients can show and appeal them:

    GET  /api/v1/disputes/strikes                 the viewer's strikes, newest first
    GET  /api/v1/disputes/strikes/:id             one of them
    POST /api/v1/disputes/strikes/:id/appeal      {text}: the strike with its pending appeal
"""
from rest_framework.response import Response

from admin_api import services
from admin_api.models import AccountWarning
from fedi.api import Access, ApiView
from fedi.errors import NotFound
from fedi.pagination import paginate
from fedi.params import parse_id

MAX_STRIKES = 40


def _strikes(viewer):
    return (AccountWarning.objects.filter(target_account=viewer)
            .select_related("appeal", "report", "target_account__user__role", "target_account__moved_to"))


def _strike(viewer, strike_id):
    warning = _strikes(viewer).filter(pk=parse_id(strike_id)).first()
    if warning is None:
        raise NotFound()
    return warning


class StrikesView(ApiView):
    access = {"GET": Access.user("read:accounts")}

    def get(self, request):
        page = paginate(self, _strikes(self.viewer), default_limit=20, max_limit=MAX_STRIKES)
        return page.response(services.warnings_json(page.items, self.viewer))


class StrikeView(ApiView):
    access = {"GET": Access.user("read:accounts")}

    def get(self, request, strike_id):
        return Response(services.warning_json(_strike(self.viewer, strike_id), self.viewer))


class AppealView(ApiView):
    access = {"POST": Access.user("write:accounts")}

    def post(self, request, strike_id):
        warning = _strike(self.viewer, strike_id)
        services.create_appeal(self.viewer, warning, self.params.str("text", "", max_length=10000) or "")
        return Response(services.warning_json(_strike(self.viewer, strike_id), self.viewer))
