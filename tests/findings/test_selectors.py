"""Reads: the findings of an audit and of a member, the R-F8 label, the R-F6 counts, the
blockers shown before an advice (R-F7), and the member timeline (R-F1 … R-F7)."""

import datetime as dt

import pytest

from audits.models import Audit, AuditState, Norm
from core.timeline import member_timeline
from findings.deadlines import LimitReason
from findings.models import (
    FindingKind,
    InvestigationState,
    JudgementOutcome,
    PlanState,
)
from findings.selectors import (
    advice_blockers,
    audit_limits,
    finding_label,
    findings_for_audit,
    open_findings_for_member,
)
from findings.services import (
    advice_give,
    finding_judge_follow_up,
    findings_sweep,
    investigation_order,
    limits_record_follow_up,
    plan_reject,
    plan_submit,
)
from tests.factories import AuditFactory, FindingFactory
from tests.findings.factories import InvestigationFactory, PlanFactory

D = dt.date


@pytest.fixture
def audit_2026(body_a, member_x, anna):
    return AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP,
                        lead_auditor=anna, fieldwork_starts_on=D(2026, 1, 26))


def test_the_label_shows_where_the_finding_came_from_R_F8(audit_2023, audit_2026, anna):
    """R-F8: the label shows where the finding came from."""
    finding = FindingFactory(audit=audit_2023, kind=FindingKind.OBSERVATION,
                             recorded_on=D(2023, 3, 7))
    finding_judge_follow_up(finding=finding, audit=audit_2026,
                            outcome=JudgementOutcome.ESCALATED, notes="Niet opgevolgd.",
                            actor=anna.user, today=D(2026, 1, 27))
    [shown] = findings_for_audit(audit=audit_2026)  # judged here, so in this report
    assert shown.pk == finding.pk
    assert finding_label(shown) == "afwijking (was kanttekening bij audit 2023)"


def test_a_change_outside_an_audit_is_dated_R_F8(audit_x, record):
    """R-F8: a change outside an audit is dated."""
    finding = record(audit_x, FindingKind.NONCONFORMITY, on=D(2026, 1, 31))
    findings_sweep(today=D(2026, 4, 1))
    [shown] = findings_for_audit(audit=audit_x)
    assert finding_label(shown) == "tekortkoming (was afwijking bij audit 2026)"
    assert shown.pk == finding.pk


def test_open_findings_of_a_member_come_from_every_audit(audit_2023, audit_x, member_y):
    old = FindingFactory(audit=audit_2023, kind=FindingKind.MAJOR)
    new = FindingFactory(audit=audit_x, kind=FindingKind.OBSERVATION)
    FindingFactory(audit=AuditFactory(member=member_y))
    assert {f.pk for f in open_findings_for_member(member=audit_x.member)} == {old.pk, new.pk}


def test_limits_count_the_audits_findings_and_those_carried_over_R_F6(audit_2023, audit_2026,
                                                                      anna, record):
    """R-F6: limits count the audits findings and those carried over."""
    for code in ["1.1", "1.2", "1.3"]:
        record(audit_2026, FindingKind.OBSERVATION, norm=code)
    for code in ["2.1", "2.2", "2.3"]:
        record(audit_2026, FindingKind.NONCONFORMITY, norm=code)
    carried = FindingFactory(audit=audit_2023, kind=FindingKind.NONCONFORMITY)
    finding_judge_follow_up(finding=carried, audit=audit_2026, no_big_risk=True,
                            outcome=JudgementOutcome.MAINTAINED, notes="Deels opgevolgd.",
                            actor=anna.user, today=D(2026, 1, 27))

    limits = audit_limits(audit_2026)

    assert (limits.observations, limits.nonconformities, limits.majors) == (3, 4, 0)
    assert limits.reasons == (LimitReason.TOO_MANY_FINDINGS,
                              LimitReason.TOO_MANY_NONCONFORMITIES)
    assert limits.body_decision_missing
    limits_record_follow_up(audit=audit_2026, decision_text="Besluit.", actor=anna.user)
    assert not audit_limits(audit_2026).body_decision_missing


def test_advice_blockers_list_every_reason_with_its_rule_R_F7(audit_x, audit_2023):
    """R-F7: advice blockers list every reason with its rule."""
    FindingFactory(audit=audit_2023, kind=FindingKind.MAJOR, norm=Norm.objects.get(code="4.1"))
    afwijking = FindingFactory(audit=audit_x, kind=FindingKind.NONCONFORMITY,
                               recorded_on=D(2026, 1, 31))
    PlanFactory(finding=afwijking, state=PlanState.REJECTED)
    InvestigationFactory(finding=afwijking, state=InvestigationState.ORDERED)

    blockers = advice_blockers(audit_x)

    assert [rule for rule, _text in blockers] == ["R-F7", "R-F7", "R-F4"]
    assert "uiterlijk in te dienen op 31 maart 2026" in blockers[1][1]
    assert advice_blockers(audit_x, kind="negative") == []


def test_advice_blockers_name_the_step_and_an_advice_already_given_R_U2(audit_x, anna):
    """R-U2: advice blockers name the step and an advice already given."""
    advice_give(audit=audit_x, kind="negative", motivation="Nee.", actor=anna.user)
    rules = [rule for rule, _text in advice_blockers(Audit.objects.get(pk=audit_x.pk))]
    assert rules == ["R-U2", "R-F7"]


def test_the_timeline_shows_events_and_deadlines_with_their_rules(audit_x, record, anna, xena):
    finding = record(audit_x, FindingKind.NONCONFORMITY, on=D(2026, 1, 31), risk=True)
    plan = plan_submit(finding=finding, text="Plan.", actor=xena.user, today=D(2026, 2, 10))
    plan_reject(plan=plan, assessment="Te vaag.", actor=anna.user, today=D(2026, 2, 20))
    investigation_order(finding=finding, actor=anna.user, today=D(2026, 2, 21))

    events = member_timeline(member=audit_x.member, today=D(2026, 2, 25))

    seen = {(e.on, e.rule_id, e.kind) for e in events}
    assert (D(2026, 1, 31), "R-F1", "event") in seen
    assert (D(2026, 2, 10), "R-F3", "event") in seen
    assert (D(2026, 2, 20), "R-F3", "event") in seen
    assert (D(2026, 3, 31), "R-F3", "deadline") in seen  # the plan deadline
    assert (D(2026, 2, 21), "R-F4", "event") in seen
    assert (D(2026, 7, 31), "R-F4", "deadline") in seen  # the investigation's due date

    findings_sweep(today=D(2026, 4, 1))
    events = member_timeline(member=audit_x.member, today=D(2026, 4, 2))
    escalation = [e for e in events if e.on == D(2026, 4, 1) and e.rule_id == "R-F3"]
    assert escalation and "tekortkoming" in escalation[0].title
    assert not any(e.kind == "deadline" and e.rule_id == "R-F3" for e in events)
    assert events == sorted(events)


def test_the_timeline_shows_the_six_months_of_a_tekortkoming_and_the_advice_R_F5(audit_x,
                                                                                 anna):
    """R-F5: the timeline shows the six months of a tekortkoming and the advice."""
    FindingFactory(audit=audit_x, kind=FindingKind.MAJOR, kind_since=D(2026, 4, 1))
    advice_give(audit=audit_x, kind="negative", motivation="Tekortkoming.", actor=anna.user,
                today=D(2026, 4, 20))
    seen = {(e.on, e.rule_id, e.kind) for e in
            member_timeline(member=audit_x.member, today=D(2026, 4, 21))}
    assert (D(2026, 10, 1), "R-F5", "deadline") in seen
    assert (D(2026, 4, 20), "R-F7", "event") in seen
