"""The profile directory: GET /api/v1/directory (in relationships: what it hides depends
on the viewer's blocks and mutes)."""
from rest_framework.response import Response

from accounts.serializers import AccountSerializer
from fedi.api import Access, ApiView
from fedi.pagination import offset_page
from relationships.directory import directory_accounts


class DirectoryView(ApiView):
    """GET /api/v1/directory: the profile directory (Mastodon's DirectoriesController)."""

    access = {"GET": Access.public()}

    def get(self, request):
        params = self.params
        order = params.choice("order", ("active", "new"), default="active")
        accounts = directory_accounts(self.viewer, order=order, local=params.bool("local", False))
        page = offset_page(self, accounts, default_limit=40, max_limit=80)
        return Response(AccountSerializer.render_many(page, viewer=self.viewer))
