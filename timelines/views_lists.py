"""Lists: /api/v1/lists, /api/v1/lists/:id, /api/v1/lists/:id/accounts and
/api/v1/accounts/:id/lists."""
from rest_framework.response import Response

from accounts.serializers import AccountSerializer
from accounts.views import find_account
from fedi.api import Access, ApiView
from fedi.pagination import paginate
from feeds import lists
from feeds.models import ListAccount
from timelines.serializers import ListSerializer

PROFILE = ("account__user", "account__user__role", "account__moved_to")


def list_fields(params, *, creating):
    """title, replies_policy, exclusive as sent (on update, absent ones stay as they are)."""
    fields = {}
    if creating or params.given("title"):
        fields["title"] = params.str("title")
    if params.given("replies_policy") and params.raw("replies_policy") not in (None, ""):
        fields["replies_policy"] = params.str("replies_policy")
    if params.bool("exclusive") is not None:
        fields["exclusive"] = params.bool("exclusive")
    return fields


class ListsView(ApiView):
    access = {"GET": Access.user("read:lists"), "POST": Access.user("write:lists")}

    def get(self, request):
        return Response(ListSerializer.render_many(list(lists.owned_lists(self.viewer))))

    def post(self, request):
        created = lists.create_list(self.viewer, **list_fields(self.params, creating=True))
        return Response(ListSerializer.render(created))


class ListView(ApiView):
    access = {"GET": Access.user("read:lists"), "PUT": Access.user("write:lists"),
              "PATCH": Access.user("write:lists"), "DELETE": Access.user("write:lists")}

    def get(self, request, list_id):
        return Response(ListSerializer.render(lists.find_list(self.viewer, list_id)))

    def put(self, request, list_id):
        found = lists.find_list(self.viewer, list_id)
        lists.update_list(found, **list_fields(self.params, creating=False))
        return Response(ListSerializer.render(found))

    patch = put

    def delete(self, request, list_id):
        lists.delete_list(lists.find_list(self.viewer, list_id))
        return Response({})


def account_ids_param(params):
    return [value for value in params.list("account_ids") if value not in (None, "")]


class ListAccountsView(ApiView):
    """The members of a list, newest addition first, paged by the membership row (limit=0:
    all of them, no pagination)."""

    access = {"GET": Access.user("read:lists"), "POST": Access.user("write:lists"),
              "DELETE": Access.user("write:lists")}

    def get(self, request, list_id):
        found = lists.find_list(self.viewer, list_id)
        rows = (ListAccount.objects.filter(list=found, account__suspended_at__isnull=True)
                .select_related("account", *PROFILE))
        if str(self.params.raw("limit", "")).strip() == "0":
            accounts = [row.account for row in rows.order_by("-id")]
            return Response(AccountSerializer.render_many(accounts, viewer=self.viewer))
        page = paginate(self, rows, default_limit=40, max_limit=80)
        accounts = [row.account for row in page.items]
        return page.response(AccountSerializer.render_many(accounts, viewer=self.viewer))

    def post(self, request, list_id):
        found = lists.find_list(self.viewer, list_id)
        lists.add_accounts(found, account_ids_param(self.params))
        return Response({})

    def delete(self, request, list_id):
        found = lists.find_list(self.viewer, list_id)
        lists.remove_accounts(found, account_ids_param(self.params))
        return Response({})


class AccountListsView(ApiView):
    """GET /api/v1/accounts/:id/lists: the viewer's lists holding that account."""

    access = {"GET": Access.user("read:lists")}

    def get(self, request, account_id):
        account = find_account(account_id)
        return Response(ListSerializer.render_many(list(lists.lists_containing(self.viewer, account))))


