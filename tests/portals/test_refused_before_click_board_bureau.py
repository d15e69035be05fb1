"""R-0.5 "refused before the click" (issue #9) on the Bestuur's ruling and the bureau's action
pages: an action the rules forbid now is shown disabled, with what stands in the way in the words
(and rule) of the check the service refuses with; the POST refuses with that same text and
stores nothing. Where the action is possible, the button is live."""

import datetime as dt

from django.urls import reverse

from audits.models import AuditKind
from certificates.models import PostponementState
from members.models import MemberState
from suspensions.models import AppealState
from tests.factories import CertificateFactory
from tests.portals.director_helpers import (
    certificate_for,
    messages_of,
    pending_appeal,
    postponement_for,
    suspended,
    text_of,
    travel,
)

DISABLED = 'disabled aria-disabled="true"'


def _refused(client, url, data, *, rule_id: str, text: str):
    page = text_of(client.get(url))
    assert "blockers-box" in page and DISABLED in page
    assert f'<span class="rule">{rule_id}</span>' in page and text in page
    response = client.post(url, data)
    refusal = " ".join(messages_of(response))
    assert rule_id in refusal and text in refusal


def _allowed(client, url):
    page = text_of(client.get(url))
    assert "blockers-box" not in page and DISABLED not in page


# --- the Bestuur: R-S4 ruling ---------------------------------------------------------------


def test_r_0_5_r_s4_a_ruled_appeal_cannot_be_ruled_again(client, bram, member_x, dirk, xena):
    """R-0.5, R-S4: once ruled, the ruling form is disabled with the service's reason and a
    second ruling is refused."""
    appeal = pending_appeal(suspended(member_x, by=dirk), by=xena.user)
    client.force_login(bram)
    url = reverse("board:appeal", args=[appeal.pk])
    with travel(dt.date(2026, 3, 1)):
        client.post(url, {"verdict": "dismiss", "ruling": "Ongegrond.", "confirm": "on"})
        appeal.refresh_from_db()
        assert appeal.state == AppealState.DISMISSED
        response = client.post(url, {"verdict": "uphold", "ruling": "Toch.", "confirm": "on"})
    assert "Het bestuur heeft over dit beroep al beslist" in " ".join(messages_of(response))
    appeal.refresh_from_db()
    assert appeal.state == AppealState.DISMISSED


def test_r_0_5_r_s4_a_pending_appeal_can_be_ruled(client, bram, member_x, dirk, xena):
    """R-0.5, R-S4: a pending appeal: the Bestuur's ruling button is live."""
    appeal = pending_appeal(suspended(member_x, by=dirk), by=xena.user)
    client.force_login(bram)
    with travel(dt.date(2026, 3, 1)):
        _allowed(client, reverse("board:appeal", args=[appeal.pk]))


def test_r_0_5_r_s4_only_the_bestuur_rules(client, dirk, member_x, xena):
    """R-0.5, R-S4: the directeur reads the appeal; the ruling is disabled with the reason."""
    appeal = pending_appeal(suspended(member_x, by=dirk), by=xena.user)
    client.force_login(dirk)
    with travel(dt.date(2026, 3, 1)):
        _refused(client, reverse("board:appeal", args=[appeal.pk]),
                 {"verdict": "uphold", "ruling": "Gegrond.", "confirm": "on"},
                 rule_id="R-S4", text="Alleen het bestuur beslist op een beroep.")
    appeal.refresh_from_db()
    assert appeal.state == AppealState.PENDING


# --- the bureau: R-M2 resignation, R-Z2 SWN report, R-Z4 postponement ------------------------


def test_r_0_5_r_m2_the_bureau_cannot_record_a_suspended_members_resignation(client, bea,
                                                                           member_x):
    """R-0.5, R-M2: a suspended member cannot resign: the bureau's page is disabled with the
    reason and the POST refused."""
    type(member_x).objects.filter(pk=member_x.pk).update(state=MemberState.SUSPENDED)
    client.force_login(bea)
    _refused(client, reverse("bureau:member_resign", args=[member_x.pk]),
             {"reason": "Brief.", "confirm": "on"}, rule_id="R-M2",
             text="opzegging kan alleen vanuit")
    member_x.refresh_from_db()
    assert member_x.state == MemberState.SUSPENDED


def test_r_0_5_r_m2_the_bureau_can_record_a_members_resignation(client, bea, member_x):
    """R-0.5, R-M2: for a member the bureau's button is live."""
    client.force_login(bea)
    _allowed(client, reverse("bureau:member_resign", args=[member_x.pk]))


def test_r_0_5_r_z2_no_swn_report_for_a_three_year_certificate(client, bea, member_x, body_a):
    """R-0.5, R-Z2: a three-year certificate owes no SWN report: disabled with the reason."""
    certificate = certificate_for(member_x, body=body_a)
    client.force_login(bea)
    with travel(dt.date(2026, 3, 2)):
        _refused(client, reverse("bureau:swn_report_record", args=[certificate.pk]),
                 {"received_on": "2026-03-01"}, rule_id="R-Z2",
                 text="er is geen SWN-rapport verschuldigd")
    certificate.refresh_from_db()
    assert certificate.swn_report_received_on is None


def test_r_0_5_r_z2_the_swn_report_of_a_four_year_certificate_can_be_recorded(
        client, bea, member_x, body_a):
    """R-0.5, R-Z2: a four-year certificate: the receipt button is live."""
    certificate = CertificateFactory(
        audit__member=member_x, audit__body=body_a, audit__kind=AuditKind.COMBINED_SWN,
        valid_from=dt.date(2024, 6, 1), valid_until=dt.date(2028, 5, 31), four_years_swn=True,
        swn_report_due_on=dt.date(2026, 6, 1))
    client.force_login(bea)
    with travel(dt.date(2026, 6, 10)):
        _allowed(client, reverse("bureau:swn_report_record", args=[certificate.pk]))


def test_r_0_5_r_z4_the_bureau_decides_a_short_postponement(client, bea, member_x, body_a,
                                                            xena):
    """R-0.5, R-Z4: two months asked: the bureau's decision button is live."""
    postponement = postponement_for(certificate_for(member_x, body=body_a), by=xena.user,
                                    months=2)
    client.force_login(bea)
    with travel(dt.date(2026, 4, 15)):
        _allowed(client, reverse("bureau:postponement_decide", args=[postponement.pk]))
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.REQUESTED


# --- the bureau: R-M1 admission, R-K2/R-K3/R-T2 complaints, R-T1 interim, R-Z2 combined, R-S7 ---


def test_r_0_5_r_m1_the_admission_audit_is_disabled_until_step_one_is_complete(client, bea):
    """R-0.5, R-M1: an application under review without check and contact: the step is
    disabled and says what is missing (the guard's own words); the POST is refused."""
    from tests.members.factories import applicant_in

    member = applicant_in(MemberState.UNDER_REVIEW)
    client.force_login(bea)
    _refused(client, reverse("bureau:admission_start_audit", args=[member.pk]),
             {"confirm": "on"}, rule_id="R-M1", text="De aanmelding is nog niet compleet")
    member.refresh_from_db()
    assert member.state == MemberState.UNDER_REVIEW


def test_r_0_5_r_m1_taking_an_application_into_review_is_offered(client, bea):
    """R-0.5, R-M1: a new application: "in behandeling nemen" is live."""
    from tests.members.factories import applicant_in

    member = applicant_in(MemberState.APPLICANT)
    client.force_login(bea)
    _allowed(client, reverse("bureau:admission_start_review", args=[member.pk]))


def test_r_0_5_r_k2_resolving_before_the_response_is_disabled(client, bea, member_x):
    """R-0.5, R-K2: resolving a complaint before the substantive response: disabled with the
    reason, the complaint page shows why instead of a live link, and the POST is refused."""
    from complaints.models import ComplaintState
    from tests.portals.bureau_helpers import complaint_about

    complaint = complaint_about(member=member_x, received_on=dt.date(2026, 3, 6))
    client.force_login(bea)
    url = reverse("bureau:complaint_resolve", args=[complaint.pk])
    with travel(dt.date(2026, 3, 9)):
        _refused(client, url, {"outcome": "Opgelost."}, rule_id="R-K2",
                 text="afhandelen kan pas na de inhoudelijke reactie aan de klager.")
        _allowed(client, reverse("bureau:complaint_respond", args=[complaint.pk]))
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.RECEIVED


def test_r_0_5_r_t2_an_interim_audit_needs_a_serious_complaint(client, bea, member_x, body_a):
    """R-0.5, R-T2: a complaint not judged serious and public: the interim-audit step is
    disabled, and the complaint page shows why instead of a live link."""
    from audits.models import Audit
    from tests.portals.bureau_helpers import complaint_about

    complaint = complaint_about(member=member_x, received_on=dt.date(2026, 3, 6))
    client.force_login(bea)
    url = reverse("bureau:complaint_interim_audit", args=[complaint.pk])
    text = "is niet als ernstig en openbaar aangemerkt"
    with travel(dt.date(2026, 3, 9)):
        _refused(client, url, {"body": body_a.pk, "motivation": "Ernstig.", "confirm": "on"},
                 rule_id="R-T2", text=text)
        detail = text_of(client.get(reverse("bureau:complaint_detail", args=[complaint.pk])))
    assert text in detail and url not in detail
    assert not Audit.objects.filter(member=member_x).exists()


def test_r_0_5_r_t1_no_interim_audit_for_an_applicant(client, bea, body_a):
    """R-0.5, R-T1/R-U1: an applicant is not audited in between: disabled with the reason."""
    from tests.members.factories import applicant_in

    member = applicant_in(MemberState.UNDER_REVIEW)
    client.force_login(bea)
    _refused(client, reverse("bureau:interim_audit_impose", args=[member.pk]),
             {"body": body_a.pk, "trigger": "organisational_change", "trigger_source": "Fusie.",
              "motivation": "Fusie.", "confirm": "on"},
             rule_id="R-U1", text="Een tussentijdse audit kan niet bij status")


def test_r_0_5_r_c2_no_combined_audit_beside_an_open_recertification(client, bea, member_x,
                                                                     body_a):
    """R-0.5, R-C2: with a recertification audit under way the combined NVVK/SWN audit is
    disabled with the reason, and the member's file shows why instead of a live link."""
    from audits.models import Audit, AuditState
    from tests.factories import AuditFactory

    AuditFactory(member=member_x, body=body_a, kind=AuditKind.RECERTIFICATION,
                 state=AuditState.BODY_CHOSEN)
    client.force_login(bea)
    url = reverse("bureau:combined_audit_register", args=[member_x.pk])
    text = "annuleer die eerst om een gecombineerde NVVK/SWN-audit te registreren."
    _refused(client, url, {"body": body_a.pk, "confirm": "on"}, rule_id="R-C2", text=text)
    detail = text_of(client.get(reverse("bureau:member_detail", args=[member_x.pk])))
    assert text in detail and url not in detail
    assert Audit.objects.filter(member=member_x).count() == 1


def test_r_0_5_r_c2_a_combined_audit_is_offered_without_an_open_audit(client, bea, member_x):
    """R-0.5, R-C2: without an open audit the combined audit's button is live."""
    client.force_login(bea)
    _allowed(client, reverse("bureau:combined_audit_register", args=[member_x.pk]))


def test_r_0_5_r_s7_a_notice_sent_to_both_audiences_is_disabled(client, bea, member_x, dirk):
    """R-0.5, R-S7: once the notice went to members and partners, the page says so before the
    click."""
    from suspensions.models import NoticeAudience, SuspensionNotice

    suspension = suspended(member_x, by=dirk)
    for audience in NoticeAudience.values:
        SuspensionNotice.objects.create(suspension=suspension, audience=audience,
                                        sent_on=dt.date(2026, 2, 2), sent_by=bea, text="Tekst.",
                                        recipients=3)
    client.force_login(bea)
    with travel(dt.date(2026, 2, 3)):
        page = text_of(client.get(reverse("bureau:suspension_notice", args=[suspension.pk])))
    assert DISABLED in page and "is al verstuurd op 2 februari 2026" in page


# --- the directeur's member page: R-M3/R-M4 ----------------------------------------------------


def test_r_0_5_r_m3_ending_a_pause_without_a_certificate_shows_why(client, dirk, member_x):
    """R-0.5, R-M3: a paused member without a valid certificate: the member page shows why
    the pause cannot end instead of a live link; the resume page is disabled and refuses."""
    type(member_x).objects.filter(pk=member_x.pk).update(state=MemberState.PAUSED)
    client.force_login(dirk)
    text = "geen geldig certificaat; de pauze kan pas eindigen met een geldig certificaat."
    with travel(dt.date(2026, 3, 2)):
        page = text_of(client.get(reverse("director:member", args=[member_x.pk])))
        assert text in page and reverse("director:resume", args=[member_x.pk]) not in page
        _refused(client, reverse("director:resume", args=[member_x.pk]),
                 {"motivation": "Weer lid."}, rule_id="R-M3", text=text)
    member_x.refresh_from_db()
    assert member_x.state == MemberState.PAUSED
