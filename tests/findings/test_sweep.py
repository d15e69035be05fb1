"""The daily sweep of findings: an afwijking without an approved plan becomes a tekortkoming
the day after its two months (R-F3, R-0.1), and overdue investigations are flagged (R-F4,
R-F5). Idempotent, and safe with two sweeps at once."""

import datetime as dt

import pytest

from core.history import change_reason_text
from core.models import Decision, Flag, FlagAudience
from findings.models import Finding, FindingKind, FindingKindChange, FindingStatus, PlanState
from findings.services import (
    findings_sweep,
    investigation_order,
    plan_approve,
    plan_reject,
    plan_submit,
)
from tests.concurrency import run_together
from tests.factories import AuditFactory, FindingFactory
from tests.findings.factories import InvestigationFactory, PlanFactory

D = dt.date
NOTHING = {"escalated": 0, "investigations_overdue": 0, "majors_without_investigation": 0}


@pytest.fixture
def afwijking(audit_x, record):
    """An afwijking recorded on 31 January 2026: the plan is due on 31 March 2026."""
    return record(audit_x, FindingKind.NONCONFORMITY, on=D(2026, 1, 31))


def reload(finding):
    return Finding.objects.get(pk=finding.pk)


def test_an_afwijking_without_a_plan_is_a_tekortkoming_after_the_sweep_of_1_april_R_F3(
        afwijking):
    """R-F3 with R-0.1: recorded 31 January, due 31 March; still an afwijking after the sweep
    of 31 March, a tekortkoming after the sweep of 1 April, and the change says why."""
    assert findings_sweep(today=D(2026, 3, 31)) == NOTHING
    assert reload(afwijking).kind == FindingKind.NONCONFORMITY

    assert findings_sweep(today=D(2026, 4, 1))["escalated"] == 1

    finding = reload(afwijking)
    assert finding.kind == FindingKind.MAJOR
    assert finding.status == FindingStatus.OPEN
    assert finding.kind_since == D(2026, 4, 1)
    change = FindingKindChange.objects.get(finding=finding)
    assert (change.from_kind, change.to_kind) == (FindingKind.NONCONFORMITY, FindingKind.MAJOR)
    assert (change.rule_id, change.changed_on, change.changed_by) == ("R-F3", D(2026, 4, 1),
                                                                       None)
    assert change.reason == ("Geen plan van aanpak ingediend binnen twee maanden na de "
                             "afwijking van 31 januari 2026 (uiterlijk 31 maart 2026).")
    last = finding.history.first()
    assert last.history_user is None
    assert change_reason_text(last.history_change_reason) == "R-F3: afwijking wordt tekortkoming"
    assert not Decision.objects.exists()  # the system did it, not a person: the change row


def test_the_escalation_reason_reads_in_the_readers_language_R_F3(afwijking):
    """R-F3, issue #9: the sweep writes why the afwijking became a tekortkoming as a stored
    message; the member timeline shows it in the reader's language, dates included."""
    from django.utils import translation

    with translation.override("nl"):
        findings_sweep(today=D(2026, 4, 1))
    change = FindingKindChange.objects.get(finding=afwijking)
    with translation.override("en"):
        text = change.reason_text
    assert text.startswith("No plan of approach submitted within two months")
    assert "31 January 2026" in text and "31 March 2026" in text
    with translation.override("nl"):
        assert change.reason_text == change.reason


def test_the_sweep_twice_is_the_sweep_once_R_F3(afwijking):
    """R-F3: the sweep twice is the sweep once."""
    findings_sweep(today=D(2026, 4, 1))
    history = reload(afwijking).history.count()

    assert findings_sweep(today=D(2026, 4, 1)) == NOTHING
    assert findings_sweep(today=D(2026, 4, 2)) == NOTHING

    assert FindingKindChange.objects.count() == 1
    assert reload(afwijking).history.count() == history


def test_a_late_sweep_dates_the_tekortkoming_the_day_after_the_deadline_R_F3(afwijking):
    """R-F3: a late sweep dates the tekortkoming the day after the deadline."""
    findings_sweep(today=D(2026, 4, 15))
    finding = reload(afwijking)
    assert finding.kind_since == D(2026, 4, 1)
    assert finding.kind_changes.get().changed_on == D(2026, 4, 1)


@pytest.mark.parametrize(("found", "last_day"), [
    (D(2025, 12, 31), D(2026, 2, 28)),
    (D(2027, 12, 31), D(2028, 2, 29)),
])
def test_month_ends_clamp_the_plan_deadline_R_F3(audit_x, record, found, last_day):
    """R-F3: month ends clamp the plan deadline."""
    finding = record(audit_x, FindingKind.NONCONFORMITY, on=found)
    findings_sweep(today=last_day)
    assert reload(finding).kind == FindingKind.NONCONFORMITY
    findings_sweep(today=last_day + dt.timedelta(days=1))
    assert reload(finding).kind == FindingKind.MAJOR


def test_a_plan_in_time_still_under_review_at_the_deadline_does_not_escalate_R_F3(
        afwijking, xena, anna):
    """R-F3: a plan in time still under review at the deadline does not escalate."""
    plan = plan_submit(finding=afwijking, text="Plan.", actor=xena.user, today=D(2026, 3, 30))

    assert findings_sweep(today=D(2026, 4, 1)) == NOTHING
    assert findings_sweep(today=D(2026, 5, 1)) == NOTHING
    assert reload(afwijking).kind == FindingKind.NONCONFORMITY

    # ... until the body rejects it, which is after the deadline: then at once.
    plan_reject(plan=plan, assessment="Onvoldoende.", actor=anna.user, today=D(2026, 5, 4))
    assert reload(afwijking).kind == FindingKind.MAJOR
    assert findings_sweep(today=D(2026, 5, 5)) == NOTHING


def test_an_approved_plan_keeps_it_an_afwijking_R_F3(afwijking, xena, anna):
    """R-F3: an approved plan keeps it an afwijking."""
    plan = plan_submit(finding=afwijking, text="Plan.", actor=xena.user, today=D(2026, 2, 2))
    plan_approve(plan=plan, assessment="Akkoord.", actor=anna.user, today=D(2026, 2, 16))

    assert findings_sweep(today=D(2026, 4, 1)) == NOTHING
    assert reload(afwijking).kind == FindingKind.NONCONFORMITY


def test_a_plan_rejected_before_the_deadline_and_not_resubmitted_escalates_R_F3(afwijking,
                                                                               xena, anna):
    """R-F3: a plan rejected before the deadline and not resubmitted escalates."""
    plan = plan_submit(finding=afwijking, text="Plan.", actor=xena.user, today=D(2026, 2, 2))
    plan_reject(plan=plan, assessment="Te vaag.", actor=anna.user, today=D(2026, 2, 16))

    findings_sweep(today=D(2026, 4, 1))

    change = reload(afwijking).kind_changes.get()
    assert change.rule_id == "R-F3"
    assert "afgekeurd op 16 februari 2026" in change.reason
    assert "geen nieuw plan" in change.reason


def test_a_plan_rejected_before_the_deadline_and_resubmitted_waits_R_F3(afwijking, xena, anna):
    """R-F3: a plan rejected before the deadline and resubmitted waits."""
    plan = plan_submit(finding=afwijking, text="Plan.", actor=xena.user, today=D(2026, 2, 2))
    plan_reject(plan=plan, assessment="Te vaag.", actor=anna.user, today=D(2026, 3, 16))
    plan_submit(finding=afwijking, text="Beter plan.", actor=xena.user, today=D(2026, 3, 31))

    assert findings_sweep(today=D(2026, 4, 1)) == NOTHING
    assert reload(afwijking).kind == FindingKind.NONCONFORMITY


def test_the_sweep_leaves_kanttekeningen_tekortkomingen_and_resolved_findings_alone(audit_x):
    for kind in [FindingKind.OBSERVATION, FindingKind.MAJOR]:
        FindingFactory(audit=audit_x, kind=kind, recorded_on=D(2025, 1, 1))
    FindingFactory(audit=audit_x, kind=FindingKind.NONCONFORMITY, status=FindingStatus.RESOLVED,
                   recorded_on=D(2025, 1, 1))
    assert findings_sweep(today=D(2025, 5, 1)) == NOTHING
    assert not FindingKindChange.objects.exists()


def test_an_approved_plan_keeps_it_an_afwijking_also_months_later_R_F3(audit_x):
    """R-F3: an approved plan keeps it an afwijking also months later."""
    finding = FindingFactory(audit=audit_x, recorded_on=D(2026, 1, 31))
    PlanFactory(finding=finding, state=PlanState.APPROVED, submitted_on=D(2026, 3, 1))
    assert findings_sweep(today=D(2026, 6, 1))["escalated"] == 0


# --- R-F4 / R-F5 flags ------------------------------------------------------------------------


def test_an_investigation_past_its_due_date_is_flagged_for_the_bureau_once_R_F4(afwijking,
                                                                               anna):
    """R-F4: an investigation past its due date is flagged for the bureau once."""
    afwijking.risk_to_clients = True
    afwijking.save()
    investigation = investigation_order(finding=afwijking, actor=anna.user,
                                        today=D(2026, 2, 2))
    assert investigation.due_on == D(2026, 7, 31)
    PlanFactory(finding=afwijking, state=PlanState.APPROVED)

    assert findings_sweep(today=D(2026, 7, 31)) == NOTHING
    assert findings_sweep(today=D(2026, 8, 1))["investigations_overdue"] == 1
    assert findings_sweep(today=D(2026, 8, 2)) == NOTHING

    flag = Flag.objects.get()
    assert (flag.rule_id, flag.audience, flag.due_on) == ("R-F4", FlagAudience.BUREAU,
                                                          D(2026, 7, 31))
    assert flag.member == afwijking.member
    assert "4.11" in flag.message


def test_an_overdue_investigation_of_a_tekortkoming_is_flagged_R_F5(audit_x):
    """R-F5: an overdue investigation of a tekortkoming is flagged."""
    finding = FindingFactory(audit=audit_x, kind=FindingKind.MAJOR, kind_since=D(2026, 4, 1))
    InvestigationFactory(finding=finding, rule_id="R-F5", ordered_on=D(2026, 4, 2),
                         due_on=D(2026, 10, 1))
    assert findings_sweep(today=D(2026, 10, 2))["investigations_overdue"] == 1
    assert Flag.objects.get().rule_id == "R-F5"


def test_a_tekortkoming_six_months_without_investigation_is_flagged_R_F5(audit_x):
    """R-F5: a tekortkoming six months without investigation is flagged."""
    FindingFactory(audit=audit_x, kind=FindingKind.MAJOR, kind_since=D(2026, 4, 1))
    assert findings_sweep(today=D(2026, 10, 1)) == NOTHING
    assert findings_sweep(today=D(2026, 10, 2))["majors_without_investigation"] == 1
    assert findings_sweep(today=D(2026, 10, 3)) == NOTHING
    flag = Flag.objects.get()
    assert (flag.rule_id, flag.due_on) == ("R-F5", D(2026, 10, 1))


# --- Two sweeps at once (PostgreSQL) ----------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sweeps_escalate_each_finding_once_R_F3(postgres, body_a, member_x):
    """R-F3: two simultaneous sweeps escalate each finding once."""
    audit = AuditFactory(member=member_x, body=body_a)
    findings = [FindingFactory(audit=audit, recorded_on=D(2026, 1, 31)) for _ in range(8)]
    results = run_together(*[lambda: findings_sweep(today=D(2026, 4, 1))] * 2)

    assert not [result for result in results if isinstance(result, Exception)]
    assert sum(result["escalated"] for result in results) == len(findings)
    assert FindingKindChange.objects.count() == len(findings)
    for finding in findings:
        assert FindingKindChange.objects.filter(finding=finding).count() == 1
        assert reload(finding).kind == FindingKind.MAJOR
        assert reload(finding).history.filter(kind=FindingKind.MAJOR).count() == 1
