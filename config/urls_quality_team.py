"""URLs of the quality_team portal. One prefix, one role check (core.access.portal_view)."""

from django.urls import path

from overview.views import quality_team

app_name = "quality_team"

urlpatterns = [
    path("", quality_team.home, name="home"),
    path("toelatingen/<int:pk>/", quality_team.case_detail, name="case"),
    path("rapporten/<int:pk>/", quality_team.report_download, name="report"),
    path("hercertificeringen/", quality_team.recertifications, name="recertifications"),
]
