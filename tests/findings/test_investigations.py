"""Additional investigations (aanvullend onderzoek): within six months for a risky afwijking
(R-F4) and for a tekortkoming, repeatable ("(opnieuw) zes maanden", R-F5)."""

import datetime as dt

import pytest

from audits.models import AuditKind, AuditState
from core.exceptions import RuleViolation
from core.flags import flag_raise
from core.history import change_reason_text
from core.models import Flag, FlagAudience
from findings.models import (
    AdditionalInvestigation,
    Finding,
    FindingKind,
    FindingStatus,
    InvestigationOutcome,
    InvestigationState,
)
from findings.services import investigation_complete, investigation_order
from tests.factories import AuditFactory, FindingFactory

D = dt.date


@pytest.fixture
def risky_afwijking(audit_x, record):
    """An afwijking with a risk for clients, found on 31 January 2026."""
    return record(audit_x, FindingKind.NONCONFORMITY, on=D(2026, 1, 31), risk=True)


@pytest.fixture
def tekortkoming(audit_x):
    """A tekortkoming since 1 April 2026 (its afwijking had no plan in time)."""
    return FindingFactory(audit=audit_x, kind=FindingKind.MAJOR, recorded_on=D(2026, 1, 31),
                          kind_since=D(2026, 4, 1))


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def complete(investigation, outcome, actor, held_on, today=None):
    return investigation_complete(investigation=investigation, held_on=held_on, outcome=outcome,
                                  notes="Steekproef van tien dossiers.", actor=actor,
                                  today=today or held_on)


def test_the_auditor_orders_an_investigation_of_a_risky_afwijking_within_six_months_R_F4(
        risky_afwijking, anna):
    """R-F4: the auditor orders an investigation of a risky afwijking within six months."""
    investigation = investigation_order(finding=risky_afwijking, actor=anna.user,
                                        today=D(2026, 2, 2))

    assert investigation.rule_id == "R-F4"
    assert investigation.state == InvestigationState.ORDERED
    assert (investigation.ordered_on, investigation.due_on) == (D(2026, 2, 2), D(2026, 7, 31))
    assert investigation.history.first().history_user == anna.user
    assert change_reason_text(investigation.history.first().history_change_reason).startswith("R-F4")


def test_an_afwijking_without_risk_gets_no_investigation_R_F4(audit_x, record, anna):
    """R-F4: an afwijking without risk gets no investigation."""
    finding = record(audit_x, FindingKind.NONCONFORMITY, risk=False)
    with pytest.raises(RuleViolation) as refused:
        investigation_order(finding=finding, actor=anna.user, today=D(2026, 2, 2))
    assert refused.value.rule_id == "R-F4"


def test_a_kanttekening_gets_no_investigation_R_F4(audit_x, record, anna):
    """R-F4: a kanttekening gets no investigation."""
    finding = record(audit_x, FindingKind.OBSERVATION)
    with pytest.raises(RuleViolation) as refused:
        investigation_order(finding=finding, actor=anna.user, today=D(2026, 2, 2))
    assert refused.value.rule_id == "R-F4"


def test_one_investigation_at_a_time_R_F4(risky_afwijking, anna):
    """R-F4: one investigation at a time."""
    investigation_order(finding=risky_afwijking, actor=anna.user, today=D(2026, 2, 2))
    with pytest.raises(RuleViolation) as refused:
        investigation_order(finding=risky_afwijking, actor=anna.user, today=D(2026, 2, 3))
    assert refused.value.rule_id == "R-F4"
    assert "31 juli 2026" in refused.value.message


def test_no_investigation_after_the_six_months_R_F4(risky_afwijking, anna):
    """R-F4: no investigation after the six months."""
    assert investigation_order(finding=risky_afwijking, actor=anna.user,
                               today=D(2026, 7, 31)).due_on == D(2026, 7, 31)
    AdditionalInvestigation.objects.all().delete()
    with pytest.raises(RuleViolation) as refused:
        investigation_order(finding=risky_afwijking, actor=anna.user, today=D(2026, 8, 1))
    assert refused.value.rule_id == "R-F4"


def test_only_an_auditor_of_a_body_following_the_member_orders_R_A1(risky_afwijking, bob,
                                                                     xena):
    """R-A1: only an auditor of a body following the member orders."""
    for person in [bob.user, xena.user]:
        with pytest.raises(RuleViolation) as refused:
            investigation_order(finding=risky_afwijking, actor=person, today=D(2026, 2, 2))
        assert refused.value.rule_id == "R-A1"


def test_another_body_auditing_the_member_now_may_follow_up_R_C2(risky_afwijking, body_b,
                                                                  member_x, bob):
    """R-C2: the member may have another body carry out the follow-up investigation."""
    audit = AuditFactory(member=member_x, body=body_b, kind=AuditKind.ADDITIONAL,
                         state=AuditState.PREPARATION)
    investigation = investigation_order(finding=risky_afwijking, actor=bob.user,
                                        today=D(2026, 2, 2), audit=audit)
    assert investigation.audit == audit


def test_only_an_additional_investigation_audit_of_the_member_is_linked_R_U1(risky_afwijking,
                                                                            anna, audit_x):
    """R-U1: only an additional investigation audit of the member is linked."""
    with pytest.raises(RuleViolation) as refused:
        investigation_order(finding=risky_afwijking, actor=anna.user, today=D(2026, 2, 2),
                            audit=audit_x)
    assert refused.value.rule_id == "R-U1"


def test_insufficient_progress_makes_the_afwijking_a_tekortkoming_R_F4(risky_afwijking, anna):
    """R-F4: insufficient progress makes the afwijking a tekortkoming."""
    investigation = investigation_order(finding=risky_afwijking, actor=anna.user,
                                        today=D(2026, 2, 2))
    flag_raise(key=f"findings:investigation-overdue:{investigation.pk}", rule_id="R-F4",
               audience=FlagAudience.BUREAU, message="te laat", today=D(2026, 8, 1))

    complete(investigation, InvestigationOutcome.INSUFFICIENT, anna.user, D(2026, 8, 3))

    investigation = reload(investigation)
    assert investigation.state == InvestigationState.COMPLETED
    assert (investigation.held_on, investigation.outcome) == (D(2026, 8, 3),
                                                              InvestigationOutcome.INSUFFICIENT)
    finding = reload(risky_afwijking)
    assert (finding.kind, finding.kind_since) == (FindingKind.MAJOR, D(2026, 8, 3))
    change = finding.kind_changes.get()
    assert change.rule_id == "R-F4"
    assert "Onvoldoende voortgang" in change.reason
    assert Flag.objects.get().resolved_on == D(2026, 8, 3)  # the overdue flag is done


def test_sufficient_progress_on_an_afwijking_keeps_it_open_for_the_plan_R_F4(risky_afwijking,
                                                                            anna):
    """R-F4: sufficient progress on an afwijking keeps it open for the plan."""
    investigation = investigation_order(finding=risky_afwijking, actor=anna.user,
                                        today=D(2026, 2, 2))
    complete(investigation, InvestigationOutcome.SUFFICIENT, anna.user, D(2026, 5, 4))
    finding = reload(risky_afwijking)
    assert (finding.kind, finding.status) == (FindingKind.NONCONFORMITY, FindingStatus.OPEN)


def test_a_tekortkoming_is_investigated_within_six_months_of_becoming_one_R_F5(tekortkoming,
                                                                              arie):
    """R-F5: a tekortkoming is investigated within six months of becoming one."""
    investigation = investigation_order(finding=tekortkoming, actor=arie.user,
                                        today=D(2026, 4, 2))
    assert (investigation.rule_id, investigation.due_on) == ("R-F5", D(2026, 10, 1))


def test_a_tekortkoming_resolved_at_the_investigation_is_closed_R_F5(tekortkoming, anna):
    """R-F5: a tekortkoming resolved at the investigation is closed."""
    investigation = investigation_order(finding=tekortkoming, actor=anna.user,
                                        today=D(2026, 4, 2))
    complete(investigation, InvestigationOutcome.SUFFICIENT, anna.user, D(2026, 9, 14))

    finding = reload(tekortkoming)
    assert (finding.status, finding.resolved_on) == (FindingStatus.RESOLVED, D(2026, 9, 14))
    assert change_reason_text(finding.history.first().history_change_reason).startswith("R-F5")


def test_an_unresolved_tekortkoming_gets_again_six_months_and_the_directeur_a_flag_R_F5(
        tekortkoming, anna):
    """R-F5: "(opnieuw) zes maanden"; not resolved → no certificate again (R-Z1)."""
    first = investigation_order(finding=tekortkoming, actor=anna.user, today=D(2026, 4, 2))
    complete(first, InvestigationOutcome.INSUFFICIENT, anna.user, D(2026, 9, 30))

    finding = reload(tekortkoming)
    assert (finding.kind, finding.status) == (FindingKind.MAJOR, FindingStatus.OPEN)
    flag = Flag.objects.get(rule_id="R-F5")
    assert flag.audience == FlagAudience.DIRECTOR
    assert flag.due_on == D(2027, 3, 30)
    assert "R-Z1" in flag.message

    again = investigation_order(finding=finding, actor=anna.user, today=D(2026, 10, 5))
    assert (again.rule_id, again.due_on) == ("R-F5", D(2027, 3, 30))
    assert AdditionalInvestigation.objects.filter(finding=finding).count() == 2


def test_an_investigation_is_completed_once_R_F4(risky_afwijking, anna):
    """R-F4: an investigation is completed once."""
    investigation = investigation_order(finding=risky_afwijking, actor=anna.user,
                                        today=D(2026, 2, 2))
    complete(investigation, InvestigationOutcome.SUFFICIENT, anna.user, D(2026, 5, 4))
    with pytest.raises(RuleViolation) as refused:
        complete(investigation, InvestigationOutcome.INSUFFICIENT, anna.user, D(2026, 5, 5))
    assert refused.value.rule_id == "R-F4"
    assert Finding.objects.get(pk=risky_afwijking.pk).kind == FindingKind.NONCONFORMITY


def test_the_investigation_date_lies_between_the_order_and_today_R_F4(risky_afwijking, anna):
    """R-F4: the investigation date lies between the order and today."""
    investigation = investigation_order(finding=risky_afwijking, actor=anna.user,
                                        today=D(2026, 2, 2))
    for held_on, today in [(D(2026, 2, 1), D(2026, 3, 1)), (D(2026, 3, 2), D(2026, 3, 1))]:
        with pytest.raises(RuleViolation) as refused:
            complete(investigation, InvestigationOutcome.SUFFICIENT, anna.user, held_on, today)
        assert refused.value.rule_id == "R-F4"


def test_only_an_auditor_completes_the_investigation_R_A1(risky_afwijking, anna, bob):
    """R-A1: only an auditor completes the investigation."""
    investigation = investigation_order(finding=risky_afwijking, actor=anna.user,
                                        today=D(2026, 2, 2))
    with pytest.raises(RuleViolation) as refused:
        complete(investigation, InvestigationOutcome.SUFFICIENT, bob.user, D(2026, 5, 4))
    assert refused.value.rule_id == "R-A1"
