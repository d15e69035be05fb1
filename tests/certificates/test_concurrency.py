"""On PostgreSQL: two simultaneous certification decisions on the same audit produce exactly
one certificate (R-Z1); two decisions on different audits draw different numbers."""

import datetime as dt

import pytest

from certificates.models import Certificate
from certificates.services import certificate_decide
from core.exceptions import RuleViolation
from core.models import Decision, DecisionKind
from tests.certificates.factories import advised_audit
from tests.concurrency import run_together
from tests.factories import MemberFactory

D = dt.date




@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_z1_two_simultaneous_decisions_produce_exactly_one_certificate(postgres, dirk,
                                                                         member_x, body_a):
    """R-Z1: two simultaneous decisions produce exactly one certificate."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2))

    def decide():
        return certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 1))

    results = run_together(decide, decide)

    certificates = [r for r in results if isinstance(r, Certificate)]
    refusals = [r for r in results if isinstance(r, RuleViolation)]
    assert len(certificates) == 1, results
    assert len(refusals) == 1 and refusals[0].rule_id == "R-Z1", results
    assert Certificate.objects.filter(audit=audit).count() == 1
    assert Decision.objects.filter(kind=DecisionKind.CERTIFICATION).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_decisions_draw_different_numbers(postgres, dirk, body_a):
    audits = [advised_audit(member=MemberFactory(), body=body_a, fieldwork=D(2026, 3, 2))
              for _ in range(4)]
    calls = [lambda a=a: certificate_decide(audit=a, certify=True, actor=dirk,
                                            today=D(2026, 4, 1)) for a in audits]
    results = run_together(*calls)
    assert all(isinstance(r, Certificate) for r in results), results
    assert sorted(r.number for r in results) == [
        "NVVK-2026-0001", "NVVK-2026-0002", "NVVK-2026-0003", "NVVK-2026-0004"]
