"""Issue #9: the auditor corrects or withdraws a finding before the report is definitive
(R-U2), with reason and history; a withdrawn finding no longer counts (R-F6, R-F7, R-F3) and
the member no longer sees it."""

import datetime as dt

import pytest

from audits.models import Audit, AuditState
from core.exceptions import RuleViolation
from core.history import change_reason_text
from findings.models import CorrectionAction, FindingKind, FindingStatus
from findings.selectors import advice_blockers, audit_limits, findings_for_member
from findings.services import (
    correction_blockers,
    finding_correct,
    finding_withdraw,
    findings_sweep,
)
from tests.factories import AuditFactory

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 2, 10)


@pytest.fixture
def presented(body_a, member_x, anna, arie):
    """An audit whose report was presented, not yet definitive."""
    return AuditFactory(member=member_x, body=body_a, state=AuditState.PRESENTED,
                        lead_auditor=anna, second_auditor=arie,
                        fieldwork_starts_on=D(2026, 1, 26), fieldwork_ends_on=D(2026, 1, 27))


def test_the_auditor_corrects_a_finding_with_reason_and_history_r_u2(presented, record, anna):
    """R-U2: before the report is definitive the auditor corrects kind, norm and description;
    the correction is kept with its reason, and the history names the auditor."""
    finding = record(presented, FindingKind.NONCONFORMITY)

    corrected = finding_correct(finding=finding, kind=FindingKind.OBSERVATION, norm_code="4.10",
                                description="Twee dossiers onvolledig.", actor=anna.user,
                                reason="Verkeerd geclassificeerd; het betreft norm 4.10.",
                                today=TODAY)

    assert (corrected.kind, corrected.norm.code, corrected.description) == (
        FindingKind.OBSERVATION, "4.10", "Twee dossiers onvolledig.")
    assert corrected.kind_since == TODAY
    [correction] = corrected.corrections.all()
    assert correction.action == CorrectionAction.CORRECTED
    assert correction.reason == "Verkeerd geclassificeerd; het betreft norm 4.10."
    assert "norm: 4.11 → 4.10" in correction.changes and "soort:" in correction.changes
    assert (correction.corrected_on, correction.corrected_by) == (TODAY, anna.user)
    row = corrected.history.first()
    assert row.history_user == anna.user and change_reason_text(row.history_change_reason).startswith(
        "R-U2: gecorrigeerd")
    # No escalation row: a correction is not an escalation (R-F8).
    assert not corrected.kind_changes.exists()


def test_a_withdrawn_finding_no_longer_counts_r_u2(presented, record, anna, member_x):
    """R-U2 with R-F6/R-F7/R-F3: a withdrawn finding is out of the limits, no longer blocks a
    positive advice, is not escalated by the sweep, and the member no longer sees it."""
    majors = [record(presented, FindingKind.MAJOR, norm=norm) for norm in ("4.11", "4.10")]
    nonconformity = record(presented, FindingKind.NONCONFORMITY, norm="1.1")
    assert audit_limits(presented).majors == 2

    for finding in (*majors, nonconformity):
        finding_withdraw(finding=finding, reason="Bij nader inzien geen bevinding.",
                         actor=anna.user, today=TODAY)

    nonconformity.refresh_from_db()
    assert nonconformity.status == FindingStatus.WITHDRAWN
    assert nonconformity.withdrawn_on == TODAY
    assert nonconformity.corrections.get().action == CorrectionAction.WITHDRAWN
    limits = audit_limits(presented)
    assert (limits.majors, limits.nonconformities, tuple(limits.reasons)) == (0, 0, ())
    Audit.objects.filter(pk=presented.pk).update(state=AuditState.FOLLOW_UP)
    assert advice_blockers(Audit.objects.get(pk=presented.pk)) == []
    findings_sweep(today=D(2026, 6, 1))  # far past the two-month plan deadline (R-F3)
    nonconformity.refresh_from_db()
    assert nonconformity.kind == FindingKind.NONCONFORMITY
    assert not findings_for_member(member=member_x).exists()


@pytest.mark.parametrize("state", [AuditState.DEFINITIVE, AuditState.FOLLOW_UP])
def test_after_the_definitive_report_a_finding_is_not_corrected_r_u2(
        body_a, member_x, anna, record, state):
    """R-U2: once the report is definitive the findings are what counts: correcting and
    withdrawing are refused, and the guard says so before the click."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FIELDWORK,
                         lead_auditor=anna)
    finding = record(audit, FindingKind.OBSERVATION)
    Audit.objects.filter(pk=audit.pk).update(state=state)
    finding.refresh_from_db()

    [(rule_id, text)] = correction_blockers(finding)
    with pytest.raises(RuleViolation) as withdraw_refused:
        finding_withdraw(finding=finding, reason="x", actor=anna.user)
    with pytest.raises(RuleViolation) as correct_refused:
        finding_correct(finding=finding, kind=FindingKind.NONCONFORMITY, reason="x",
                        actor=anna.user)

    assert rule_id == "R-U2" and "definitief" in text
    assert (withdraw_refused.value.rule_id, withdraw_refused.value.message) == (rule_id, text)
    assert correct_refused.value.rule_id == "R-U2"
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN and finding.kind == FindingKind.OBSERVATION


def test_a_correction_needs_a_reason_and_a_change_r_u2(presented, record, anna):
    """R-U2/R-F1: no reason or nothing changed: refused, nothing stored."""
    finding = record(presented, FindingKind.NONCONFORMITY)
    with pytest.raises(RuleViolation):
        finding_correct(finding=finding, kind=FindingKind.OBSERVATION, reason=" ",
                        actor=anna.user)
    with pytest.raises(RuleViolation) as refused:
        finding_correct(finding=finding, kind=FindingKind.NONCONFORMITY, reason="Geen.",
                        actor=anna.user)
    assert refused.value.rule_id == "R-F1"
    with pytest.raises(RuleViolation):
        finding_withdraw(finding=finding, reason="", actor=anna.user)
    assert not finding.corrections.exists()


def test_an_observation_with_risk_is_refused_as_when_recording_r_f1(presented, record, anna):
    """R-F1: a correction to a kanttekening with risk for clients is refused."""
    finding = record(presented, FindingKind.NONCONFORMITY, risk=True)
    with pytest.raises(RuleViolation) as refused:
        finding_correct(finding=finding, kind=FindingKind.OBSERVATION, reason="r",
                        actor=anna.user)
    assert refused.value.rule_id == "R-F1"


def test_another_bodys_auditor_cannot_correct_r_a1(presented, record, bob):
    """R-A1: only an auditor of the audit's body corrects or withdraws its findings."""
    finding = record(presented, FindingKind.NONCONFORMITY)
    with pytest.raises(RuleViolation) as refused:
        finding_withdraw(finding=finding, reason="r", actor=bob.user)
    assert refused.value.rule_id == "R-A1"


def test_the_member_is_told_of_a_correction_and_a_withdrawal_r_u2(
        presented, record, anna, member_x, xena, django_capture_on_commit_callbacks):
    """R-U2: a corrected or withdrawn finding is e-mailed to the member's contacts, with what
    changed and the reason; a withdrawn one says it no longer counts."""
    from notifications.models import Notification

    first = record(presented, FindingKind.NONCONFORMITY)
    second = record(presented, FindingKind.OBSERVATION)
    with django_capture_on_commit_callbacks(execute=True):
        finding_correct(finding=first, description="Drie dossiers onvolledig.", actor=anna.user,
                        reason="Telfout in het verslag.", today=TODAY)
        finding_withdraw(finding=second, actor=anna.user, reason="Dubbel vastgelegd.",
                         today=TODAY)

    corrected = Notification.objects.get(template="finding-corrected",
                                         key__contains=f"finding-corrected:{first.corrections.get().pk}:")
    assert (corrected.member, corrected.recipient_email) == (member_x, xena.email)
    assert "gecorrigeerd" in corrected.subject
    assert "Telfout in het verslag." in corrected.body_text
    assert "omschrijving aangepast" in corrected.body_text
    assert "10 februari 2026" in corrected.body_text
    withdrawn = Notification.objects.get(template="finding-corrected",
                                         key__contains=f"finding-corrected:{second.corrections.get().pk}:")
    assert "ingetrokken" in withdrawn.subject
    assert "telt niet meer mee" in withdrawn.body_text
    assert "Dubbel vastgelegd." in withdrawn.body_text
