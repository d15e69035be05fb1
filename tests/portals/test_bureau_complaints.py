"""Complaints in the bureau portal (R-K1 … R-K4, R-T2): register, the deadlines, every handling
step through its service, the link to an interim audit and the analysis."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import Audit, AuditKind, InterimTrigger
from complaints.models import Complaint, ComplaintState, Objection
from core.models import Decision, DecisionKind
from tests.factories import MemberFactory
from tests.portals.bureau_helpers import (
    assert_constant_queries,
    complaint_about,
    messages_of,
    text_of,
    travel,
)

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2026, 3, 6)


def step(name, complaint):
    return reverse(f"bureau:complaint_{name}", kwargs={"pk": complaint.pk})


def test_register_a_complaint_with_its_deadlines_r_k1_r_k2(client, bea, member_x):
    """R-K1: registered with complainant, subject, channel and content; R-K2: received on
    Friday 6 March, response due Friday 13 March (5 working days)."""
    client.force_login(bea)
    with travel(FRIDAY):
        assert client.get(reverse("bureau:complaint_register")).status_code == 200
        response = client.post(reverse("bureau:complaint_register"), {
            "received_at": "2026-03-06T09:30", "channel": "email", "subject_kind": "member",
            "member": member_x.pk, "complainant_name": "Karel Klager",
            "complainant_email": "karel@klager.example", "content": "Geen reactie."})
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bureau:complaint_detail",
                                           kwargs={"pk": complaint.pk})
    assert complaint.member == member_x and complaint.respond_by == dt.date(2026, 3, 13)
    with travel(FRIDAY):
        html = text_of(client.get(response["Location"]))
    assert "Karel Klager" in html and "13 maart 2026" in html and "R-K2" in html


def test_a_complaint_about_a_member_needs_the_member_r_k1(client, bea):
    """R-K1: a complaint about a member needs the member."""
    client.force_login(bea)
    with travel(FRIDAY):
        response = client.post(reverse("bureau:complaint_register"), {
            "received_at": "2026-03-06T09:30", "channel": "email", "subject_kind": "member",
            "complainant_name": "Karel Klager", "content": "Geen reactie."})
    assert response.status_code == 400
    assert "Kies het lid waarover geklaagd wordt." in text_of(response)
    assert not Complaint.objects.exists()


def test_a_complaint_received_in_the_future_is_a_form_error(client, bea, body_a):
    client.force_login(bea)
    with travel(FRIDAY):
        response = client.post(reverse("bureau:complaint_register"), {
            "received_at": "2026-03-09T09:30", "channel": "email", "subject_kind": "body",
            "body": body_a.pk, "complainant_name": "Karel", "content": "Te laat."})
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_handle_a_complaint_from_receipt_to_closing_r_k2_r_k3(client, bea, member_x):
    """R-K2: acknowledge, respond, resolve; R-K3: closed when no objection came within the
    objection term (not on the day of the outcome)."""
    complaint = complaint_about(member=member_x, received_on=FRIDAY)
    client.force_login(bea)
    with travel(dt.date(2026, 3, 9)):
        assert client.post(step("acknowledge", complaint),
                           {"at": "2026-03-06T15:00"}).status_code == 302
        assert client.post(step("respond", complaint),
                           {"response": "Wij zoeken het uit."}).status_code == 302
        assert client.post(step("resolve", complaint),
                           {"outcome": "Opgelost; bezwaar kan binnen 6 weken."}).status_code == 302
        response = client.post(step("close", complaint), {"confirm": "on"})
        assert response.status_code == 400  # R-K3: the objection term runs to 20 April
        assert any("R-K3" in m and "20 april 2026" in m for m in messages_of(response))
    with travel(dt.date(2026, 4, 21)):
        assert client.post(step("close", complaint), {"confirm": "on"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.CLOSED
    assert complaint.responded_on == dt.date(2026, 3, 9)
    assert complaint.history.filter(history_user=bea).count() == 4


def test_resolving_before_the_response_is_refused_naming_r_k2(client, bea, member_x):
    """R-K2: resolving before the response is refused naming R-K2."""
    complaint = complaint_about(member=member_x, received_on=FRIDAY)
    client.force_login(bea)
    response = client.post(step("resolve", complaint), {"outcome": "Klaar."})
    assert response.status_code == 400
    assert any("R-K2" in m for m in messages_of(response))
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.RECEIVED


def test_the_complainant_is_told_it_takes_longer_r_k2(client, bea, member_x):
    """R-K2: the complainant is told it takes longer."""
    complaint = complaint_about(member=member_x, received_on=FRIDAY)
    client.force_login(bea)
    with travel(dt.date(2026, 4, 28)):
        response = client.post(step("notify_delay", complaint),
                               {"new_expected_on": "2026-04-01"})
        assert response.status_code == 400  # a date in the past: refused by R-K2
        assert any("R-K2" in m for m in messages_of(response))
        assert client.post(step("notify_delay", complaint),
                           {"new_expected_on": "2026-05-15"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.expected_on == dt.date(2026, 5, 15)


def test_an_objection_is_recorded_and_handled_r_k3(client, bea, member_x):
    """R-K3: an objection is recorded and handled."""
    complaint = complaint_about(member=member_x, received_on=FRIDAY)
    client.force_login(bea)
    with travel(dt.date(2026, 3, 10)):
        client.post(step("respond", complaint), {"response": "Reactie."})
        client.post(step("resolve", complaint), {"outcome": "Uitkomst."})
        assert client.post(step("object", complaint), {
            "filed_on": "2026-03-10", "content": "Ik ben het er niet mee eens."}
        ).status_code == 302
        response = client.post(step("close", complaint), {"confirm": "on"})
        assert response.status_code == 400  # R-K3: the objection comes first
        assert any("R-K3" in m for m in messages_of(response))
        assert client.post(step("handle_objection", complaint), {
            "outcome": "Bezwaar ongegrond.", "confirm": "on"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.CLOSED
    assert Objection.objects.get(complaint=complaint).outcome == "Bezwaar ongegrond."


def test_a_serious_complaint_triggers_an_interim_audit_r_t2(client, bea, member_x, body_a):
    """R-T2: the bureau judges the complaint serious and public and imposes an interim audit
    (R-T1) linked to it."""
    complaint = complaint_about(member=member_x, received_on=FRIDAY)
    client.force_login(bea)
    with travel(dt.date(2026, 3, 10)):
        response = client.post(step("interim_audit", complaint), {
            "body": body_a.pk, "motivation": "Ernstig.", "confirm": "on"})
        assert response.status_code == 400  # not yet judged serious
        assert any("R-T2" in m for m in messages_of(response))
        assert client.post(step("mark_serious", complaint), {
            "serious_and_public": "on", "motivation": "Landelijke pers."}).status_code == 302
        response = client.post(step("interim_audit", complaint), {
            "body": body_a.pk, "motivation": "Ernstige en openbare klacht.", "confirm": "on"})
    assert response.status_code == 302
    audit = Audit.objects.get(kind=AuditKind.INTERIM)
    assert audit.complaint == complaint and audit.trigger == InterimTrigger.COMPLAINT
    assert audit.costs_for_member
    assert Decision.objects.filter(kind=DecisionKind.INTERIM_AUDIT, decided_by=bea).exists()
    assert reverse("bureau:audit_detail", kwargs={"pk": audit.pk}) in text_of(
        client.get(reverse("bureau:complaint_detail", kwargs={"pk": complaint.pk})))


def test_analysis_counts_complaints_per_body_and_member_r_k4(client, bea, member_x, body_a):
    """R-K4: counts by subject, by CI and by member over a period."""
    complaint_about(member=member_x, received_on=FRIDAY)
    complaint_about(body=body_a, received_on=FRIDAY)
    complaint_about(body=body_a, received_on=dt.date(2025, 12, 1))  # outside the period
    client.force_login(bea)
    with travel(dt.date(2026, 3, 20)):
        response = client.get(reverse("bureau:complaint_analysis")
                              + "?van=2026-01-01&tot=2026-03-31")
    assert response.status_code == 200
    analysis = response.context["analysis"]
    assert analysis.total == 2
    assert analysis.by_body == [(body_a, 1)] and analysis.by_member == [(member_x, 1)]
    assert "CI Alfa B.V." in text_of(response)


def test_analysis_with_an_end_before_the_start_is_a_form_error(client, bea):
    client.force_login(bea)
    response = client.get(reverse("bureau:complaint_analysis") + "?van=2026-03-01&tot=2026-01-01")
    assert response.status_code == 400
    assert "De einddatum ligt vóór de begindatum." in text_of(response)


def test_complaint_list_filters_open_complaints(client, bea, member_x, body_a):
    open_one = complaint_about(member=member_x, received_on=FRIDAY)
    complaint_about(body=body_a, received_on=FRIDAY)
    client.force_login(bea)
    response = client.get(reverse("bureau:complaint_list") + "?over=member&status=open")
    assert [c.pk for c in response.context["rows"]] == [open_one.pk]


def test_complaint_list_queries_do_not_grow_with_rows(client, bea, body_a):
    def add_rows(n):
        for _ in range(n):
            complaint_about(member=MemberFactory(), received_on=FRIDAY)
            complaint_about(body=body_a, received_on=FRIDAY)

    client.force_login(bea)
    assert_constant_queries(client, reverse("bureau:complaint_list"), add_rows)


def test_the_complainant_stays_off_the_list_r_a2(client, bea, member_x):
    """R-A2: the complainant stays off the list."""
    complaint_about(member=member_x, received_on=FRIDAY)
    client.force_login(bea)
    assert "Karel Klager" not in text_of(client.get(reverse("bureau:complaint_list")))


def test_analysis_queries_do_not_grow_with_rows_r_k4(client, bea, body_a):
    """R-K4: analysis queries do not grow with rows."""
    def add_rows(n):
        for _ in range(n):
            complaint_about(member=MemberFactory(), received_on=FRIDAY)
            complaint_about(body=body_a, received_on=FRIDAY)

    client.force_login(bea)
    with travel(dt.date(2026, 3, 20)):
        assert_constant_queries(
            client, reverse("bureau:complaint_analysis") + "?van=2026-01-01&tot=2026-03-31",
            add_rows)
