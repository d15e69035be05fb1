"""URLs of the member portal (``/portaal/``). One prefix, one role check: every view but the
application and the invitation is wrapped in ``members.portal.member_portal_view``
(``portal_view("member")`` + the contact's own member, R-A1). The views live with the app that
owns each part."""

from django.urls import path

from audits.views import member as audits
from certificates.views import member as certificates
from complaints.views import member as complaints
from findings.views import member as findings
from members.views import member
from overview.views import audit_summary
from overview.views import member as overview
from suspensions.views import member as suspensions

app_name = "member"

urlpatterns = [
    path("", overview.home, name="home"),
    path("kerngegevens/", member.core_data, name="core_data"),
    path("scope/", member.scope, name="scope"),
    path("contactpersonen/", member.contacts, name="contacts"),
    path("opzeggen/", member.resign, name="resign"),
    path("documenten/", overview.documents, name="documents"),
    path("audits/", audits.audits, name="audits"),
    path("audits/instelling-kiezen/", audits.choose_body, name="choose_body"),
    path("audits/gecombineerde-audit/", audits.combined_audit_request,
         name="combined_audit_request"),
    path("audits/<int:pk>/", findings.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/samenvatting.pdf", audit_summary.audit_summary_pdf,
         name="audit_summary_pdf"),
    path("audits/<int:pk>/zelfscan/", audits.self_assessment, name="self_assessment"),
    path("audits/<int:pk>/evaluatie/", audits.evaluation, name="audit_evaluation"),
    path("bevindingen/", findings.plans, name="plans"),
    path("bevindingen/<int:pk>/plan/", findings.plan_submit_view, name="plan_submit"),
    path("certificaat/", certificates.certificate, name="certificate"),
    path("certificaat/uitstel/", certificates.postponement, name="postponement_request"),
    path("certificaat/<int:pk>/swn-rapport/", certificates.swn_report, name="swn_report"),
    path("schorsing/", suspensions.appeals, name="appeals"),
    path("schorsing/<int:pk>/beroep/", suspensions.appeal, name="appeal_file"),
    path("klachten/", complaints.complaints, name="complaints"),
    path("klachten/nieuw/", complaints.complaint_submit, name="complaint_submit"),
    # Without an account (R-M1 step 1): anyone may apply; the invitation sets the password.
    path("aanmelden/", member.apply, name="apply"),
    path("aanmelden/ontvangen/", member.apply_done, name="apply_done"),
    path("uitnodiging/<uidb64>/<token>/", member.invitation, name="invitation"),
]
