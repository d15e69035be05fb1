"""Interim audits imposed by NVVK at the member's cost (R-T1) with their trigger and source
(R-T2)."""

import datetime as dt

import pytest

from audits.models import AuditKind, AuditState, InterimTrigger
from audits.services import audit_cancel, audit_impose_interim
from complaints.models import Complaint
from core.exceptions import RuleViolation
from core.models import Decision, DecisionKind, Role
from members.models import MemberState
from tests.factories import CertificationBodyFactory, MemberFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 14)


def complaint_about(member, reference="K-2026-007"):
    received = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
    return Complaint.objects.create(
        reference=reference, received_at=received, channel="email", subject_kind="member",
        member=member, complainant_name="Klager", content="Ernstige misstanden in de krant.",
        serious_and_public=True, acknowledge_by=received + dt.timedelta(hours=24),
        respond_by=dt.date(2026, 9, 8), resolve_by=dt.date(2026, 10, 20))


def test_director_imposes_an_interim_audit_after_a_complaint_r_t1_r_t2(dirk, member_x, body_a):
    """R-T1, R-T2: director imposes an interim audit after a complaint."""
    complaint = complaint_about(member_x)

    audit = audit_impose_interim(member=member_x, body=body_a, trigger=InterimTrigger.COMPLAINT,
                                 trigger_source="Klacht K-2026-007", complaint=complaint,
                                 motivation="Ernstige en openbare klacht.", actor=dirk,
                                 today=TODAY)

    assert audit.kind == AuditKind.INTERIM and audit.state == AuditState.BODY_CHOSEN
    assert audit.costs_for_member is True
    assert audit.trigger == InterimTrigger.COMPLAINT
    assert audit.trigger_source == "Klacht K-2026-007"
    assert audit.complaint == complaint
    assert list(complaint.interim_audits.all()) == [audit]
    decision = Decision.objects.get(kind=DecisionKind.INTERIM_AUDIT)
    assert (decision.rule_id, decision.role, decision.decided_by) == ("R-T1", Role.DIRECTOR, dirk)
    assert decision.member == member_x and decision.subject == audit
    assert audit.history.first().history_user == dirk


def test_bureau_may_impose_for_an_organisational_change_r_t1(bea, member_x, body_a):
    """R-T1: bureau may impose for an organisational change."""
    audit = audit_impose_interim(member=member_x, body=body_a,
                                 trigger=InterimTrigger.ORGANISATIONAL_CHANGE,
                                 trigger_source="Fusie met Schuldhulp W per 1 juli 2026",
                                 motivation="Fusie.", actor=bea, today=TODAY)
    assert Decision.objects.get(kind=DecisionKind.INTERIM_AUDIT).role == Role.BUREAU
    assert audit.trigger_source.startswith("Fusie")


@pytest.mark.parametrize("person", ["kim", "bram", "xena", "anna"])
def test_only_nvvk_imposes_r_t1(request, member_x, body_a, person):
    """R-T1: only NVVK imposes."""
    actor = request.getfixturevalue(person)
    with pytest.raises(RuleViolation) as refused:
        audit_impose_interim(member=member_x, body=body_a, trigger="organisational_change",
                             trigger_source="Fusie", motivation="x",
                             actor=getattr(actor, "user", actor), today=TODAY)
    assert refused.value.rule_id == "R-T1"


@pytest.mark.parametrize(("changes", "rule"), [
    ({"trigger": "rumour"}, "R-T2"),
    ({"trigger": "complaint"}, "R-T2"),  # no complaint linked
    ({"trigger_source": " "}, "R-T2"),
    ({"motivation": ""}, "R-0.3"),
])
def test_trigger_and_source_are_required_r_t2(dirk, member_x, body_a, changes, rule):
    """R-T2: trigger and source are required."""
    data = dict(member=member_x, body=body_a, trigger="organisational_change",
                trigger_source="Reorganisatie", motivation="x", actor=dirk, today=TODAY)
    data.update(changes)
    with pytest.raises(RuleViolation) as refused:
        audit_impose_interim(**data)
    assert refused.value.rule_id == rule


def test_complaint_must_concern_the_member_r_t2(dirk, member_x, member_y, body_a):
    """R-T2: complaint must concern the member."""
    with pytest.raises(RuleViolation) as refused:
        audit_impose_interim(member=member_x, body=body_a, trigger="complaint",
                             trigger_source="Klacht", complaint=complaint_about(member_y),
                             motivation="x", actor=dirk, today=TODAY)
    assert refused.value.rule_id == "R-T2"


def test_interim_audit_only_for_members_r_t1(dirk, body_a):
    """R-T1: interim audit only for members."""
    applicant = MemberFactory(state=MemberState.APPLICANT)
    with pytest.raises(RuleViolation) as refused:
        audit_impose_interim(member=applicant, body=body_a, trigger="organisational_change",
                             trigger_source="x", motivation="x", actor=dirk, today=TODAY)
    assert refused.value.rule_id == "R-U1"


def test_interim_audit_by_a_recognised_body_only_r_c1(dirk, member_x):
    """R-C1: interim audit by a recognised body only."""
    body = CertificationBodyFactory(name="Niet Erkend B.V.", recognised=False)
    with pytest.raises(RuleViolation) as refused:
        audit_impose_interim(member=member_x, body=body, trigger="organisational_change",
                             trigger_source="x", motivation="x", actor=dirk, today=TODAY)
    assert refused.value.rule_id == "R-C1"


def test_member_cannot_cancel_an_imposed_audit_r_t1(dirk, bea, xena, member_x, body_a):
    """R-T1: member cannot cancel an imposed audit."""
    audit = audit_impose_interim(member=member_x, body=body_a, trigger="organisational_change",
                                 trigger_source="x", motivation="x", actor=dirk, today=TODAY)
    with pytest.raises(RuleViolation) as refused:
        audit_cancel(audit=audit, reason="Te duur.", actor=xena.user)
    assert refused.value.rule_id == "R-T1"
    assert audit_cancel(audit=audit, reason="Ingetrokken.", actor=bea).state == "cancelled"
