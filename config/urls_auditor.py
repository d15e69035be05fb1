"""URLs of the auditor portal. One prefix, one role check (core.access.portal_view); every
object through the auditor's own body (R-A1)."""

from django.urls import path

from audits.views import auditor as audits
from audits.views import auditor_reports
from findings.views import auditor as findings
from overview.views import auditor as overview

app_name = "auditor"

urlpatterns: list = [
    path("", overview.home, name="home"),
    path("audits/", audits.audit_list, name="audit_list"),
    path("audits/<int:pk>/", audits.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/stap/<slug:step>/", audits.audit_step, name="audit_step"),
    path("audits/<int:pk>/team/", audits.audit_team, name="audit_team"),
    path("audits/<int:pk>/planning/", audits.audit_plan, name="audit_plan"),
    path("audits/<int:pk>/elders-getoetst/", audits.audit_covered_norms,
         name="audit_covered_norms"),
    path("audits/<int:pk>/prestatiegebieden/", audits.audit_assessments,
         name="audit_assessments"),
    path("audits/<int:pk>/rapporten/", auditor_reports.audit_reports, name="audit_reports"),
    path("audits/<int:pk>/rapporten/<int:report_pk>/vervangen/",
         auditor_reports.audit_report_replace, name="audit_report_replace"),
    path("audits/<int:pk>/toets/", auditor_reports.audit_review, name="audit_review"),
    path("audits/<int:pk>/toets/terugsturen/", auditor_reports.audit_send_back,
         name="audit_send_back"),
    path("audits/<int:pk>/bevindingen/", findings.audit_findings, name="audit_findings"),
    path("audits/<int:pk>/bevindingen/<int:finding_pk>/opvolging/", findings.finding_judge,
         name="finding_judge"),
    path("audits/<int:pk>/bevindingen/<int:finding_pk>/corrigeren/", findings.finding_correct,
         name="finding_correct"),
    path("audits/<int:pk>/grenzen/", findings.audit_limits_view, name="audit_limits"),
    path("audits/<int:pk>/advies/", findings.audit_advice, name="audit_advice"),
    path("plannen-van-aanpak/", findings.plan_list, name="plan_list"),
    path("plannen-van-aanpak/<int:pk>/", findings.plan_assess, name="plan_assess"),
    path("bevindingen/<int:pk>/aanvullend-onderzoek/", findings.investigation_order,
         name="investigation_order"),
    path("aanvullende-onderzoeken/", findings.investigation_list, name="investigation_list"),
    path("aanvullende-onderzoeken/<int:pk>/", findings.investigation_complete,
         name="investigation_complete"),
]
