"""The directeur's outcome at the end of a suspension (R-S5): extend once (R-S2), expel or
lift; lifting after a positive re-audit (R-S6)."""

import datetime as dt

import pytest

from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision, DecisionKind, Flag
from findings.models import AdviceKind
from members.models import MemberState
from suspensions.models import Suspension, SuspensionState
from suspensions.selectors import member_has_rights, suspension_current
from suspensions.services import (
    appeal_file,
    suspension_expel,
    suspension_extend,
    suspension_lift,
    suspension_lift_after_reaudit,
    suspensions_sweep,
)
from tests.factories import CertificateFactory
from tests.suspensions.factories import re_audit_with_advice, suspend

D = dt.date
pytestmark = pytest.mark.django_db
WHY = "Heraudit nog niet afgerond."


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def extend(suspension, actor, on, notified_on=None):
    return suspension_extend(suspension=suspension, motivation=WHY,
                             notified_on=notified_on or on, actor=actor, today=on)


# --- (a) extension, R-S2 ---------------------------------------------------------------------


def test_r_s5_a_extend_at_the_end_by_the_same_period(suspended_x, dirk):
    """R-S5: Three months from 31 January 2026 end on 30 April; extended, on 31 July 2026."""
    suspension = extend(suspended_x, dirk, D(2026, 4, 30), notified_on=D(2026, 5, 4))
    assert suspension.state == SuspensionState.EXTENDED
    assert suspension.ends_on == D(2026, 7, 31)
    assert (suspension.extended_on, suspension.extension_notified_on) == (D(2026, 4, 30),
                                                                           D(2026, 5, 4))
    decision = Decision.objects.get(kind=DecisionKind.EXTENSION, subject_id=suspension.pk)
    assert (decision.rule_id, decision.decided_by, decision.motivation) == ("R-S2", dirk, WHY)
    assert suspension.history.count() == 2
    assert suspension.history.first().history_user == dirk
    assert change_reason_text(
        change_reason_text(suspension.history.first().history_change_reason)) == "R-S2: verlengd met 3 maanden"
    assert fresh(suspension.member).state == MemberState.SUSPENDED


def test_r_s2_a_two_month_suspension_extends_by_two_months_from_the_start(member_x, dirk):
    """R-S2: Two months from 31 December 2025 end on 28 February 2026; the extension by the same
    period ends on 30 April 2026 (from the start date), not on 28 April."""
    suspension = suspend(member_x, by=dirk, starts_on=D(2025, 12, 31), months=2)
    assert suspension.ends_on == D(2026, 2, 28)
    suspension = extend(suspension, dirk, D(2026, 2, 28))
    assert suspension.ends_on == D(2026, 4, 30)


def test_r_s2_a_second_extension_is_refused(suspended_x, dirk):
    """R-S2: a second extension is refused."""
    extend(suspended_x, dirk, D(2026, 4, 30))
    with pytest.raises(RuleViolation) as refused:
        extend(suspended_x, dirk, D(2026, 7, 31))
    assert refused.value.rule_id == "R-S2"
    assert "al eenmaal verlengd" in refused.value.message
    assert fresh(suspended_x).ends_on == D(2026, 7, 31)
    assert Decision.objects.filter(kind=DecisionKind.EXTENSION).count() == 1


def test_r_s2_no_extension_that_would_already_have_ended(member_x, dirk):
    """R-S2: no extension that would already have ended."""
    suspension = suspend(member_x, by=dirk, months=1)          # until 28 February 2026
    with pytest.raises(RuleViolation, match="R-S2: .*31 maart 2026"):
        extend(suspension, dirk, D(2026, 4, 1))


def test_r_s5_no_outcome_before_the_end_without_a_ci_advice(suspended_x, dirk):
    """R-S5: no outcome before the end without a CI advice."""
    with pytest.raises(RuleViolation, match="R-S5: De schorsing loopt tot en met 30 april 2026"):
        extend(suspended_x, dirk, D(2026, 3, 15))


def test_r_s5_earlier_when_a_ci_has_given_advice(suspended_x, dirk, body_a, anna):
    """R-S5: earlier when a CI has given advice."""
    re_audit_with_advice(suspended_x.member, body=body_a, kind=AdviceKind.NEGATIVE,
                         given_on=D(2026, 3, 10), by=anna.user)
    assert extend(suspended_x, dirk, D(2026, 3, 15)).ends_on == D(2026, 7, 31)


def test_r_s5_an_advice_from_before_the_suspension_does_not_count(suspended_x, dirk, body_a,
                                                                  anna):
    """R-S5: an advice from before the suspension does not count."""
    re_audit_with_advice(suspended_x.member, body=body_a, kind=AdviceKind.NEGATIVE,
                         given_on=D(2026, 1, 10), by=anna.user, audit_kind="recertification")
    with pytest.raises(RuleViolation, match="R-S5"):
        suspension_expel(suspension=suspended_x, motivation=WHY, notified_on=D(2026, 3, 15),
                         actor=dirk, today=D(2026, 3, 15))


@pytest.mark.parametrize("who", ["bea", "bram"])
def test_r_s5_only_the_director_decides_the_outcome(request, suspended_x, who):
    """R-S5: only the director decides the outcome."""
    actor = request.getfixturevalue(who)
    for service in (suspension_extend, suspension_lift, suspension_expel):
        with pytest.raises(RuleViolation) as refused:
            service(suspension=suspended_x, motivation=WHY, notified_on=D(2026, 4, 30),
                    actor=actor, today=D(2026, 4, 30))
        assert refused.value.rule_id == "R-S5"


@pytest.mark.parametrize("service", [suspension_extend, suspension_lift, suspension_expel])
def test_r_s5_no_outcome_while_an_appeal_is_pending(suspended_x, xena, dirk, service):
    """R-S5: no outcome while an appeal is pending."""
    appeal_file(suspension=suspended_x, subject="suspension", announced_on=D(2026, 2, 10),
                motivation="De hoorzitting was te kort.", actor=xena.user, today=D(2026, 2, 10))
    with pytest.raises(RuleViolation) as refused:
        service(suspension=suspended_x, motivation=WHY, notified_on=D(2026, 4, 30), actor=dirk,
                today=D(2026, 4, 30))
    assert refused.value.rule_id == "R-S5"
    assert "beroep" in refused.value.message
    assert fresh(suspended_x).state == SuspensionState.ACTIVE


# --- (c) lifting ---------------------------------------------------------------------------


def test_r_s5_c_lift_at_the_end(suspended_x, dirk):
    """R-S5: c lift at the end."""
    assert not member_has_rights(fresh(suspended_x.member))
    suspension = suspension_lift(suspension=suspended_x, motivation="Nieuw certificaat.",
                                 notified_on=D(2026, 5, 1), actor=dirk, today=D(2026, 4, 30))
    assert suspension.state == SuspensionState.LIFTED
    assert (suspension.outcome_on, suspension.outcome_notified_on) == (D(2026, 4, 30),
                                                                       D(2026, 5, 1))
    member = fresh(suspended_x.member)
    assert member.state == MemberState.MEMBER
    assert member_has_rights(member)
    # (without a certificate the lifted member is also marked R-M3 again, issue #9)
    assert "R-S5: schorsing opgeheven" in [
        change_reason_text(row.history_change_reason) for row in member.history.all()[:2]]
    decision = Decision.objects.get(kind=DecisionKind.LIFTING)
    assert (decision.rule_id, decision.role) == ("R-S5", "director")
    assert suspension_current(member=member) is None


def test_r_s5_c_lift_an_extended_suspension(suspended_x, dirk):
    """R-S5: c lift an extended suspension."""
    extend(suspended_x, dirk, D(2026, 4, 30))
    suspension = suspension_lift(suspension=suspended_x, motivation="Gecertificeerd.",
                                 notified_on=D(2026, 7, 31), actor=dirk, today=D(2026, 7, 31))
    assert suspension.state == SuspensionState.LIFTED


@pytest.mark.parametrize("service", [suspension_extend, suspension_lift, suspension_expel])
def test_r_s5_no_outcome_once_lifted(suspended_x, dirk, service):
    """R-S5: no outcome once lifted."""
    suspension_lift(suspension=suspended_x, motivation="Gecertificeerd.",
                    notified_on=D(2026, 4, 30), actor=dirk, today=D(2026, 4, 30))
    with pytest.raises(RuleViolation) as refused:
        service(suspension=suspended_x, motivation=WHY, notified_on=D(2026, 5, 1), actor=dirk,
                today=D(2026, 5, 1))
    assert refused.value.rule_id in {"R-S5", "R-S2"}
    if service is not suspension_extend:
        assert "staat op 'Opgeheven'" in refused.value.message


def test_r_s6_lift_after_a_positive_re_audit_before_the_end(suspended_x, dirk, body_a, anna):
    """R-S6 → R-S5 (c): the member initiated a re-audit; the CI's positive advice of
    20 March 2026 lets the directeur lift the suspension on 23 March."""
    audit = re_audit_with_advice(suspended_x.member, body=body_a, given_on=D(2026, 3, 20),
                                 by=anna.user)
    suspension = suspension_lift_after_reaudit(suspension=suspended_x, audit=audit,
                                               motivation="Positief advies heraudit.",
                                               actor=dirk, today=D(2026, 3, 23))
    assert suspension.state == SuspensionState.LIFTED
    assert suspension.outcome_notified_on == D(2026, 3, 23)
    assert fresh(suspended_x.member).state == MemberState.MEMBER
    assert Decision.objects.get(kind=DecisionKind.LIFTING).rule_id == "R-S6"


def test_r_s6_conditional_advice_is_positive(suspended_x, dirk, body_a, anna):
    """R-S6: conditional advice is positive."""
    audit = re_audit_with_advice(suspended_x.member, body=body_a, kind=AdviceKind.CONDITIONAL,
                                 given_on=D(2026, 3, 20), by=anna.user)
    suspension_lift_after_reaudit(suspension=suspended_x, audit=audit, motivation="Ok.",
                                  actor=dirk, today=D(2026, 3, 23))
    assert fresh(suspended_x).state == SuspensionState.LIFTED


@pytest.mark.parametrize(("kind", "audit_kind", "given_on", "message"), [
    (AdviceKind.NEGATIVE, "re_audit", D(2026, 3, 20), "alleen een positief advies"),
    (AdviceKind.POSITIVE, "interim", D(2026, 3, 20), "Alleen een heraudit"),
    (AdviceKind.POSITIVE, "re_audit", D(2026, 1, 20), "vóór de schorsing"),
])
def test_r_s6_lifting_needs_a_positive_re_audit(suspended_x, dirk, body_a, anna, kind,
                                                audit_kind, given_on, message):
    """R-S6: lifting needs a positive re-audit."""
    audit = re_audit_with_advice(suspended_x.member, body=body_a, kind=kind, given_on=given_on,
                                 by=anna.user, audit_kind=audit_kind)
    with pytest.raises(RuleViolation, match=f"R-S6: .*{message}"):
        suspension_lift_after_reaudit(suspension=suspended_x, audit=audit, motivation="…",
                                      actor=dirk, today=D(2026, 3, 23))
    assert fresh(suspended_x).state == SuspensionState.ACTIVE


def test_r_s6_re_audit_without_advice_yet(suspended_x, dirk, body_a):
    """R-S6: re-audit without advice yet."""
    from tests.factories import AuditFactory

    audit = AuditFactory(member=suspended_x.member, body=body_a, kind="re_audit")
    with pytest.raises(RuleViolation, match="R-S6: .*nog geen advies"):
        suspension_lift_after_reaudit(suspension=suspended_x, audit=audit, motivation="…",
                                      actor=dirk, today=D(2026, 3, 23))


def test_r_s6_re_audit_of_another_member(suspended_x, member_y, dirk, body_a, anna):
    """R-S6: re-audit of another member."""
    audit = re_audit_with_advice(member_y, body=body_a, given_on=D(2026, 3, 20), by=anna.user)
    with pytest.raises(RuleViolation, match="R-S6"):
        suspension_lift_after_reaudit(suspension=suspended_x, audit=audit, motivation="…",
                                      actor=dirk, today=D(2026, 3, 23))


def test_r_s6_a_suspended_member_has_no_membership_rights(member_x, dirk):
    """R-S6: a suspended member has no membership rights."""
    assert member_has_rights(member_x)
    suspend(member_x, by=dirk)
    assert not member_has_rights(fresh(member_x))


# --- (b) expulsion ---------------------------------------------------------------------------


def test_r_s5_b_expulsion_ends_the_membership_once_final(suspended_x, dirk, body_a):
    """R-S5: Converted on 30 April 2026, notified 1 May: the member may appeal up to and including
    1 June (R-S3) and stays suspended until then (art. 2:35 lid 4 BW); the sweep of 2 June
    makes the expulsion final and flags the still-valid certificate for withdrawal (R-Z5)."""
    certificate = CertificateFactory(audit__member=suspended_x.member, audit__body=body_a,
                                     valid_from=D(2024, 1, 1), valid_until=D(2026, 12, 31))
    suspension = suspension_expel(suspension=suspended_x, motivation="Geen heraudit gestart.",
                                  notified_on=D(2026, 5, 1), actor=dirk, today=D(2026, 4, 30))
    assert suspension.state == SuspensionState.EXPELLED
    assert suspension.outcome_notified_on == D(2026, 5, 1)
    decision = Decision.objects.get(kind=DecisionKind.EXPULSION)
    assert (decision.rule_id, decision.decided_by) == ("R-S5", dirk)
    member = fresh(suspended_x.member)
    assert member.state == MemberState.SUSPENDED
    assert suspension_current(member=member) == suspension

    assert suspensions_sweep(today=D(2026, 6, 1))["expulsions_final"] == 0
    assert fresh(member).state == MemberState.SUSPENDED

    assert suspensions_sweep(today=D(2026, 6, 2))["expulsions_final"] == 1
    member = fresh(member)
    assert member.state == MemberState.EXPELLED
    assert not member.is_member
    assert change_reason_text(member.history.first().history_change_reason) == (
        "R-S5: ontzetting onherroepelijk (geen beroep)")
    assert fresh(suspension).expulsion_effective_on == D(2026, 6, 2)
    flag = Flag.objects.get(key=f"expulsion-withdraw-{certificate.pk}")
    assert (flag.rule_id, flag.audience) == ("R-Z5", "director")
    # The certificate itself is the directeur's decision (R-Z5), not the sweep's.
    assert fresh(certificate).state == "valid"
    assert suspensions_sweep(today=D(2026, 6, 2))["expulsions_final"] == 0


def test_r_s5_b_expel_refused_once_expelled(suspended_x, dirk):
    """R-S5: b expel refused once expelled."""
    suspension_expel(suspension=suspended_x, motivation="…", notified_on=D(2026, 5, 1),
                     actor=dirk, today=D(2026, 4, 30))
    with pytest.raises(RuleViolation, match="R-S5: De schorsing staat op 'Omgezet in ontzetting'"):
        suspension_expel(suspension=suspended_x, motivation="…", notified_on=D(2026, 5, 2),
                         actor=dirk, today=D(2026, 5, 2))
    assert Suspension.objects.get().outcome_notified_on == D(2026, 5, 1)
