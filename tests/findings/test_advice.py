"""The limits per audit with the body's recorded decision (R-F6) and the body's advice to NVVK
(R-F7), which moves the audit to "advised" for the directeur's decision (R-Z1)."""

import datetime as dt

import pytest

from audits.models import Audit, AuditState
from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision, DecisionKind, Role
from findings.models import (
    Advice,
    AdviceKind,
    FindingKind,
    FindingStatus,
    LimitsFollowUp,
    PlanState,
)
from findings.services import advice_give, finding_resolve, limits_record_follow_up
from tests.factories import AuditFactory, FindingFactory
from tests.findings.factories import InvestigationFactory, PlanFactory

D = dt.date
ADVISED_ON = D(2026, 4, 20)
NORMS = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2"]


def give(audit, actor, kind=AdviceKind.POSITIVE, conditions=""):
    return advice_give(audit=audit, kind=kind, conditions=conditions,
                       motivation="De organisatie voldoet aan het kwaliteitskader.",
                       actor=actor, today=ADVISED_ON)


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_a_positive_advice_is_recorded_and_moves_the_audit_to_advised_R_F7(audit_x, anna):
    """R-F7 → R-Z1: the advice is a decision record of the body, and the audit waits in
    "advised" for the directeur's decision, which follows it or departs with motivation."""
    advice = give(audit_x, anna.user)

    assert (advice.kind, advice.given_on, advice.given_by) == (AdviceKind.POSITIVE, ADVISED_ON,
                                                               anna.user)
    assert advice.history.first().history_user == anna.user
    audit = reload(audit_x)
    assert audit.state == AuditState.ADVISED
    assert change_reason_text(
        change_reason_text(audit.history.first().history_change_reason)) == "R-F7: advies aan NVVK gegeven"
    assert audit.history.first().history_user == anna.user
    decision = Decision.objects.get()
    assert (decision.kind, decision.rule_id, decision.role) == (DecisionKind.AUDIT_ADVICE,
                                                                "R-F7", Role.AUDITOR)
    assert (decision.decided_by, decision.member, decision.subject) == (anna.user,
                                                                        audit.member, audit)
    assert decision.motivation.startswith("De organisatie voldoet")


def test_the_advice_rests_on_the_definitive_report_R_0_3(audit_x, anna):
    """R-0.3: the advice rests on the definitive report."""
    from audits.models import AuditReport, ReportVersion
    from core.documents import document_store

    report = document_store(content=b"%PDF-1.4 rapport", name="rapport.pdf",
                            mime_type="application/pdf", actor=anna.user, member=audit_x.member)
    AuditReport.objects.create(audit=audit_x, version=ReportVersion.DEFINITIVE, document=report,
                               uploaded_by=anna.user)
    give(audit_x, anna.user)
    assert list(Decision.objects.get().documents.all()) == [report]


def test_a_conditional_advice_records_its_conditions_R_F7(audit_x, arie):
    """R-F7: a conditional advice records its conditions."""
    give(audit_x, arie.user, AdviceKind.CONDITIONAL, conditions="Dossiercontrole per kwartaal.")
    advice = Advice.objects.get()
    assert advice.conditions == "Dossiercontrole per kwartaal."
    assert "Dossiercontrole per kwartaal." in Decision.objects.get().motivation


def test_a_conditional_advice_without_conditions_is_refused_R_F7(audit_x, anna):
    """R-F7: a conditional advice without conditions is refused."""
    with pytest.raises(RuleViolation) as refused:
        give(audit_x, anna.user, AdviceKind.CONDITIONAL, conditions=" ")
    assert refused.value.rule_id == "R-F7"
    assert reload(audit_x).state == AuditState.FOLLOW_UP


@pytest.mark.parametrize("kind", [AdviceKind.POSITIVE, AdviceKind.CONDITIONAL])
def test_a_positive_advice_is_refused_while_a_tekortkoming_is_open_R_F7(audit_x, audit_2023,
                                                                        anna, kind):
    """R-F7/R-F5: also a tekortkoming from an earlier audit of the member blocks."""
    FindingFactory(audit=audit_2023, kind=FindingKind.MAJOR, recorded_on=D(2023, 3, 7))
    with pytest.raises(RuleViolation) as refused:
        give(audit_x, anna.user, kind, conditions="Voorwaarde.")
    assert refused.value.rule_id == "R-F7"
    assert "Tekortkoming op norm 4.11 staat open" in refused.value.message
    assert not Advice.objects.exists()
    assert not Decision.objects.exists()
    assert reload(audit_x).state == AuditState.FOLLOW_UP


def test_a_negative_advice_is_possible_while_a_tekortkoming_is_open_R_F7(audit_x, anna):
    """R-F7: a negative advice is possible while a tekortkoming is open."""
    FindingFactory(audit=audit_x, kind=FindingKind.MAJOR)
    assert give(audit_x, anna.user, AdviceKind.NEGATIVE).kind == AdviceKind.NEGATIVE
    assert reload(audit_x).state == AuditState.ADVISED


def test_a_resolved_tekortkoming_no_longer_blocks_R_F7(audit_x, anna):
    """R-F7: a resolved tekortkoming no longer blocks."""
    finding = FindingFactory(audit=audit_x, kind=FindingKind.MAJOR)
    finding_resolve(finding=finding, notes="Opgelost na heraudit.", actor=anna.user,
                    today=D(2026, 4, 1))
    assert reload(finding).status == FindingStatus.RESOLVED
    assert give(audit_x, anna.user).kind == AdviceKind.POSITIVE


def test_a_positive_advice_waits_for_the_approved_plan_of_each_afwijking_R_F7_R_F3(audit_x,
                                                                                  anna):
    """R-F7, R-F3: a positive advice waits for the approved plan of each afwijking."""
    finding = FindingFactory(audit=audit_x, kind=FindingKind.NONCONFORMITY)
    plan = PlanFactory(finding=finding, state=PlanState.SUBMITTED)
    with pytest.raises(RuleViolation) as refused:
        give(audit_x, anna.user)
    assert refused.value.rule_id == "R-F7"
    assert "goedgekeurd plan van aanpak" in refused.value.message

    plan.delete()
    PlanFactory(finding=finding, state=PlanState.APPROVED)
    assert give(audit_x, anna.user).kind == AdviceKind.POSITIVE


def test_a_positive_advice_waits_for_an_ordered_investigation_R_F4(audit_x, anna):
    """R-F4: a positive advice waits for an ordered investigation."""
    finding = FindingFactory(audit=audit_x, kind=FindingKind.NONCONFORMITY, risk_to_clients=True)
    PlanFactory(finding=finding, state=PlanState.APPROVED)
    InvestigationFactory(finding=finding)
    with pytest.raises(RuleViolation) as refused:
        give(audit_x, anna.user)
    assert refused.value.rule_id == "R-F4"


def test_kanttekeningen_do_not_block_a_positive_advice_R_F7(audit_x, anna):
    """R-F7: kanttekeningen do not block a positive advice."""
    FindingFactory(audit=audit_x, kind=FindingKind.OBSERVATION)
    assert give(audit_x, anna.user).kind == AdviceKind.POSITIVE


@pytest.mark.parametrize("state", [s for s in AuditState.values if s != AuditState.FOLLOW_UP])
def test_advice_is_given_only_from_follow_up_R_U2(body_a, member_x, anna, state):
    """R-U2: advice is given only from follow up."""
    audit = AuditFactory(member=member_x, body=body_a, state=state)
    with pytest.raises(RuleViolation) as refused:
        give(audit, anna.user)
    assert refused.value.rule_id == "R-U2"
    assert "nawerk" in refused.value.message
    assert Audit.objects.get(pk=audit.pk).state == state


def test_only_an_auditor_of_the_body_gives_advice_R_A1(audit_x, bob, dirk):
    """R-A1: only an auditor of the body gives advice."""
    for person in [bob.user, dirk]:
        with pytest.raises(RuleViolation) as refused:
            give(audit_x, person)
        assert refused.value.rule_id == "R-A1"


# --- R-F6 limits ------------------------------------------------------------------------------


@pytest.fixture
def six_kanttekeningen(audit_x, record):
    return [record(audit_x, FindingKind.OBSERVATION, norm=code) for code in NORMS[:6]]


def test_above_five_findings_the_advice_waits_for_the_bodys_decision_R_F6(audit_x, anna,
                                                                          six_kanttekeningen):
    """R-F6: above five findings the advice waits for the body's decision."""
    with pytest.raises(RuleViolation) as refused:
        give(audit_x, anna.user, AdviceKind.NEGATIVE)
    assert refused.value.rule_id == "R-F6"
    assert "meer dan vijf kanttekeningen en afwijkingen samen" in refused.value.message

    follow_up = limits_record_follow_up(
        audit=audit_x, decision_text="Extra steekproef over zes maanden.", actor=anna.user,
        today=D(2026, 4, 15))

    assert (follow_up.decided_on, follow_up.decided_by) == (D(2026, 4, 15), anna.user)
    assert change_reason_text(
        change_reason_text(follow_up.history.first().history_change_reason)) == "R-F6: besluit over het vervolg"
    decision = Decision.objects.get(kind=DecisionKind.LIMITS_FOLLOW_UP)
    assert (decision.rule_id, decision.role, decision.motivation) == (
        "R-F6", Role.AUDITOR, "Extra steekproef over zes maanden.")
    assert give(audit_x, anna.user).kind == AdviceKind.POSITIVE


def test_above_three_afwijkingen_the_body_decides_R_F6(audit_x, anna, record):
    """R-F6: above three afwijkingen the body decides."""
    for code in NORMS[:4]:
        finding = record(audit_x, FindingKind.NONCONFORMITY, norm=code)
        PlanFactory(finding=finding, state=PlanState.APPROVED)
    with pytest.raises(RuleViolation) as refused:
        give(audit_x, anna.user)
    assert refused.value.rule_id == "R-F6"
    assert "meer dan drie afwijkingen" in refused.value.message
    limits_record_follow_up(audit=audit_x, decision_text="Vervolgaudit na een jaar.",
                            actor=anna.user, today=D(2026, 4, 15))
    assert give(audit_x, anna.user).pk


def test_within_the_limits_no_decision_is_recorded_R_F6(audit_x, anna, record):
    """R-F6: within the limits no decision is recorded."""
    for code in NORMS[:5]:
        record(audit_x, FindingKind.OBSERVATION, norm=code)
    with pytest.raises(RuleViolation) as refused:
        limits_record_follow_up(audit=audit_x, decision_text="x", actor=anna.user)
    assert refused.value.rule_id == "R-F6"
    assert not LimitsFollowUp.objects.exists()


def test_the_bodys_decision_is_recorded_once_by_its_own_auditor_R_F6(audit_x, anna, bob,
                                                                     six_kanttekeningen):
    """R-F6: the body's decision is recorded once by its own auditor."""
    with pytest.raises(RuleViolation) as refused:
        limits_record_follow_up(audit=audit_x, decision_text="x", actor=bob.user)
    assert refused.value.rule_id == "R-A1"
    with pytest.raises(RuleViolation) as refused:
        limits_record_follow_up(audit=audit_x, decision_text=" ", actor=anna.user)
    assert refused.value.rule_id == "R-F6"
    limits_record_follow_up(audit=audit_x, decision_text="Besluit.", actor=anna.user)
    with pytest.raises(RuleViolation) as refused:
        limits_record_follow_up(audit=audit_x, decision_text="Nog eens.", actor=anna.user)
    assert refused.value.rule_id == "R-F6"
    assert LimitsFollowUp.objects.count() == 1
