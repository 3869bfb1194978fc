"""GET and PATCH /api/v1/profile: the Profile entity (in tags: it lists the account's featured
tags; the profile itself is edited by accounts.services.profile)."""
from rest_framework.response import Response

from accounts.serializers import ProfileSerializer
from accounts.services import profile
from accounts.views import own_account
from fedi.api import Access, ApiView
from tags.serializers import render_featured_tags


def render_profile(account):
    return ProfileSerializer.render(account, featured_tags=render_featured_tags(account))


class ProfileView(ApiView):
    access = {"GET": Access.user("profile", "read:accounts"), "PATCH": Access.user("write:accounts")}

    def get(self, request):
        return Response(render_profile(own_account(request.user)))

    def patch(self, request):
        profile.update_profile(own_account(request.user), self.params, profile.PROFILE_PARAMS)
        return Response(render_profile(own_account(request.user)))
