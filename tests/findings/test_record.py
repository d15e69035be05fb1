"""Recording findings (R-F1) by the auditors of the audit's body (R-A1), from fieldwork up to
follow-up (R-U2), never on a norm covered by another quality mark (R-U5)."""

import datetime as dt

import pytest

from audits.models import AuditState, CoveredNorm, Norm
from core.exceptions import RuleViolation
from core.history import change_reason_text
from findings.models import Finding, FindingKind, FindingStatus
from findings.services import RECORDING_STATES, finding_record
from tests.factories import AuditFactory

D = dt.date


@pytest.mark.parametrize("kind", FindingKind.values)
def test_an_auditor_of_the_body_records_a_finding_of_each_kind_R_F1(audit_x, anna, kind):
    """R-F1: an auditor of the body records a finding of each kind."""
    finding = finding_record(audit=audit_x, norm_code="4.11", kind=kind,
                             description="Dossiers zijn niet volledig.", actor=anna.user,
                             today=D(2026, 1, 31))

    finding = Finding.objects.get(pk=finding.pk)
    assert finding.kind == kind
    assert finding.status == FindingStatus.OPEN
    assert finding.norm.code == "4.11"
    assert finding.member == audit_x.member
    assert finding.recorded_on == finding.kind_since == D(2026, 1, 31)
    assert finding.recorded_by == anna.user
    assert finding.history.count() == 1
    assert finding.history.first().history_user == anna.user
    assert change_reason_text(finding.history.first().history_change_reason).startswith("R-F1")


def test_the_second_auditor_of_the_same_body_may_record_too_R_F1(audit_x, arie, record):
    """R-F1: the second auditor of the same body may record too."""
    assert record(audit_x, FindingKind.OBSERVATION, actor=arie.user).pk


def test_an_auditor_of_another_body_cannot_record_R_A1(audit_x, bob, record):
    """R-A1: an auditor of another body cannot record."""
    with pytest.raises(RuleViolation) as refused:
        record(audit_x, FindingKind.NONCONFORMITY, actor=bob.user)
    assert refused.value.rule_id == "R-A1"
    assert not Finding.objects.exists()


def test_a_member_contact_cannot_record_R_A1(audit_x, xena, record):
    """R-A1: a member contact cannot record."""
    with pytest.raises(RuleViolation) as refused:
        record(audit_x, FindingKind.NONCONFORMITY, actor=xena.user)
    assert refused.value.rule_id == "R-A1"


def test_an_inactive_auditor_cannot_record_R_A1(audit_x, arie, record):
    """R-A1: an inactive auditor cannot record."""
    arie.active = False
    arie.save()
    with pytest.raises(RuleViolation) as refused:
        record(audit_x, FindingKind.NONCONFORMITY, actor=arie.user)
    assert refused.value.rule_id == "R-A1"


@pytest.mark.parametrize("state", RECORDING_STATES)
def test_findings_are_recorded_from_fieldwork_up_to_follow_up_R_U2(body_a, member_x, anna,
                                                                   record, state):
    """R-U2: findings are recorded from fieldwork up to follow up."""
    audit = AuditFactory(member=member_x, body=body_a, state=state)
    assert record(audit, FindingKind.NONCONFORMITY).audit == audit


@pytest.mark.parametrize("state", [s for s in AuditState.values if s not in RECORDING_STATES])
def test_findings_are_refused_before_fieldwork_and_after_follow_up_R_U2(body_a, member_x, anna,
                                                                        record, state):
    """R-U2: findings are refused before fieldwork and after follow up."""
    audit = AuditFactory(member=member_x, body=body_a, state=state)
    with pytest.raises(RuleViolation) as refused:
        record(audit, FindingKind.NONCONFORMITY)
    assert refused.value.rule_id == "R-U2"
    assert str(refused.value).startswith("R-U2: De audit staat in stap")


def test_a_norm_covered_by_another_quality_mark_is_not_tested_again_R_U5(audit_x, record):
    """R-U5: a norm covered by another quality mark is not tested again."""
    CoveredNorm.objects.create(audit=audit_x, norm=Norm.objects.get(code="4.11"),
                               other_mark="ISO 9001", reference="ISO-2025-17")
    with pytest.raises(RuleViolation) as refused:
        record(audit_x, FindingKind.NONCONFORMITY, norm="4.11")
    assert refused.value.rule_id == "R-U5"
    assert "ISO 9001" in refused.value.message
    assert record(audit_x, FindingKind.NONCONFORMITY, norm="4.10").norm.code == "4.10"


def test_an_unknown_norm_is_refused_R_U3(audit_x, record):
    """R-U3: an unknown norm is refused."""
    with pytest.raises(RuleViolation) as refused:
        record(audit_x, FindingKind.NONCONFORMITY, norm="9.9")
    assert refused.value.rule_id == "R-U3"


def test_a_finding_is_one_of_three_kinds_R_F1(audit_x, record):
    """R-F1: a finding is one of three kinds."""
    with pytest.raises(RuleViolation) as refused:
        record(audit_x, "remark")
    assert refused.value.rule_id == "R-F1"


def test_a_kanttekening_carries_no_big_risk_for_clients_R_F1(audit_x, record):
    """R-F1: a kanttekening carries no big risk for clients."""
    with pytest.raises(RuleViolation) as refused:
        record(audit_x, FindingKind.OBSERVATION, risk=True)
    assert refused.value.rule_id == "R-F1"
    assert record(audit_x, FindingKind.NONCONFORMITY, risk=True).risk_to_clients


def test_a_finding_needs_a_description_R_F1(audit_x, record):
    """R-F1: a finding needs a description."""
    with pytest.raises(RuleViolation) as refused:
        record(audit_x, FindingKind.NONCONFORMITY, description="  ")
    assert refused.value.rule_id == "R-F1"
