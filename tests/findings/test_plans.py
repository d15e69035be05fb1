"""Plans of approach for an afwijking (R-F3): sent by the member within two months, assessed
by the body; a rejection on or after the deadline makes the afwijking a tekortkoming."""

import datetime as dt

import pytest

from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision, DecisionKind
from findings.models import Finding, FindingKind, FindingKindChange, PlanOfApproach, PlanState
from findings.services import plan_approve, plan_reject, plan_submit
from tests.factories import FindingFactory

D = dt.date


@pytest.fixture
def afwijking(audit_x, record):
    """An afwijking recorded on 31 January 2026: plan due on 31 March 2026 (R-0.1)."""
    return record(audit_x, FindingKind.NONCONFORMITY, on=D(2026, 1, 31))


def submit(finding, contact, on, text="Wij vullen alle dossiers aan."):
    return plan_submit(finding=finding, text=text, actor=contact.user, today=on)


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_the_member_sends_a_plan_within_two_months_R_F3(afwijking, xena):
    """R-F3: the member sends a plan within two months."""
    plan = submit(afwijking, xena, D(2026, 3, 31))

    assert plan.state == PlanState.SUBMITTED
    assert plan.submitted_on == D(2026, 3, 31)
    assert plan.submitted_by == xena.user
    assert plan.history.count() == 1
    assert plan.history.first().history_user == xena.user
    assert change_reason_text(plan.history.first().history_change_reason) == "R-F3: plan van aanpak ingediend"


def test_a_plan_after_the_two_months_is_refused_R_F3(afwijking, xena):
    """R-F3: a plan after the two months is refused."""
    with pytest.raises(RuleViolation) as refused:
        submit(afwijking, xena, D(2026, 4, 1))
    assert refused.value.rule_id == "R-F3"
    assert "31 maart 2026" in refused.value.message
    assert not PlanOfApproach.objects.exists()


def test_only_a_contact_of_the_member_sends_a_plan_R_A1(afwijking, yuri, anna):
    """R-A1: only a contact of the member sends a plan."""
    for person in [yuri, anna]:
        with pytest.raises(RuleViolation) as refused:
            submit(afwijking, person, D(2026, 2, 10))
        assert refused.value.rule_id == "R-A1"


@pytest.mark.parametrize("kind", [FindingKind.OBSERVATION, FindingKind.MAJOR])
def test_a_plan_belongs_to_an_afwijking_R_F3(audit_x, record, xena, kind):
    """R-F3: a plan belongs to an afwijking."""
    finding = record(audit_x, kind)
    with pytest.raises(RuleViolation) as refused:
        submit(finding, xena, D(2026, 2, 10))
    assert refused.value.rule_id == "R-F3"


def test_one_plan_under_review_at_a_time_R_F3(afwijking, xena):
    """R-F3: one plan under review at a time."""
    submit(afwijking, xena, D(2026, 2, 10))
    with pytest.raises(RuleViolation) as refused:
        submit(afwijking, xena, D(2026, 2, 11))
    assert refused.value.rule_id == "R-F3"
    assert PlanOfApproach.objects.count() == 1


def test_a_plan_document_of_another_member_is_refused_R_A1(afwijking, xena, yuri):
    """R-A1: a plan document of another member is refused."""
    from core.documents import document_store

    other = document_store(content=b"%PDF-1.4 plan", name="plan.pdf",
                           mime_type="application/pdf", actor=yuri.user, member=yuri.member)
    with pytest.raises(RuleViolation) as refused:
        plan_submit(finding=afwijking, text="", document=other, actor=xena.user,
                    today=D(2026, 2, 10))
    assert refused.value.rule_id == "R-A1"
    own = document_store(content=b"%PDF-1.4 plan", name="plan.pdf", mime_type="application/pdf",
                         actor=xena.user, member=xena.member)
    plan = plan_submit(finding=afwijking, text="", document=own, actor=xena.user,
                       today=D(2026, 2, 10))
    assert plan.document == own


def test_an_empty_plan_is_refused_R_F3(afwijking, xena):
    """R-F3: an empty plan is refused."""
    with pytest.raises(RuleViolation) as refused:
        submit(afwijking, xena, D(2026, 2, 10), text="  ")
    assert refused.value.rule_id == "R-F3"


def test_the_body_approves_the_plan_R_F3(afwijking, xena, arie):
    """R-F3: the body approves the plan."""
    plan = submit(afwijking, xena, D(2026, 2, 10))

    plan_approve(plan=plan, assessment="Concreet en haalbaar.", actor=arie.user,
                 today=D(2026, 2, 20))

    plan = reload(plan)
    assert plan.state == PlanState.APPROVED
    assert (plan.assessed_on, plan.assessed_by) == (D(2026, 2, 20), arie.user)
    assert plan.history.count() == 2
    assert plan.history.first().history_user == arie.user
    assert change_reason_text(plan.history.first().history_change_reason) == "R-F3: plan van aanpak goedgekeurd"
    with pytest.raises(RuleViolation) as refused:
        submit(afwijking, xena, D(2026, 2, 21))
    assert refused.value.rule_id == "R-F3"


def test_only_an_auditor_of_the_body_assesses_the_plan_R_A1(afwijking, xena, bob):
    """R-A1: only an auditor of the body assesses the plan."""
    plan = submit(afwijking, xena, D(2026, 2, 10))
    for person in [bob.user, xena.user]:
        with pytest.raises(RuleViolation) as refused:
            plan_approve(plan=plan, assessment="", actor=person, today=D(2026, 2, 20))
        assert refused.value.rule_id == "R-A1"
    assert reload(plan).state == PlanState.SUBMITTED


@pytest.mark.parametrize("state", [PlanState.APPROVED, PlanState.REJECTED])
def test_an_assessed_plan_is_not_assessed_again_R_F3(afwijking, anna, state):
    """R-F3: an assessed plan is not assessed again."""
    from tests.findings.factories import PlanFactory

    plan = PlanFactory(finding=afwijking, state=state, assessed_on=D(2026, 2, 20))
    for assess in [plan_approve, plan_reject]:
        with pytest.raises(RuleViolation) as refused:
            assess(plan=plan, assessment="Nogmaals.", actor=anna.user, today=D(2026, 2, 21))
        assert refused.value.rule_id == "R-F3"


def test_a_plan_rejected_before_the_deadline_may_be_resubmitted_R_F3(afwijking, xena, anna):
    """R-F3: a plan rejected before the deadline may be resubmitted."""
    first = submit(afwijking, xena, D(2026, 2, 10))
    plan_reject(plan=first, assessment="Geen termijnen genoemd.", actor=anna.user,
                today=D(2026, 3, 30))
    assert reload(afwijking).kind == FindingKind.NONCONFORMITY

    second = submit(afwijking, xena, D(2026, 3, 31), text="Nu met termijnen.")
    plan_approve(plan=second, assessment="Akkoord.", actor=anna.user, today=D(2026, 4, 14))

    assert reload(afwijking).kind == FindingKind.NONCONFORMITY
    assert [p.state for p in afwijking.plans.order_by("id")] == [PlanState.REJECTED,
                                                                 PlanState.APPROVED]


def test_a_plan_rejected_on_the_deadline_makes_it_a_tekortkoming_R_F3(afwijking, xena, anna):
    """R-F3: a plan rejected on the deadline makes it a tekortkoming."""
    plan = submit(afwijking, xena, D(2026, 3, 20))

    plan_reject(plan=plan, assessment="Het plan lost de oorzaak niet op.", actor=anna.user,
                today=D(2026, 3, 31))

    finding = reload(afwijking)
    assert finding.kind == FindingKind.MAJOR
    assert finding.kind_since == D(2026, 3, 31)
    change = FindingKindChange.objects.get(finding=finding)
    assert (change.rule_id, change.changed_on, change.changed_by) == ("R-F3", D(2026, 3, 31),
                                                                       anna.user)
    assert "afgekeurd op 31 maart 2026" in change.reason
    assert "lost de oorzaak niet op" in change.reason
    assert Decision.objects.filter(kind=DecisionKind.ESCALATION, rule_id="R-F3").count() == 1
    with pytest.raises(RuleViolation) as refused:
        submit(finding, xena, D(2026, 3, 31))
    assert refused.value.rule_id == "R-F3"


def test_a_plan_in_time_rejected_after_the_deadline_escalates_at_once_R_F3(afwijking, xena,
                                                                          anna):
    """R-F3: a plan in time rejected after the deadline escalates at once."""
    plan = submit(afwijking, xena, D(2026, 3, 31))

    plan_reject(plan=plan, assessment="Onvoldoende.", actor=anna.user, today=D(2026, 4, 10))

    finding = reload(afwijking)
    assert (finding.kind, finding.kind_since) == (FindingKind.MAJOR, D(2026, 4, 10))


def test_a_plan_in_time_may_be_approved_after_the_deadline_R_F3(afwijking, xena, anna):
    """R-F3: a plan in time may be approved after the deadline."""
    plan = submit(afwijking, xena, D(2026, 3, 31))
    plan_approve(plan=plan, assessment="Akkoord.", actor=anna.user, today=D(2026, 4, 10))
    assert reload(afwijking).kind == FindingKind.NONCONFORMITY


def test_a_rejection_needs_a_motivation_R_F3(afwijking, xena, anna):
    """R-F3: a rejection needs a motivation."""
    plan = submit(afwijking, xena, D(2026, 2, 10))
    with pytest.raises(RuleViolation) as refused:
        plan_reject(plan=plan, assessment=" ", actor=anna.user, today=D(2026, 2, 20))
    assert refused.value.rule_id == "R-F3"


def test_a_plan_for_an_afwijking_found_at_a_later_audit_runs_from_that_day_R_F3(audit_x, xena):
    """R-F3: An afwijking that was a kanttekening runs its two months from the day it became an
    afwijking (``kind_since``)."""
    finding = FindingFactory(audit=audit_x, kind=FindingKind.NONCONFORMITY,
                             recorded_on=D(2023, 3, 7), kind_since=D(2026, 1, 27))
    assert submit(finding, xena, D(2026, 3, 27)).pk
    assert Finding.objects.get(pk=finding.pk).kind == FindingKind.NONCONFORMITY
