"""The base of every API view: declared access (fedi.auth), parameters (fedi.params), JSON."""
from django.utils.functional import cached_property
from rest_framework.views import APIView

from fedi.auth import APP, PUBLIC, USER, Access  # noqa: F401  (views import these from here)
from fedi.params import parse_request


class ApiView(APIView):
    """Base class of every API view."""

    access: dict = {}

    @cached_property
    def params(self):
        return parse_request(self.request)

    @property
    def viewer(self):
        """The Account of the signed-in user, or None."""
        user = self.request.user
        if user is None or not user.is_authenticated:
            return None
        return user.account

    @property
    def token(self):
        return self.request.auth
