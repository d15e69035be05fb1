"""URLs of the director portal. One prefix, one role check (core.access.portal_view)."""

from django.urls import path

from certificates.views import director as certificates
from overview.views import audit_summary
from overview.views import director as members
from suspensions.views import director as suspensions

app_name = "director"

urlpatterns = [
    path("", members.home, name="home"),
    path("besluiten/", members.decisions, name="decisions"),
    path("leden/", members.member_list, name="members"),
    path("leden/<int:pk>/", members.member_detail, name="member"),
    path("leden/<int:pk>/toelating/", members.admission_decide, name="admission"),
    path("leden/<int:pk>/pauzeren/", members.membership_pause, {"action": "pause"},
         name="pause"),
    path("leden/<int:pk>/pauze-beeindigen/", members.membership_pause, {"action": "resume"},
         name="resume"),
    path("leden/<int:pk>/hoorzitting/", suspensions.hearing_summon_view, name="hearing_summon"),
    path("hoorzittingen/<int:pk>/", suspensions.hearing_record_view, name="hearing_record"),
    path("hoorzittingen/<int:pk>/schorsen/", suspensions.suspension_decide_view, name="suspend"),
    path("schorsingen/<int:pk>/", suspensions.suspension_detail, name="suspension"),
    path("schorsingen/<int:pk>/verlengen/", suspensions.suspension_outcome,
         {"outcome": "extend"}, name="suspension_extend"),
    path("schorsingen/<int:pk>/ontzetten/", suspensions.suspension_outcome,
         {"outcome": "expel"}, name="suspension_expel"),
    path("schorsingen/<int:pk>/opheffen/", suspensions.suspension_outcome,
         {"outcome": "lift"}, name="suspension_lift"),
    path("schorsingen/<int:pk>/opheffen-na-heraudit/", suspensions.suspension_outcome,
         {"outcome": "lift_reaudit"}, name="suspension_lift_reaudit"),
    path("schorsingen/<int:pk>/publicatie/", suspensions.suspension_publication,
         name="suspension_publication"),
    path("certificering/<int:pk>/", certificates.certification_decide, name="certification"),
    path("audits/<int:pk>/samenvatting.pdf", audit_summary.director_audit_summary_pdf,
         name="audit_summary_pdf"),
    path("uitstel/<int:pk>/", certificates.postponement_decide_view, name="postponement"),
    path("certificaten/<int:pk>/intrekken/", certificates.certificate_withdraw_view,
         name="withdrawal"),
]
