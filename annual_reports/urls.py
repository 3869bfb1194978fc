from django.urls import path

from annual_reports import views

urlpatterns = [
    path("api/v1/annual_reports", views.AnnualReportsView.as_view()),
    path("api/v1/annual_reports/<str:year>", views.AnnualReportView.as_view()),
    path("api/v1/annual_reports/<str:year>/state", views.AnnualReportStateView.as_view()),
    path("api/v1/annual_reports/<str:year>/generate", views.GenerateView.as_view()),
    path("api/v1/annual_reports/<str:year>/read", views.ReadView.as_view()),
    # The only producer of async refreshes here is the report's generation.
    path("api/v1_alpha/async_refreshes/<str:refresh_id>", views.AsyncRefreshView.as_view()),
]
