"""A complaint from registration to closing: R-K1 registration, R-K2 handling and delay
notice, R-K3 objection."""

import datetime as dt

import pytest

from complaints.models import Complaint, ComplaintState, Objection
from complaints.services import (
    complaint_acknowledge,
    complaint_close,
    complaint_handle_objection,
    complaint_mark_serious,
    complaint_notify_delay,
    complaint_object,
    complaint_resolve,
    complaint_respond,
)
from core.exceptions import RuleViolation
from core.history import change_reason_text
from tests.complaints.factories import at, register

D = dt.date
pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


RESPONDED_ON, RESOLVED_ON = D(2026, 3, 12), D(2026, 4, 1)


def responded(complaint, bea, on=RESPONDED_ON):
    return complaint_respond(complaint=complaint, response="Wij hebben de CI gevraagd te "
                             "reageren.", actor=bea, today=on)


def resolved(complaint, bea, on=RESOLVED_ON):
    responded(complaint, bea)
    return complaint_resolve(complaint=complaint, outcome="De CI heeft excuses aangeboden. "
                             "Bent u het niet eens, dan kunt u bezwaar maken.", actor=bea,
                             today=on)


# --- R-K1 -----------------------------------------------------------------------------------


def test_r_k1_register_a_written_complaint_about_a_body(bea, body_a):
    """R-K1: register a written complaint about a body."""
    complaint = register(by=bea, body=body_a)
    assert complaint.reference == "K-2026-0001"
    assert complaint.state == ComplaintState.RECEIVED
    assert (complaint.subject_kind, complaint.body) == ("body", body_a)
    assert complaint.acknowledge_by == at(2026, 3, 7)
    assert (complaint.respond_by, complaint.resolve_by) == (D(2026, 3, 13), D(2026, 4, 28))
    assert complaint.handled_by == bea
    assert complaint.history.count() == 1
    assert complaint.history.first().history_user == bea
    assert change_reason_text(complaint.history.first().history_change_reason) == "R-K1: klacht geregistreerd"


def test_r_k1_references_count_per_year(bea, member_x):
    """R-K1: references count per year."""
    for _ in range(6):
        register(by=bea, member=member_x)
    assert register(by=bea, member=member_x).reference == "K-2026-0007"
    assert register(by=bea, member=member_x,
                    received_at=at(2027, 1, 4)).reference == "K-2027-0001"


@pytest.mark.parametrize("channel", ["phone", "in_person"])
def test_r_k2_a_spoken_complaint_is_acknowledged_in_the_conversation(bea, member_x, channel):
    """R-K2: a spoken complaint is acknowledged in the conversation."""
    complaint = register(by=bea, member=member_x, channel=channel)
    assert complaint.state == ComplaintState.ACKNOWLEDGED
    assert complaint.acknowledged_at == complaint.received_at


@pytest.mark.parametrize("who", ["dirk", "bram", "kim"])
def test_r_k1_the_bureau_registers_complaints(request, member_x, who):
    """R-K1: the bureau registers complaints."""
    with pytest.raises(RuleViolation) as refused:
        register(by=request.getfixturevalue(who), member=member_x)
    assert refused.value.rule_id == "R-K1"


def test_r_k1_a_contact_cannot_register_a_complaint(xena, member_y):
    """R-K1: a contact cannot register a complaint."""
    with pytest.raises(RuleViolation, match="R-K1"):
        register(by=xena.user, member=member_y)


@pytest.mark.parametrize(("extra", "message"), [
    ({"subject_kind": "body", "body": None}, "certificerende instelling"),
    ({"subject_kind": "member", "member": None}, "het lid"),
    ({"subject_kind": "weather"}, "waarover de klacht gaat"),
    ({"complainant_name": " "}, "naam van de klager"),
    ({"content": ""}, "inhoud van de klacht"),
    ({"channel": "pigeon"}, "kanaal"),
])
def test_r_k1_complainant_subject_channel_and_content_are_required(bea, member_x, extra,
                                                                   message):
    """R-K1: complainant subject channel and content are required."""
    with pytest.raises(RuleViolation, match=f"R-K1: .*{message}"):
        register(by=bea, **{"member": member_x, **extra})
    assert not Complaint.objects.exists()


def test_r_t2_only_a_complaint_about_a_member_is_serious_and_public(bea, body_a):
    """R-T2: only a complaint about a member is serious and public."""
    with pytest.raises(RuleViolation, match="R-T2"):
        register(by=bea, body=body_a, serious_and_public=True)


def test_r_t2_nvvk_judges_the_severity(bea, dirk, member_x, body_a):
    """R-T2: NVVK judges the severity."""
    complaint = register(by=bea, member=member_x)
    complaint = complaint_mark_serious(complaint=complaint, serious_and_public=True,
                                       motivation="In de krant verschenen.", actor=dirk)
    assert complaint.serious_and_public
    about_body = register(by=bea, body=body_a)
    with pytest.raises(RuleViolation, match="R-T2"):
        complaint_mark_serious(complaint=about_body, serious_and_public=True, motivation="…",
                               actor=dirk)


# --- R-K2 -----------------------------------------------------------------------------------


def test_r_k2_acknowledge_then_respond_then_resolve(bea, member_x):
    """R-K2: acknowledge then respond then resolve."""
    complaint = register(by=bea, member=member_x)
    complaint = complaint_acknowledge(complaint=complaint, at=at(2026, 3, 6, 14), actor=bea,
                                      today=D(2026, 3, 6))
    assert (complaint.state, complaint.acknowledged_at) == (ComplaintState.ACKNOWLEDGED,
                                                            at(2026, 3, 6, 14))
    assert change_reason_text(complaint.history.first().history_change_reason) == "R-K2: ontvangst bevestigd"
    complaint = responded(complaint, bea)
    assert (complaint.state, complaint.responded_on) == (ComplaintState.RESPONDED,
                                                         D(2026, 3, 12))
    complaint = complaint_resolve(complaint=complaint, outcome="Opgelost.", actor=bea,
                                  today=D(2026, 4, 1))
    assert (complaint.state, complaint.resolved_on) == (ComplaintState.RESOLVED, D(2026, 4, 1))
    assert complaint.history.count() == 4
    assert complaint.history.first().history_user == bea


def test_r_k2_a_late_acknowledgement_is_recorded_as_late(bea, member_x):
    """R-K2: a late acknowledgement is recorded as late."""
    complaint = register(by=bea, member=member_x)
    complaint = complaint_acknowledge(complaint=complaint, at=at(2026, 3, 9, 9), actor=bea,
                                      today=D(2026, 3, 9))
    assert change_reason_text(complaint.history.first().history_change_reason) == (
        "R-K2: ontvangst bevestigd (na 24 uur)")


def test_r_k2_respond_directly_without_separate_acknowledgement(bea, member_x):
    """R-K2: respond directly without separate acknowledgement."""
    complaint = responded(register(by=bea, member=member_x), bea)
    assert complaint.state == ComplaintState.RESPONDED


def test_r_k2_acknowledge_only_once(bea, member_x):
    """R-K2: acknowledge only once."""
    complaint = register(by=bea, member=member_x, channel="phone")
    with pytest.raises(RuleViolation, match="R-K2: Klacht K-2026-0001 staat op 'Ontvangst "
                                            "bevestigd'; deze stap kan alleen vanuit 'Ontvangen'"):
        complaint_acknowledge(complaint=complaint, actor=bea, today=D(2026, 3, 6))


@pytest.mark.parametrize("state", ["received", "acknowledged"])
def test_r_k2_resolve_refused_before_the_response(bea, member_x, state):
    """R-K2: resolve refused before the response."""
    complaint = register(by=bea, member=member_x,
                         channel="email" if state == "received" else "phone")
    with pytest.raises(RuleViolation, match="R-K2: .*na de inhoudelijke reactie"):
        complaint_resolve(complaint=complaint, outcome="…", actor=bea, today=D(2026, 3, 9))


def test_r_k2_respond_refused_after_the_response(bea, member_x):
    """R-K2: respond refused after the response."""
    complaint = responded(register(by=bea, member=member_x), bea)
    with pytest.raises(RuleViolation, match="R-K2"):
        responded(complaint, bea, on=D(2026, 3, 13))


def test_r_k2_the_complainant_is_told_when_it_takes_longer(bea, member_x):
    """R-K2: the complainant is told when it takes longer."""
    complaint = responded(register(by=bea, member=member_x), bea)
    complaint = complaint_notify_delay(complaint=complaint, new_expected_on=D(2026, 5, 29),
                                       actor=bea, today=D(2026, 4, 20))
    assert (complaint.delay_notified_on, complaint.expected_on) == (D(2026, 4, 20),
                                                                    D(2026, 5, 29))
    assert "R-K2: klager geïnformeerd" in change_reason_text(complaint.history.first().history_change_reason)
    with pytest.raises(RuleViolation, match="R-K2"):
        complaint_notify_delay(complaint=complaint, new_expected_on=D(2026, 4, 20), actor=bea,
                               today=D(2026, 4, 20))


def test_r_k2_no_delay_notice_once_resolved(bea, member_x):
    """R-K2: no delay notice once resolved."""
    complaint = resolved(register(by=bea, member=member_x), bea)
    with pytest.raises(RuleViolation, match="R-K2: .*'Afgehandeld'"):
        complaint_notify_delay(complaint=complaint, new_expected_on=D(2026, 5, 29), actor=bea,
                               today=D(2026, 4, 20))


# --- R-K3 -------------------------------------------------------------------------------------


def test_r_k3_the_complainant_objects_and_the_objection_is_handled(bea, dirk, member_x):
    """R-K3: the complainant objects and the objection is handled."""
    complaint = resolved(register(by=bea, member=member_x), bea)
    objection = complaint_object(complaint=complaint, content="Excuses zijn niet genoeg.",
                                 filed_on=D(2026, 4, 8), actor=bea, today=D(2026, 4, 9))
    assert fresh(complaint).state == ComplaintState.OBJECTED
    assert change_reason_text(objection.history.first().history_change_reason) == "R-K3: bezwaar ingediend"
    with pytest.raises(RuleViolation, match="R-K3: Er loopt een bezwaar"):
        complaint_close(complaint=complaint, actor=bea, today=D(2026, 4, 10))
    objection = complaint_handle_objection(complaint=complaint, outcome="Bezwaar ongegrond.",
                                           actor=dirk, today=D(2026, 4, 20))
    assert (objection.handled_on, objection.outcome) == (D(2026, 4, 20), "Bezwaar ongegrond.")
    complaint = fresh(complaint)
    assert (complaint.state, complaint.closed_on) == (ComplaintState.CLOSED, D(2026, 4, 20))
    assert complaint.history.first().history_user == dirk
    assert change_reason_text(complaint.history.first().history_change_reason) == "R-K3: gesloten na bezwaar"


@pytest.mark.parametrize("channel", ["email", "phone"])
def test_r_k3_no_objection_before_the_outcome(bea, member_x, channel):
    """R-K3: no objection before the outcome."""
    complaint = register(by=bea, member=member_x, channel=channel)
    with pytest.raises(RuleViolation, match="R-K3: .*deze stap kan alleen vanuit 'Afgehandeld'"):
        complaint_object(complaint=complaint, content="…", filed_on=D(2026, 3, 9), actor=bea,
                         today=D(2026, 3, 9))
    assert not Objection.objects.exists()


def test_r_k3_an_objection_comes_after_the_outcome(bea, member_x):
    """R-K3: an objection comes after the outcome."""
    complaint = resolved(register(by=bea, member=member_x), bea)
    with pytest.raises(RuleViolation, match="R-K3"):
        complaint_object(complaint=complaint, content="…", filed_on=D(2026, 3, 31), actor=bea,
                         today=D(2026, 4, 2))


def test_r_k3_no_objection_handling_without_an_objection(bea, member_x):
    """R-K3: no objection handling without an objection."""
    complaint = resolved(register(by=bea, member=member_x), bea)
    with pytest.raises(RuleViolation, match="R-K3"):
        complaint_handle_objection(complaint=complaint, outcome="…", actor=bea,
                                   today=D(2026, 4, 2))


def test_r_k3_close_when_no_objection_came(bea, member_x):
    """R-K3: close when no objection came."""
    complaint = resolved(register(by=bea, member=member_x), bea)
    complaint = complaint_close(complaint=complaint, actor=bea, today=D(2026, 5, 14))
    assert (complaint.state, complaint.closed_on) == (ComplaintState.CLOSED, D(2026, 5, 14))
    with pytest.raises(RuleViolation, match="R-K3"):
        complaint_close(complaint=complaint, actor=bea, today=D(2026, 5, 15))


@pytest.mark.parametrize("channel", ["email", "phone"])
def test_r_k3_close_refused_before_resolution(bea, member_x, channel):
    """R-K3: close refused before resolution."""
    complaint = register(by=bea, member=member_x, channel=channel)
    with pytest.raises(RuleViolation, match="R-K3"):
        complaint_close(complaint=complaint, actor=bea, today=D(2026, 3, 9))
