"""The admin API (/api/v1/admin/..., /api/v2/admin/accounts): staff only.

Each view declares the token scopes (`access`) and the role permissions (`permissions`,
any of the flags) per method; a user whose role lacks them gets 403 "This action is not
allowed", as on Mastodon."""
from datetime import timedelta

from django.utils import timezone as dj_timezone
from rest_framework.response import Response

from accounts.services.blocks import canonical_email_blocks_matching
from admin_api import metrics, services, trends
from admin_api.permissions import can
from accounts.models import CanonicalEmailBlock, EmailDomainBlock, IpBlock
from admin_api.serializers import (render_account, render_accounts, render_canonical_email_block,
                                   render_domain_allow, render_domain_block, render_email_domain_block,
                                   render_email_domain_blocks, render_ip_block, render_report, render_reports)
from admin_api.trends import trending_links_for_review, trending_statuses_for_review, trending_tags_for_review
from cards.serializers import PreviewCardSerializer
from fedi.api import Access, ApiView
from fedi.errors import BadRequest, Forbidden, ValidationFailed
from fedi.pagination import paginate
from fedi.params import parse_id
from instance.models import DomainAllow, DomainBlock
from statuses.serializers import render_status, render_statuses
from tags.serializers import render_tags
from trends.queries import link_histories

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
                             report_id=params.id("report_id"), text=params.str("text", "", max_length=5000) or "",
                             warning_preset_id=params.id("warning_preset_id"),
                             send_email_notification=params.bool("send_email_notification", True))
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


# --- Federation and sign-up blocks ------------------------------------------------------------

def _scopes(name):
    return Access.user(f"admin:read:{name}"), Access.user(f"admin:write:{name}")


class _BlockListView(AdminView):
    """GET a page of rows (newest first), POST a new one."""

    model = None
    scope_name = None
    flag = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        read, write = _scopes(cls.scope_name)
        cls.access = {"GET": read, "POST": write}
        cls.permissions = {"GET": (cls.flag,), "POST": (cls.flag,)}

    def render_page(self, rows):
        return [self.render(row) for row in rows]

    def get(self, request):
        page = paginate(self, self.model.objects.all(), default_limit=100, max_limit=200)
        return page.response(self.render_page(page.items))


class _BlockView(AdminView):
    """GET one row, PUT changes (where Mastodon has them), DELETE it (answering {})."""

    model = None
    scope_name = None
    flag = None
    methods = ("GET", "DELETE")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        read, write = _scopes(cls.scope_name)
        cls.access = {method: read if method == "GET" else write for method in cls.methods}
        cls.permissions = {method: (cls.flag,) for method in cls.methods}
        cls.http_method_names = [method.lower() for method in cls.methods] + ["head", "options"]

    def find(self, block_id):
        return services._find(self.model, parse_id(block_id))

    def get(self, request, block_id):
        return Response(self.render(self.find(block_id)))

    def delete(self, request, block_id):
        getattr(services, self.delete_service)(self.viewer, self.find(block_id))
        return Response({})


def _domain_block_fields(params):
    return {"severity": params.str("severity"), "reject_media": params.bool("reject_media"),
            "reject_reports": params.bool("reject_reports"), "private_comment": params.str("private_comment"),
            "public_comment": params.str("public_comment"), "obfuscate": params.bool("obfuscate")}


class DomainBlocksView(_BlockListView):
    model, scope_name, flag = DomainBlock, "domain_blocks", "manage_federation"
    render = staticmethod(render_domain_block)

    def post(self, request):
        params = self.params
        block = services.create_domain_block(self.viewer, domain=params.str("domain", required=True),
                                             **_domain_block_fields(params))
        return Response(render_domain_block(block))


class DomainBlockView(_BlockView):
    model, scope_name, flag = DomainBlock, "domain_blocks", "manage_federation"
    methods = ("GET", "PUT", "DELETE")
    render = staticmethod(render_domain_block)
    delete_service = "delete_domain_block"

    def put(self, request, block_id):
        block = services.update_domain_block(self.viewer, self.find(block_id), **_domain_block_fields(self.params))
        return Response(render_domain_block(block))


class DomainAllowsView(_BlockListView):
    model, scope_name, flag = DomainAllow, "domain_allows", "manage_federation"
    render = staticmethod(render_domain_allow)

    def post(self, request):
        allow = services.create_domain_allow(self.viewer, self.params.str("domain", required=True))
        return Response(render_domain_allow(allow))


class DomainAllowView(_BlockView):
    model, scope_name, flag = DomainAllow, "domain_allows", "manage_federation"
    render = staticmethod(render_domain_allow)
    delete_service = "delete_domain_allow"


class EmailDomainBlocksView(_BlockListView):
    model, scope_name, flag = EmailDomainBlock, "email_domain_blocks", "manage_blocks"
    render = staticmethod(render_email_domain_block)

    def render_page(self, rows):
        return render_email_domain_blocks(rows)

    def post(self, request):
        block = services.create_email_domain_block(self.viewer, self.params.str("domain", required=True),
                                                   allow_with_approval=bool(self.params.bool("allow_with_approval")))
        return Response(render_email_domain_block(block))


class EmailDomainBlockView(_BlockView):
    model, scope_name, flag = EmailDomainBlock, "email_domain_blocks", "manage_blocks"
    render = staticmethod(render_email_domain_block)
    delete_service = "delete_email_domain_block"


def _ip_block_fields(params):
    return {"ip": params.str("ip"), "severity": params.str("severity"), "comment": params.str("comment"),
            "expires_in": params.int("expires_in", min_value=1)}


class IpBlocksView(_BlockListView):
    model, scope_name, flag = IpBlock, "ip_blocks", "manage_blocks"
    render = staticmethod(render_ip_block)

    def post(self, request):
        return Response(render_ip_block(services.create_ip_block(self.viewer, **_ip_block_fields(self.params))))


class IpBlockView(_BlockView):
    model, scope_name, flag = IpBlock, "ip_blocks", "manage_blocks"
    methods = ("GET", "PUT", "DELETE")
    render = staticmethod(render_ip_block)
    delete_service = "delete_ip_block"

    def put(self, request, block_id):
        block = services.update_ip_block(self.viewer, self.find(block_id), **_ip_block_fields(self.params))
        return Response(render_ip_block(block))


class CanonicalEmailBlocksView(_BlockListView):
    model, scope_name, flag = CanonicalEmailBlock, "canonical_email_blocks", "manage_blocks"
    render = staticmethod(render_canonical_email_block)

    def post(self, request):
        params = self.params
        block = services.create_canonical_email_block(
            self.viewer, email=params.str("email", strip=True), canonical_email_hash=params.str("canonical_email_hash"))
        return Response(render_canonical_email_block(block))


class CanonicalEmailBlockView(_BlockView):
    model, scope_name, flag = CanonicalEmailBlock, "canonical_email_blocks", "manage_blocks"
    render = staticmethod(render_canonical_email_block)
    delete_service = "delete_canonical_email_block"


class CanonicalEmailBlockTestView(AdminView):
    """POST test: the blocks an address (in any spelling) matches."""

    access = {"POST": Access.user("admin:read:canonical_email_blocks")}
    permissions = {"POST": ("manage_blocks",)}

    def post(self, request):
        email = self.params.str("email", required=True, strip=True)
        return Response([render_canonical_email_block(block) for block in canonical_email_blocks_matching(email)])


# --- Dashboard metrics ------------------------------------------------------------------------

MAX_METRIC_DAYS = 731  # two years of daily buckets at most: a typo in a year cannot make a huge answer


def _period(params, required=True):
    start, end = params.datetime("start_at"), params.datetime("end_at")
    if start is None or end is None:
        if required:
            raise BadRequest("param is missing or the value is empty: " + ("start_at" if start is None else "end_at"))
        today = dj_timezone.now().date()
        return today - timedelta(days=29), today
    start, end = start.date(), end.date()  # "if a time is provided, it will be ignored"
    if end < start:
        raise ValidationFailed("Validation failed: end_at is before start_at")
    if (end - start).days >= MAX_METRIC_DAYS:
        raise ValidationFailed(f"Validation failed: the period is longer than {MAX_METRIC_DAYS} days")
    return start, end


def _keys(params):
    return [key for key in params.list("keys") if isinstance(key, str)]


class MeasuresView(AdminView):
    access = {"POST": Access.user("admin:read")}
    permissions = {"POST": ("view_dashboard",)}

    def post(self, request):
        start, end = _period(self.params)
        return Response(metrics.measures(_keys(self.params), start, end, self.params))


class DimensionsView(AdminView):
    access = {"POST": Access.user("admin:read")}
    permissions = {"POST": ("view_dashboard",)}

    def post(self, request):
        start, end = _period(self.params)
        limit = self.params.int("limit", 10, min_value=1, max_value=100, clamp=True)
        return Response(metrics.dimensions(_keys(self.params), start, end, limit, self.params))


class RetentionView(AdminView):
    access = {"POST": Access.user("admin:read")}
    permissions = {"POST": ("view_dashboard",)}

    def post(self, request):
        start, end = _period(self.params)
        return Response(metrics.retention(start, end, self.params.str("frequency") or "day"))


# --- Trends review ----------------------------------------------------------------------------

class _TrendsView(AdminView):
    access = {"GET": Access.user("admin:read")}
    permissions = {"GET": ("manage_taxonomies",)}

    def window(self):
        limit = self.params.int("limit", 10, min_value=1, max_value=100, clamp=True)
        offset = self.params.int("offset", 0, min_value=0, max_value=1000000)
        return offset, limit


def _admin_tags(tags, viewer):
    tags = list(tags)
    return [{**data, "id": str(tag.id), "trendable": bool(tag.trendable), "usable": tag.usable is not False,
             "requires_review": tag.trendable is None}
            for data, tag in zip(render_tags(tags, viewer), tags)]


class TrendTagsView(_TrendsView):
    """Admin::Tag entities, approved or not."""

    def get(self, request):
        offset, limit = self.window()
        return Response(_admin_tags(trending_tags_for_review()[offset:offset + limit], self.viewer))


class TrendStatusesView(_TrendsView):
    def get(self, request):
        offset, limit = self.window()
        ids = [trend.status_id for trend in trending_statuses_for_review()[offset:offset + limit]]
        return Response(render_statuses(ids, self.viewer))


def _admin_links(cards):
    """Trends::Link entities (PreviewCard + history), as the public trends show them, with
    the review state staff need (Mastodon's admin serializer adds id, trendable,
    requires_review)."""
    cards = list(cards)
    histories = link_histories([card.id for card in cards])
    return [{**PreviewCardSerializer.render(card), "history": histories[card.id], "id": str(card.id),
             "trendable": bool(card.trend.trendable) if card.trend.reviewed else False,
             "requires_review": not card.trend.reviewed} for card in cards]


class TrendLinksView(_TrendsView):
    def get(self, request):
        offset, limit = self.window()
        return Response(_admin_links(trending_links_for_review()[offset:offset + limit]))


class _TrendReviewView(AdminView):
    access = {"POST": Access.user("admin:write")}
    permissions = {"POST": ("manage_taxonomies",)}
    kind = approve = None

    def post(self, request, trend_id):
        if self.kind == "links":
            trend = trends.review_link(self.viewer, parse_id(trend_id), self.approve)
            return Response(_admin_links([trend.card])[0])
        if self.kind == "tags":
            tag = trends.review_tag(self.viewer, parse_id(trend_id), self.approve)
            return Response(_admin_tags([tag], self.viewer)[0])

        trend = trends.review_status(self.viewer, parse_id(trend_id), self.approve)
        return Response(render_status(trend.status, self.viewer))


def trend_review_view(kind, approve):
    name = f"Trend{kind.title()}{'Approve' if approve else 'Reject'}View"
    return type(name, (_TrendReviewView,), {"kind": kind, "approve": approve}).as_view()
