"""Test-only routes that exercise the shared API plumbing through real HTTP requests."""
from django.urls import include, path
from rest_framework.response import Response

from accounts.models import Account
from fedi.api import Access, ApiView
from fedi.pagination import paginate
from fedi.urls import handler400, handler403, handler404, handler500  # noqa: F401  (JSON errors here too)


class EchoParamsView(ApiView):
    access = {"GET": Access.public(), "POST": Access.public(), "PUT": Access.public()}

    def get(self, request):
        return Response(self._echo())

    def post(self, request):
        return Response(self._echo())

    def put(self, request):
        return Response(self._echo())

    def _echo(self):
        params = self.params
        data = {key: value for key, value in params.data.items() if not hasattr(value, "read")}
        data["_files"] = sorted(key for key, value in params.data.items() if hasattr(value, "read"))
        data["_bool_flag"] = params.bool("flag")
        return data


class TypedParamsView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        return Response({"count": self.params.int("count", 0, min_value=0, max_value=10),
                         "since": self.params.id("since"),
                         "ids": [str(value) for value in self.params.ids("ids")]})


class PagedAccountsView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        page = paginate(self, Account.objects.all(), default_limit=3, max_limit=5)
        return page.response([str(account.id) for account in page.items])


class BoomView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        raise RuntimeError("kaboom")


class UserOnlyView(ApiView):
    access = {"GET": Access.user("read:statuses"), "POST": Access.user("write:statuses")}

    def get(self, request):
        return Response({"account": str(self.viewer.id)})

    def post(self, request):
        return Response({"account": str(self.viewer.id)})


class UndeclaredView(ApiView):
    access = {"GET": Access.public()}

    def get(self, request):
        return Response({})

    def delete(self, request):  # deliberately without a declaration
        return Response({})


urlpatterns = [
    path("api/test/echo", EchoParamsView.as_view()),
    path("api/test/typed", TypedParamsView.as_view()),
    path("api/test/accounts", PagedAccountsView.as_view()),
    path("api/test/boom", BoomView.as_view()),
    path("api/test/user_only", UserOnlyView.as_view()),
    path("api/test/undeclared", UndeclaredView.as_view()),
    path("", include("fedi.urls")),
]
