"""Judging the follow-up of a finding at a later audit (R-F2, R-F3, R-F5), with escalation
keeping the finding's identity and history (R-F8)."""

import datetime as dt

import pytest

from audits.models import AuditState
from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision, DecisionKind, Role
from findings.models import (
    Finding,
    FindingJudgement,
    FindingKind,
    FindingKindChange,
    FindingStatus,
    JudgementOutcome,
)
from findings.selectors import finding_label
from findings.services import finding_judge_follow_up, findings_sweep
from tests.factories import AuditFactory, FindingFactory

D = dt.date
JUDGED_ON = D(2026, 1, 27)


@pytest.fixture
def audit_2026(body_a, member_x, anna, arie):
    """The 2026 recertification audit of member X, on site."""
    return AuditFactory(member=member_x, body=body_a, state=AuditState.FIELDWORK,
                        lead_auditor=anna, second_auditor=arie,
                        fieldwork_starts_on=D(2026, 1, 26), fieldwork_ends_on=D(2026, 1, 27))


def old_finding(audit_2023, kind):
    return FindingFactory(audit=audit_2023, kind=kind, recorded_on=D(2023, 3, 7),
                          recorded_by=audit_2023.lead_auditor.user)


def judge(finding, audit, outcome, actor, no_big_risk=False, notes="Onvoldoende opgevolgd."):
    return finding_judge_follow_up(finding=finding, audit=audit, outcome=outcome, notes=notes,
                                   no_big_risk=no_big_risk, actor=actor, today=JUDGED_ON)


def reload(finding):
    return Finding.objects.get(pk=finding.pk)


@pytest.mark.parametrize("kind", FindingKind.values)
def test_a_resolved_finding_is_closed_at_the_next_audit_R_F2_R_F3_R_F5(audit_2023, audit_2026,
                                                                        anna, kind):
    """R-F2, R-F3, R-F5: a resolved finding is closed at the next audit."""
    finding = old_finding(audit_2023, kind)

    judgement = judge(finding, audit_2026, JudgementOutcome.RESOLVED, anna.user,
                      notes="Dossiers zijn nu volledig.")

    finding = reload(finding)
    assert finding.status == FindingStatus.RESOLVED
    assert finding.resolved_on == JUDGED_ON
    assert finding.kind == kind
    assert judgement.kind_before == kind
    assert judgement.history.first().history_user == anna.user
    assert change_reason_text(finding.history.first().history_change_reason).endswith(f"opgelost bij audit "
                                                                   f"{audit_2026.pk}")


def test_insufficient_follow_up_makes_a_kanttekening_an_afwijking_R_F2(audit_2023, audit_2026,
                                                                       anna):
    """R-F2: insufficient follow up makes a kanttekening an afwijking."""
    finding = old_finding(audit_2023, FindingKind.OBSERVATION)

    judge(finding, audit_2026, JudgementOutcome.ESCALATED, anna.user)

    escalated = reload(finding)
    assert escalated.pk == finding.pk
    assert escalated.kind == FindingKind.NONCONFORMITY
    assert escalated.kind_since == JUDGED_ON  # a new two-month plan deadline starts (R-F3)
    assert escalated.audit == audit_2023  # identity: still the finding of 2023 (R-F8)
    change = FindingKindChange.objects.get(finding=finding)
    assert (change.from_kind, change.to_kind) == (FindingKind.OBSERVATION,
                                                 FindingKind.NONCONFORMITY)
    assert change.rule_id == "R-F2"
    assert change.audit == audit_2026
    assert change.changed_by == anna.user
    assert "Onvoldoende opgevolgd" in change.reason
    decision = Decision.objects.get(kind=DecisionKind.ESCALATION)
    assert (decision.rule_id, decision.role, decision.member) == ("R-F2", Role.AUDITOR,
                                                                   finding.member)


def test_escalation_keeps_identity_and_history_R_F8(audit_2023, audit_2026, anna):
    """R-F8: kanttekening in 2023, afwijking at the 2026 audit, tekortkoming when no plan came
    within two months: one finding, three kinds, every step on record."""
    finding = old_finding(audit_2023, FindingKind.OBSERVATION)
    assert finding_label(reload(finding)) == "kanttekening"

    judge(finding, audit_2026, JudgementOutcome.ESCALATED, anna.user)
    assert finding_label(reload(finding)) == "afwijking (was kanttekening bij audit 2023)"

    findings_sweep(today=D(2026, 3, 28))  # deadline 27 March 2026
    finding = reload(finding)
    assert finding.kind == FindingKind.MAJOR
    assert Finding.objects.count() == 1
    assert list(finding.kind_changes.values_list("rule_id", "to_kind")) == [
        ("R-F2", FindingKind.NONCONFORMITY), ("R-F3", FindingKind.MAJOR)]
    assert finding_label(finding) == (
        "tekortkoming (was afwijking bij audit 2026, was kanttekening bij audit 2023)")
    assert [h.kind for h in finding.history.order_by("history_id")] == [
        FindingKind.OBSERVATION, FindingKind.NONCONFORMITY, FindingKind.MAJOR]


def test_insufficient_follow_up_makes_an_afwijking_a_tekortkoming_R_F3(audit_2023, audit_2026,
                                                                       anna):
    """R-F3: insufficient follow up makes an afwijking a tekortkoming."""
    finding = old_finding(audit_2023, FindingKind.NONCONFORMITY)

    judge(finding, audit_2026, JudgementOutcome.ESCALATED, anna.user)

    finding = reload(finding)
    assert finding.kind == FindingKind.MAJOR
    assert finding.kind_changes.get().rule_id == "R-F3"


@pytest.mark.parametrize(("kind", "rule_id"), [(FindingKind.OBSERVATION, "R-F2"),
                                               (FindingKind.NONCONFORMITY, "R-F3")])
def test_some_follow_up_and_no_big_risk_may_stay_as_it_is_R_F2_R_F3(audit_2023, audit_2026,
                                                                     anna, kind, rule_id):
    """R-F2, R-F3: some follow up and no big risk may stay as it is."""
    finding = old_finding(audit_2023, kind)
    with pytest.raises(RuleViolation) as refused:
        judge(finding, audit_2026, JudgementOutcome.MAINTAINED, anna.user, no_big_risk=False)
    assert refused.value.rule_id == rule_id
    assert "geen grote risico" in refused.value.message

    judgement = judge(finding, audit_2026, JudgementOutcome.MAINTAINED, anna.user,
                      no_big_risk=True)

    finding = reload(finding)
    assert (finding.kind, finding.status) == (kind, FindingStatus.OPEN)
    assert judgement.outcome == JudgementOutcome.MAINTAINED
    assert not finding.kind_changes.exists()


def test_an_unresolved_tekortkoming_stays_and_cannot_escalate_further_R_F5(audit_2023,
                                                                          audit_2026, anna):
    """R-F5: an unresolved tekortkoming stays and cannot escalate further."""
    finding = old_finding(audit_2023, FindingKind.MAJOR)
    with pytest.raises(RuleViolation) as refused:
        judge(finding, audit_2026, JudgementOutcome.ESCALATED, anna.user)
    assert refused.value.rule_id == "R-F5"

    judge(finding, audit_2026, JudgementOutcome.MAINTAINED, anna.user)
    assert reload(finding).kind == FindingKind.MAJOR


def test_follow_up_is_judged_at_a_later_audit_of_the_same_member_R_F2(audit_2023, audit_2026,
                                                                      member_y, body_a, anna):
    """R-F2: follow up is judged at a later audit of the same member."""
    finding = old_finding(audit_2023, FindingKind.OBSERVATION)
    for audit in [audit_2023, AuditFactory(member=member_y, body=body_a,
                                           state=AuditState.FIELDWORK)]:
        with pytest.raises(RuleViolation) as refused:
            judge(finding, audit, JudgementOutcome.RESOLVED, anna.user)
        assert refused.value.rule_id == "R-F2"


def test_only_an_auditor_of_the_later_audits_body_judges_R_A1(audit_2023, audit_2026, bob):
    """R-A1: only an auditor of the later audits body judges."""
    finding = old_finding(audit_2023, FindingKind.OBSERVATION)
    with pytest.raises(RuleViolation) as refused:
        judge(finding, audit_2026, JudgementOutcome.RESOLVED, bob.user)
    assert refused.value.rule_id == "R-A1"


def test_a_finding_is_judged_once_per_audit_R_F2(audit_2023, audit_2026, anna):
    """R-F2: a finding is judged once per audit."""
    finding = old_finding(audit_2023, FindingKind.OBSERVATION)
    judge(finding, audit_2026, JudgementOutcome.MAINTAINED, anna.user, no_big_risk=True)
    with pytest.raises(RuleViolation) as refused:
        judge(finding, audit_2026, JudgementOutcome.ESCALATED, anna.user)
    assert refused.value.rule_id == "R-F2"
    assert FindingJudgement.objects.count() == 1


def test_a_resolved_finding_is_not_judged_again_R_F2(audit_2023, audit_2026, anna):
    """R-F2: a resolved finding is not judged again."""
    finding = old_finding(audit_2023, FindingKind.OBSERVATION)
    judge(finding, audit_2026, JudgementOutcome.RESOLVED, anna.user)
    later = AuditFactory(member=audit_2026.member, body=audit_2026.body,
                         state=AuditState.FIELDWORK, fieldwork_starts_on=D(2029, 1, 10))
    with pytest.raises(RuleViolation) as refused:
        judge(finding, later, JudgementOutcome.ESCALATED, anna.user)
    assert refused.value.rule_id == "R-F2"


def test_judging_needs_the_later_audit_on_site_R_U2(audit_2023, audit_2026, anna):
    """R-U2: judging needs the later audit on site."""
    finding = old_finding(audit_2023, FindingKind.OBSERVATION)
    audit = AuditFactory(member=audit_2026.member, body=audit_2026.body,
                         state=AuditState.PREPARATION, fieldwork_starts_on=D(2026, 5, 1))
    with pytest.raises(RuleViolation) as refused:
        judge(finding, audit, JudgementOutcome.RESOLVED, anna.user)
    assert refused.value.rule_id == "R-U2"


def test_the_judgement_needs_a_known_outcome_and_notes_R_F2(audit_2023, audit_2026, anna):
    """R-F2: the judgement needs a known outcome and notes."""
    finding = old_finding(audit_2023, FindingKind.OBSERVATION)
    with pytest.raises(RuleViolation):
        judge(finding, audit_2026, "forgotten", anna.user)
    with pytest.raises(RuleViolation) as refused:
        judge(finding, audit_2026, JudgementOutcome.RESOLVED, anna.user, notes=" ")
    assert refused.value.rule_id == "R-F2"
