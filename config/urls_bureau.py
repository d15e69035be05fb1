"""URLs of the bureau portal. One prefix, one role check (core.access.portal_view): the bureau
and the directeur (SPEC §1)."""

from django.urls import path

from api.views import imports
from audits.views import bureau as audits
from certificates.views import bureau as certificates
from complaints.views import bureau as complaints
from core import account_views as accounts
from members.views import bureau as members
from notifications import views as outbox
from overview.views import bureau as overview
from overview.views import bureau_audits, history, inbox
from suspensions.views import bureau as suspensions

app_name = "bureau"


def admission(route, step):
    return path(f"leden/<int:pk>/toelating/{route}/", members.admission_step, {"step": step},
                name=f"admission_{step}")


def complaint_step(route, step):
    return path(f"klachten/<int:pk>/{route}/", complaints.complaint_step, {"step": step},
                name=f"complaint_{step}")


urlpatterns = [
    # R-N1 dashboard and deadlines
    path("", overview.home, name="home"),
    # issue #8: everyone with a login, their status, invitations and second factor
    path("personen/", accounts.people, name="people"),
    # issue #12: the import of the existing register
    path("import/", imports.import_start, name="import_start"),
    path("import/sjabloon.xlsx", imports.import_template, name="import_template"),
    path("import/kolommen/", imports.import_mapping, name="import_mapping"),
    path("import/voorbeeld/", imports.import_preview, name="import_preview"),
    path("import/bevestigen/", imports.import_confirm, name="import_confirm"),
    path("import/resultaat/", imports.import_result, name="import_result"),
    path("import/annuleren/", imports.import_cancel, name="import_cancel"),
    path("personen/<int:pk>/<str:action>/", accounts.person_action, name="person_action"),
    path("termijnen/", overview.deadline_list, name="deadline_list"),
    path("signalen/<int:pk>/afhandelen/", overview.flag_resolve, name="flag_resolve"),
    # issue #11: the work inbox
    path("werkbak/", inbox.inbox, name="inbox"),
    path("werkbak/overzicht-per-email/", inbox.digest_preference, name="inbox_digest"),
    path("signalen/<int:pk>/", inbox.flag_detail, name="flag_detail"),
    path("signalen/<int:pk>/toewijzen/", inbox.flag_assign_view, name="flag_assign"),
    path("signalen/<int:pk>/opmerking/", inbox.flag_comment_view, name="flag_comment"),
    path("signalen/<int:pk>/uitstellen/", inbox.flag_snooze_view, name="flag_snooze"),
    path("signalen/<int:pk>/terughalen/", inbox.flag_wake_view, name="flag_wake"),
    path("signalen/<int:pk>/werkbak-afhandelen/", inbox.flag_resolve_view,
         name="flag_inbox_resolve"),
    # members, admission (R-M1), scope (R-M5), contacts
    path("leden/", overview.member_list, name="member_list"),
    path("leden/<int:pk>/", overview.member_detail, name="member_detail"),
    path("leden/<int:pk>/scope/", members.member_scope, name="member_scope"),
    path("leden/<int:pk>/opzegging/", members.member_resign, name="member_resign"),
    path("leden/<int:pk>/contactpersonen/nieuw/", members.contact_add, name="contact_add"),
    path("leden/<int:pk>/contactpersonen/<int:contact_pk>/", members.contact_edit,
         name="contact_edit"),
    path("leden/<int:pk>/contactpersonen/<int:contact_pk>/uitnodigen/", members.contact_invite,
         name="contact_invite"),
    admission("in-behandeling", "start_review"),
    admission("controle", "check"),
    admission("contact", "contact"),
    admission("toelatingsaudit", "start_audit"),
    admission("bestuur-geinformeerd", "inform_board"),
    admission("afronding", "complete"),
    # R-T1/R-T2 interim audits
    path("leden/<int:pk>/tussentijdse-audit/", bureau_audits.interim_audit_impose,
         name="interim_audit_impose"),
    # audits
    path("audits/", audits.audit_list, name="audit_list"),
    path("audits/<int:pk>/", bureau_audits.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/toewijzen/", bureau_audits.audit_reassign, name="audit_reassign"),
    # R-Z4 postponements
    path("uitstel/", certificates.postponement_list, name="postponement_list"),
    path("uitstel/<int:pk>/", certificates.postponement_decide, name="postponement_decide"),
    # R-Z2 the combined NVVK/SWN audit and the SWN report of a four-year certificate
    path("leden/<int:pk>/swn-audit/", audits.combined_audit_register,
         name="combined_audit_register"),
    path("swn-rapporten/", certificates.swn_report_list, name="swn_report_list"),
    path("swn-rapporten/<int:pk>/", certificates.swn_report_record, name="swn_report_record"),
    # R-Z6 the outbox (issue #11)
    path("uitgaande-email/", outbox.outbox, name="outbox"),
    path("uitgaande-email/opnieuw/", outbox.outbox_retry, name="outbox_retry"),
    path("uitgaande-email/<int:pk>/", outbox.outbox_message, name="outbox_message"),
    path("uitgaande-email/<int:pk>/html/", outbox.outbox_message_html,
         name="outbox_message_html"),
    # change history, R-0.3 decision records (issue #11)
    path("geschiedenis/<str:kind>/<int:pk>/", history.object_history, name="history"),
    path("activiteit/", history.activity, name="activity"),
    path("besluiten/<int:pk>/", history.decision_detail, name="decision"),
    # R-K1 … R-K4 complaints
    path("klachten/", complaints.complaint_list, name="complaint_list"),
    path("klachten/nieuw/", complaints.complaint_register, name="complaint_register"),
    path("klachten/analyse/", complaints.complaint_analysis_page, name="complaint_analysis"),
    path("klachten/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    complaint_step("ontvangst-bevestigen", "acknowledge"),
    complaint_step("reactie", "respond"),
    complaint_step("vertraging", "notify_delay"),
    complaint_step("afhandeling", "resolve"),
    complaint_step("bezwaar", "object"),
    complaint_step("bezwaar-behandeld", "handle_objection"),
    complaint_step("sluiten", "close"),
    complaint_step("zwaarte", "mark_serious"),
    complaint_step("tussentijdse-audit", "interim_audit"),
    # R-S7 suspensions
    path("schorsingen/", suspensions.suspension_list, name="suspension_list"),
    path("schorsingen/<int:pk>/mededeling/", suspensions.suspension_notice,
         name="suspension_notice"),
    # R-C1 bodies, R-C3 auditors
    path("instellingen/", audits.body_list, name="body_list"),
    path("instellingen/nieuw/", audits.body_register, name="body_register"),
    path("instellingen/<int:pk>/", bureau_audits.body_detail, name="body_detail"),
    path("instellingen/<int:pk>/erkenning/", audits.body_recognition, name="body_recognition"),
    path("instellingen/<int:pk>/contract/", audits.body_contract, name="body_contract"),
    path("instellingen/<int:pk>/accreditatie/", audits.body_accreditation,
         name="body_accreditation"),
    path("instellingen/<int:pk>/evaluatie/", audits.body_evaluation, name="body_evaluation"),
    path("instellingen/<int:pk>/auditors/nieuw/", audits.auditor_register,
         name="auditor_register"),
    path("auditors/", audits.auditor_list, name="auditor_list"),
    path("auditors/<int:pk>/", audits.auditor_detail, name="auditor_detail"),
    path("auditors/<int:pk>/uitnodigen/", audits.auditor_invite, name="auditor_invite"),
    path("auditors/<int:pk>/geheimhouding/", audits.auditor_confidentiality,
         name="auditor_confidentiality"),
    path("auditors/<int:pk>/betrokkenheid/", audits.auditor_involvement,
         name="auditor_involvement"),
    # R-N3 audit quality, R-N4 norm-change proposals
    path("kwaliteit/", bureau_audits.quality, name="quality"),
    path("normvoorstellen/", audits.norm_proposal_list, name="norm_proposal_list"),
    path("normvoorstellen/nieuw/", audits.norm_proposal_new, name="norm_proposal_new"),
    path("normvoorstellen/<int:pk>/", audits.norm_proposal_detail, name="norm_proposal_detail"),
    path("normvoorstellen/<int:pk>/in-behandeling/", audits.norm_proposal_review,
         name="norm_proposal_review"),
    path("normvoorstellen/<int:pk>/besluit/", audits.norm_proposal_decide,
         name="norm_proposal_decide"),
]
