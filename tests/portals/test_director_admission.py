"""The directeur's admission decision (R-M1 step 3, R-M2): admit after the kernteam's advice
and a positive audit advice, or reject (confirmed: irreversible)."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import AuditState
from core.models import Decision, DecisionKind
from members.models import AdmissionAdvice, MemberState
from tests.portals.director_helpers import admission_case, messages_of, text_of, travel

TODAY = dt.date(2026, 5, 1)


@pytest.fixture
def desk(client, dirk):
    client.force_login(dirk)
    return client


def _url(member):
    return reverse("director:admission", args=[member.pk])


def test_the_page_shows_the_kernteam_advice_the_audit_advice_and_the_report(desk, anna,
                                                                           body_a):
    member = admission_case(body=body_a, by=anna.user, qt_advice=AdmissionAdvice.POSITIVE)
    report = member.audits.get().reports.get()
    with travel(TODAY):
        page = text_of(desk.get(_url(member)))
    assert "Past bij de vereniging." in page
    assert "Positief advies" in page
    assert reverse("document_download", args=[report.document.pk]) in page
    assert "R-M1" in page and "R-M2" in page and 'name="decision"' in page


def test_r_m1_admitting_makes_the_applicant_a_member(desk, dirk, anna, body_a):
    """R-M1: admitting makes the applicant a member."""
    member = admission_case(body=body_a, by=anna.user, qt_advice=AdmissionAdvice.POSITIVE)
    with travel(TODAY):
        response = desk.post(_url(member), {"decision": "admit", "confirm": "on",
                                            "motivation": "Voldoet aan alle voorwaarden."})
    assert response.status_code == 302 and response["Location"] == reverse("director:home")
    member.refresh_from_db()
    assert member.state == MemberState.MEMBER and member.member_since == TODAY
    decision = Decision.objects.get(kind=DecisionKind.ADMISSION)
    assert decision.decided_by == dirk and decision.rule_id == "R-M1"


def test_r_m1_without_a_positive_audit_advice_admission_is_refused(desk, anna, body_a):
    """R-M1: without a positive audit advice admission is refused."""
    member = admission_case(body=body_a, by=anna.user, qt_advice=AdmissionAdvice.POSITIVE,
                            audit_advice="negative")
    with travel(TODAY):
        response = desk.post(_url(member), {"decision": "admit", "confirm": "on", "motivation": "Toch."})
    assert response.status_code == 200
    assert "R-M1" in " ".join(messages_of(response))
    member.refresh_from_db()
    assert member.state == MemberState.ADMISSION_AUDIT


def test_r_m2_rejecting_asks_for_confirmation(desk, anna, body_a):
    """R-M2: rejecting asks for confirmation."""
    member = admission_case(body=body_a, by=anna.user, qt_advice=AdmissionAdvice.NEGATIVE)
    with travel(TODAY):
        response = desk.post(_url(member), {"decision": "reject", "motivation": "Nee."})
    assert response.status_code == 400
    assert "besluit bevestigt" in text_of(response)
    member.refresh_from_db()
    assert member.state == MemberState.ADMISSION_AUDIT


def test_r_m2_a_confirmed_rejection_is_recorded(desk, anna, body_a):
    """R-M2: a confirmed rejection is recorded."""
    member = admission_case(body=body_a, by=anna.user, qt_advice=AdmissionAdvice.NEGATIVE)
    with travel(TODAY):
        desk.post(_url(member), {"decision": "reject", "confirm": "on",
                                 "motivation": "Voldoet niet aan de wet."})
    member.refresh_from_db()
    assert member.state == MemberState.REJECTED
    assert member.audits.get().state == AuditState.CANCELLED
    assert Decision.objects.get().outcome == "afgewezen"


def test_r_0_3_a_decision_without_motivation_stores_nothing(desk, anna, body_a):
    """R-0.3: a decision without motivation stores nothing."""
    member = admission_case(body=body_a, by=anna.user, qt_advice=AdmissionAdvice.POSITIVE)
    with travel(TODAY):
        response = desk.post(_url(member), {"decision": "admit", "motivation": "  "})
    assert response.status_code == 400
    assert "R-0.3" in text_of(response)
    assert not Decision.objects.exists()


def test_a_member_not_in_admission_shows_no_form(desk, member_x):
    with travel(TODAY):
        page = text_of(desk.get(_url(member_x)))
    assert 'name="decision"' not in page
    assert "R-M2" in page
