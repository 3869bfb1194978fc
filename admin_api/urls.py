from django.urls import include, path

from admin_api import views, views_disputes
from admin_api.pleroma.urls import routes as pleroma_routes

ACCOUNT = "api/v1/admin/accounts/<str:account_id>"
REPORT = "api/v1/admin/reports/<str:report_id>"

urlpatterns = [
    path("api/v1/admin/accounts", views.AccountsV1View.as_view()),
    path("api/v2/admin/accounts", views.AccountsV2View.as_view()),
    path(ACCOUNT, views.AccountView.as_view()),
    path(f"{ACCOUNT}/action", views.AccountActionView.as_view()),
    *[path(f"{ACCOUNT}/{name}", views.state_view(name))
      for name in ("approve", "reject", "enable", "unsilence", "unsuspend", "unsensitive")],
    path("api/v1/admin/reports", views.ReportsView.as_view()),
    path(REPORT, views.ReportView.as_view()),
    *[path(f"{REPORT}/{name}", views.report_action_view(name))
      for name in ("assign_to_self", "unassign", "resolve", "reopen")],
    path("api/v1/admin/domain_blocks", views.DomainBlocksView.as_view()),
    path("api/v1/admin/domain_blocks/<str:block_id>", views.DomainBlockView.as_view()),
    path("api/v1/admin/domain_allows", views.DomainAllowsView.as_view()),
    path("api/v1/admin/domain_allows/<str:block_id>", views.DomainAllowView.as_view()),
    path("api/v1/admin/email_domain_blocks", views.EmailDomainBlocksView.as_view()),
    path("api/v1/admin/email_domain_blocks/<str:block_id>", views.EmailDomainBlockView.as_view()),
    path("api/v1/admin/ip_blocks", views.IpBlocksView.as_view()),
    path("api/v1/admin/ip_blocks/<str:block_id>", views.IpBlockView.as_view()),
    path("api/v1/admin/canonical_email_blocks", views.CanonicalEmailBlocksView.as_view()),
    path("api/v1/admin/canonical_email_blocks/test", views.CanonicalEmailBlockTestView.as_view()),
    path("api/v1/admin/canonical_email_blocks/<str:block_id>", views.CanonicalEmailBlockView.as_view()),
    path("api/v1/admin/measures", views.MeasuresView.as_view()),
    path("api/v1/admin/dimensions", views.DimensionsView.as_view()),
    path("api/v1/admin/retention", views.RetentionView.as_view()),
    path("api/v1/admin/trends/tags", views.TrendTagsView.as_view()),
    path("api/v1/admin/trends/statuses", views.TrendStatusesView.as_view()),
    path("api/v1/admin/trends/links", views.TrendLinksView.as_view()),
    *[path(f"api/v1/admin/trends/{kind}/<str:trend_id>/{verb}", views.trend_review_view(kind, verb == "approve"))
      for kind in ("tags", "statuses", "links") for verb in ("approve", "reject")],
    path("api/v1/disputes/strikes", views_disputes.StrikesView.as_view()),
    path("api/v1/disputes/strikes/<str:strike_id>", views_disputes.StrikeView.as_view()),
    path("api/v1/disputes/strikes/<str:strike_id>/appeal", views_disputes.AppealView.as_view()),
    path("api/v1/pleroma/admin/", include(pleroma_routes)),
    path("api/pleroma/admin/", include(pleroma_routes)),
]
