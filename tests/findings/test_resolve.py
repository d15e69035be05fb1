"""Closing a resolved finding (R-F2, R-F3, R-F5) outside a judgement at a later audit."""

import datetime as dt

import pytest

from core.exceptions import RuleViolation
from core.history import change_reason_text
from findings.models import Finding, FindingKind, FindingStatus
from findings.services import finding_resolve

D = dt.date


@pytest.mark.parametrize(("kind", "rule_id"), [(FindingKind.OBSERVATION, "R-F2"),
                                               (FindingKind.NONCONFORMITY, "R-F3"),
                                               (FindingKind.MAJOR, "R-F5")])
def test_the_body_closes_a_resolved_finding_R_F2_R_F3_R_F5(audit_x, record, arie, kind,
                                                            rule_id):
    """R-F2, R-F3, R-F5: the body closes a resolved finding."""
    finding = record(audit_x, kind)

    finding_resolve(finding=finding, notes="Aangetoond met nieuwe dossiers.", actor=arie.user,
                    today=D(2026, 3, 10))

    finding = Finding.objects.get(pk=finding.pk)
    assert (finding.status, finding.resolved_on) == (FindingStatus.RESOLVED, D(2026, 3, 10))
    assert finding.history.count() == 2
    assert finding.history.first().history_user == arie.user
    assert change_reason_text(finding.history.first().history_change_reason).startswith(f"{rule_id}: opgelost")

    with pytest.raises(RuleViolation) as refused:
        finding_resolve(finding=finding, notes="Nogmaals.", actor=arie.user)
    assert refused.value.rule_id == rule_id
    assert "10 maart 2026" in refused.value.message


def test_only_an_auditor_of_a_following_body_closes_a_finding_R_A1(audit_x, record, bob, xena):
    """R-A1: only an auditor of a following body closes a finding."""
    finding = record(audit_x, FindingKind.OBSERVATION)
    for person in [bob.user, xena.user]:
        with pytest.raises(RuleViolation) as refused:
            finding_resolve(finding=finding, notes="Klaar.", actor=person)
        assert refused.value.rule_id == "R-A1"
    assert Finding.objects.get(pk=finding.pk).is_open


def test_closing_needs_a_reason_R_F2(audit_x, record, anna):
    """R-F2: closing needs a reason."""
    finding = record(audit_x, FindingKind.OBSERVATION)
    with pytest.raises(RuleViolation) as refused:
        finding_resolve(finding=finding, notes="", actor=anna.user)
    assert refused.value.rule_id == "R-F2"
