"""The base of every API view: declared access (fedi.auth), parameters (fedi.params), JSON."""
from django.utils.functional import cached_property
from rest_framework.views import APIView

from fedi.auth import APP, PUBLIC, USER, Access  # noqa: F401  (views import these from here)
from fedi.errors import NotFound
from fedi.params import parse_request


class ApiView(APIView):
    """Base class of every API view."""

    access: dict = {}

    @cached_property
    def params(self):
        return parse_request(self.request)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication and scopes first: 401/403 before 404
        # No object's ID or name holds a NUL character (and PostgreSQL text cannot).
        if any("\x00" in str(value) for value in kwargs.values()):
            raise NotFound()

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
