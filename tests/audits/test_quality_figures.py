"""R-N3: the audit-quality figures per certification body (``overview.selectors.audit_quality``):
number of audits, findings by kind (as recorded) and by norm, lead times (fieldwork →
definitive, definitive → decided), the members' evaluations and complaints."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import AuditEvaluation, AuditState, Norm
from core.dates import AMSTERDAM
from core.decisions import decision_record
from core.models import DecisionKind, Role
from findings.models import FindingKind, FindingKindChange
from overview.selectors import audit_quality
from tests.factories import AuditFactory, FindingFactory, MemberFactory
from tests.portals.bureau_helpers import complaint_about

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture
def figures_world(body_a, body_b, anna, dirk, member_x, member_y):
    first = AuditFactory(member=member_x, body=body_a, state=AuditState.DECIDED,
                         fieldwork_starts_on=dt.date(2026, 3, 2),
                         fieldwork_ends_on=dt.date(2026, 3, 3),
                         definitive_on=dt.date(2026, 3, 23))
    decision_record(kind=DecisionKind.CERTIFICATION, outcome="Gecertificeerd", rule_id="R-Z1",
                    actor=dirk, role=Role.DIRECTOR, subject=first, member=member_x,
                    decided_at=dt.datetime(2026, 4, 2, 10, tzinfo=AMSTERDAM))
    AuditEvaluation.objects.create(audit=first, score=8)
    second = AuditFactory(member=member_y, body=body_a, state=AuditState.FOLLOW_UP,
                          fieldwork_starts_on=dt.date(2026, 5, 4),
                          fieldwork_ends_on=dt.date(2026, 5, 5),
                          definitive_on=dt.date(2026, 5, 29))
    AuditEvaluation.objects.create(audit=second, score=6)
    AuditFactory(member=member_x, body=body_a, state=AuditState.CANCELLED,
                 fieldwork_starts_on=dt.date(2026, 6, 1))
    AuditFactory(member=member_x, body=body_a, state=AuditState.DECIDED,
                 fieldwork_starts_on=dt.date(2025, 6, 1))
    AuditFactory(member=member_y, body=body_b, fieldwork_starts_on=dt.date(2026, 9, 1))

    norm_411, norm_11 = Norm.objects.get(code="4.11"), Norm.objects.get(code="1.1")
    escalated = FindingFactory(audit=first, norm=norm_411, kind=FindingKind.NONCONFORMITY,
                               recorded_by=anna.user, recorded_on=dt.date(2026, 3, 3))
    FindingKindChange.objects.create(finding=escalated, from_kind=FindingKind.OBSERVATION,
                                     to_kind=FindingKind.NONCONFORMITY,
                                     changed_on=dt.date(2026, 6, 1), rule_id="R-F2",
                                     reason="Onvoldoende opgevolgd.")
    FindingFactory(audit=first, norm=norm_411, kind=FindingKind.OBSERVATION,
                   recorded_by=anna.user)
    FindingFactory(audit=second, norm=norm_11, kind=FindingKind.NONCONFORMITY,
                   recorded_by=anna.user)

    complaint_about(body=body_b, received_on=dt.date(2026, 2, 2))
    complaint_about(body=body_b, received_on=dt.date(2026, 8, 3))
    complaint_about(body=body_b, received_on=dt.date(2025, 12, 31))
    complaint_about(member=member_x, received_on=dt.date(2026, 2, 2))
    return first, second


def test_audit_quality_per_body_r_n3(figures_world, body_a, body_b):
    """R-N3: per body the audits in the period (cancelled ones left out), the findings by the
    kind they had when recorded (R-F1; the later escalation does not count, R-F8), lead times
    in calendar days, the evaluations and the complaints about the body."""
    figures = {row.body: row for row in audit_quality(start=START, end=END).bodies}
    alfa, beta = figures[body_a], figures[body_b]
    assert alfa.audits == 2 and beta.audits == 1
    assert alfa.findings == {FindingKind.OBSERVATION: 2, FindingKind.NONCONFORMITY: 1}
    assert alfa.findings_total == 3 and beta.findings_total == 0
    # 3 March → 23 March is 20 days; 5 May → 29 May is 24 days.
    assert (alfa.fieldwork_to_definitive.count, alfa.fieldwork_to_definitive.median,
            alfa.fieldwork_to_definitive.mean) == (2, 22.0, 22.0)
    # 23 March → 2 April (the directeur's decision) is 10 days; the second is not decided.
    assert (alfa.definitive_to_decided.count, alfa.definitive_to_decided.median) == (1, 10)
    assert (alfa.evaluations, alfa.evaluation_mean) == (2, 7.0)
    assert (beta.evaluations, beta.evaluation_mean) == (0, None)
    assert alfa.complaints == 0 and beta.complaints == 2
    assert beta.fieldwork_to_definitive.count == 0


def test_findings_by_norm_per_body_r_n3(figures_world, body_a):
    """R-N3: findings by norm per body."""
    norms = {row.code: row for row in audit_quality(start=START, end=END).norms}
    assert list(norms) == ["1.1", "4.11"]  # in the order of the framework
    assert norms["4.11"].per_body == {body_a.pk: 2} and norms["4.11"].total == 2
    assert norms["1.1"].total == 1


def test_audit_quality_for_one_body_and_period_r_n3(figures_world, body_a):
    """R-N3: audit quality for one body and period."""
    figures = audit_quality(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), body=body_a)
    assert [row.body for row in figures.bodies] == [body_a]
    assert figures.bodies[0].audits == 1


def test_audit_quality_queries_do_not_grow_with_rows_r_n3(body_a, anna):
    """R-N3: audit quality queries do not grow with rows."""
    def queries():
        with CaptureQueriesContext(connection) as captured:
            audit_quality(start=START, end=END)
        return len(captured)

    def add(n):
        for _ in range(n):
            audit = AuditFactory(member=MemberFactory(), body=body_a,
                                 fieldwork_starts_on=dt.date(2026, 3, 2),
                                 definitive_on=dt.date(2026, 3, 20))
            FindingFactory(audit=audit, recorded_by=anna.user)
            AuditEvaluation.objects.create(audit=audit, score=7)

    add(3)
    queries()
    few = queries()
    add(27)
    assert queries() == few
