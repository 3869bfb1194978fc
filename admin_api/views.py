"""The admin API (/api/v1/admin/..., /api/v2/admin/accounts): staff only.

Each view declares the token scopes (`access`) and the role permissions (`permissions`,
any of the flags) per method; a user whose role lacks them gets 403 "This action is not
allowed", as on Mastodon."""
from rest_framework.response import Response

from admin_api import services
from admin_api.permissions import can
from admin_api.serializers import render_account, render_accounts, render_report, render_reports
from fedi.api import Access, ApiView
from fedi.errors import Forbidden
from fedi.pagination import paginate
from fedi.params import parse_id

READ_ACCOUNTS = Access.user("admin:read:accounts")
WRITE_ACCOUNTS = Access.user("admin:write:accounts")
READ_REPORTS = Access.user("admin:read:reports")
WRITE_REPORTS = Access.user("admin:write:reports")


class AdminView(ApiView):
    permissions: dict = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        method = "GET" if request.method == "HEAD" else request.method
        flags = self.permissions.get(method)
        if flags and not can(request.user, *flags):
            raise Forbidden()


# --- Accounts ---------------------------------------------------------------------------------

class AccountsV2View(AdminView):
    access = {"GET": READ_ACCOUNTS}
    permissions = {"GET": ("manage_users",)}

    def get(self, request):
        params = self.params
        accounts = services.filter_accounts(
            services.admin_accounts(),
            origin=params.str("origin"), status=params.str("status"), permissions=params.str("permissions"),
            role_ids=params.ids("role_ids"), invited_by=params.str("invited_by"), username=params.str("username"),
            display_name=params.str("display_name"), by_domain=params.str("by_domain"),
            email=params.str("email"), ip=params.str("ip"))
        page = paginate(self, accounts, default_limit=100, max_limit=200)
        return page.response(render_accounts(page.items, self.viewer))


class AccountsV1View(AdminView):
    """The v1 list: boolean filters, translated to the v2 ones."""

    access = {"GET": READ_ACCOUNTS}
    permissions = {"GET": ("manage_users",)}

    def get(self, request):
        params = self.params
        origin = "local" if params.bool("local") else "remote" if params.bool("remote") else None
        status = next((name for name in ("active", "pending", "disabled", "silenced", "suspended", "sensitized")
                       if params.bool(name)), None)
        accounts = services.filter_accounts(
            services.admin_accounts(), origin=origin, status=status,
            permissions="staff" if params.bool("staff") else None, username=params.str("username"),
            display_name=params.str("display_name"), by_domain=params.str("by_domain"),
            email=params.str("email"), ip=params.str("ip"))
        page = paginate(self, accounts, default_limit=100, max_limit=200)
        return page.response(render_accounts(page.items, self.viewer))


class AccountView(AdminView):
    access = {"GET": READ_ACCOUNTS, "DELETE": WRITE_ACCOUNTS}
    permissions = {"GET": ("manage_users",), "DELETE": ("delete_user_data",)}

    def get(self, request, account_id):
        return Response(render_account(services.find_account(parse_id(account_id)), self.viewer))

    def delete(self, request, account_id):
        account = services.find_account(parse_id(account_id))
        data = render_account(account, self.viewer)
        services.delete_account_data(self.viewer, account)
        return Response(data)


class AccountActionView(AdminView):
    access = {"POST": WRITE_ACCOUNTS}
    permissions = {"POST": ("manage_users", "manage_reports")}

    def post(self, request, account_id):
        account = services.find_account(parse_id(account_id))
        params = self.params
        services.take_action(self.viewer, account, params.str("type", "") or "",
                             report_id=params.id("report_id"), text=params.str("text", "") or "")
        return Response({})


class _AccountStateView(AdminView):
    access = {"POST": WRITE_ACCOUNTS}
    permissions = {"POST": ("manage_users",)}
    action = None

    def post(self, request, account_id):
        account = services.find_account(parse_id(account_id))
        if self.action == "reject":
            data = render_account(account, self.viewer)
            services.reject(self.viewer, account)
            return Response(data)
        getattr(services, self.action)(self.viewer, account)
        return Response(render_account(services.find_account(account.id), self.viewer))


def state_view(name):
    return type(f"{name.capitalize()}View", (_AccountStateView,), {"action": name}).as_view()


# --- Reports ----------------------------------------------------------------------------------

class ReportsView(AdminView):
    access = {"GET": READ_REPORTS}
    permissions = {"GET": ("manage_reports",)}

    def get(self, request):
        params = self.params
        reports = services.filter_reports(
            services.admin_reports(), resolved=params.bool("resolved", False),
            account_id=params.id("account_id"), target_account_id=params.id("target_account_id"),
            by_target_domain=params.str("by_target_domain"))
        page = paginate(self, reports, default_limit=100, max_limit=200)
        return page.response(render_reports(page.items, self.viewer))


class ReportView(AdminView):
    access = {"GET": READ_REPORTS, "PUT": WRITE_REPORTS}
    permissions = {"GET": ("manage_reports",), "PUT": ("manage_reports",)}

    def get(self, request, report_id):
        return Response(render_report(services.find_report(parse_id(report_id)), self.viewer))

    def put(self, request, report_id):
        report = services.find_report(parse_id(report_id))
        params = self.params
        rule_ids = params.ids("rule_ids") if params.given("rule_ids") or params.given("rule_ids[]") else None
        report = services.update_report(self.viewer, report, category=params.str("category") or None,
                                        rule_ids=rule_ids)
        return Response(render_report(report, self.viewer))


class _ReportActionView(AdminView):
    access = {"POST": WRITE_REPORTS}
    permissions = {"POST": ("manage_reports",)}
    action = None

    def post(self, request, report_id):
        report = services.find_report(parse_id(report_id))
        report = getattr(services, self.action)(self.viewer, report)
        return Response(render_report(report, self.viewer))


def report_action_view(name):
    return type(f"Report{name.title().replace('_', '')}View", (_ReportActionView,), {"action": name}).as_view()
