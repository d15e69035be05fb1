"""The member timeline shows complaints about the member without the complainant's personal
data (R-A2, R-K1); a serious and public complaint can trigger an interim audit (R-T2)."""

import dataclasses
import datetime as dt

import pytest

from audits.models import AuditKind, InterimTrigger
from complaints.selectors import timeline_events
from complaints.services import (
    complaint_object,
    complaint_resolve,
    complaint_respond,
    complaint_trigger_interim_audit,
)
from core.exceptions import RuleViolation
from core.timeline import member_timeline
from tests.complaints.factories import register

D = dt.date
pytestmark = pytest.mark.django_db


def test_r_a2_r_k1_timeline_without_the_complainants_personal_data(bea, member_x):
    """R-A2, R-K1: timeline without the complainants personal data."""
    complaint = register(by=bea, member=member_x)
    complaint_respond(complaint=complaint, response="Wij zoeken het uit.", actor=bea,
                      today=D(2026, 3, 10))
    complaint_resolve(complaint=complaint, outcome="Opgelost.", actor=bea, today=D(2026, 3, 20))
    complaint_object(complaint=complaint, content="Niet eens.", filed_on=D(2026, 3, 25),
                     actor=bea, today=D(2026, 3, 25))
    events = timeline_events(member=member_x, today=D(2026, 3, 26))
    assert {e.rule_id for e in events} == {"R-K1", "R-K2", "R-K3"}
    assert events[0].title == "Klacht K-2026-0001 ontvangen"
    text = " ".join(str(v) for e in events for v in dataclasses.astuple(e))
    for personal in ("Karel", "karel@klager.example", "06-12345678", "schuldhulpverlener",
                     "Niet eens"):
        assert personal not in text


def test_r_k2_timeline_shows_upcoming_deadlines_of_an_open_complaint(bea, member_x):
    """R-K2: timeline shows upcoming deadlines of an open complaint."""
    register(by=bea, member=member_x)
    deadlines = [e for e in member_timeline(member=member_x, today=D(2026, 3, 9))
                 if e.is_deadline and e.rule_id == "R-K2"]
    assert sorted(e.on for e in deadlines) == [D(2026, 3, 13), D(2026, 4, 28)]
    text = " ".join(str(v) for e in deadlines for v in dataclasses.astuple(e))
    assert "Karel" not in text and "karel@klager.example" not in text  # R-A2


def test_r_k1_complaints_about_a_body_are_not_on_a_members_timeline(bea, member_x, body_a):
    """R-K1: complaints about a body are not on a members timeline."""
    register(by=bea, body=body_a)
    assert timeline_events(member=member_x, today=D(2026, 3, 9)) == []


def test_r_t2_a_serious_and_public_complaint_triggers_an_interim_audit(bea, dirk, member_x,
                                                                        body_a):
    """R-T2: a serious and public complaint triggers an interim audit."""
    complaint = register(by=bea, member=member_x, serious_and_public=True)
    audit = complaint_trigger_interim_audit(complaint=complaint, body=body_a,
                                            motivation="Landelijke berichtgeving.",
                                            actor=dirk, today=D(2026, 3, 10))
    assert (audit.kind, audit.member, audit.body) == (AuditKind.INTERIM, member_x, body_a)
    assert (audit.trigger, audit.complaint) == (InterimTrigger.COMPLAINT, complaint)
    assert "K-2026-0001" in audit.trigger_source
    with pytest.raises(RuleViolation, match="R-T2: Klacht K-2026-0001 heeft al geleid"):
        complaint_trigger_interim_audit(complaint=complaint, body=body_a, motivation="…",
                                        actor=dirk, today=D(2026, 3, 11))


def test_r_t2_not_without_nvvks_judgement_that_it_is_serious_and_public(bea, dirk, member_x,
                                                                         body_a):
    """R-T2: not without NVVK's judgement that it is serious and public."""
    complaint = register(by=bea, member=member_x)
    with pytest.raises(RuleViolation, match="R-T2: .*ernstig en openbaar"):
        complaint_trigger_interim_audit(complaint=complaint, body=body_a, motivation="…",
                                        actor=dirk, today=D(2026, 3, 10))
    assert not complaint.interim_audits.exists()


def test_r_t2_a_complaint_about_a_body_does_not_trigger_a_members_audit(bea, dirk, body_a):
    """R-T2: a complaint about a body does not trigger a members audit."""
    complaint = register(by=bea, body=body_a)
    with pytest.raises(RuleViolation, match="R-T2"):
        complaint_trigger_interim_audit(complaint=complaint, body=body_a, motivation="…",
                                        actor=dirk, today=D(2026, 3, 10))
