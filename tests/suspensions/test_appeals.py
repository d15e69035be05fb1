"""Appeal to the Bestuur (beroep): the one-month window (R-S3), the board's three-month
deadline (R-S4) and what a ruling does (R-S5)."""

import datetime as dt

import pytest

from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision, DecisionKind, Flag
from members.models import Member, MemberState
from suspensions.models import Appeal, AppealState, AppealSubject, SuspensionState
from suspensions.selectors import appeal_window
from suspensions.services import (
    appeal_file,
    appeal_rule,
    suspension_expel,
    suspension_extend,
    suspension_lift,
    suspensions_sweep,
)
from tests.factories import ContactFactory, MemberFactory
from tests.suspensions.factories import suspend

D = dt.date
pytestmark = pytest.mark.django_db
MOTIVATION = "Wij hebben de heraudit al ingepland; de schorsing is onevenredig."


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def file(suspension, actor, announced_on, subject=AppealSubject.SUSPENSION):
    return appeal_file(suspension=suspension, subject=subject, announced_on=announced_on,
                       motivation=MOTIVATION, actor=actor, today=announced_on)


def suspended_member_with_contact(dirk, notified_on):
    member = MemberFactory()
    contact = ContactFactory(member=member)
    return suspend(member, by=dirk, starts_on=notified_on), contact.user


@pytest.mark.parametrize(("notified_on", "announced_on", "accepted"), [
    (D(2026, 1, 31), D(2026, 2, 28), True),
    (D(2026, 1, 31), D(2026, 3, 1), False),
    (D(2028, 1, 31), D(2028, 2, 29), True),     # leap year
    (D(2028, 1, 31), D(2028, 3, 1), False),
    (D(2026, 1, 31), D(2026, 1, 31), True),     # the day of notification itself
])
def test_r_s3_appeal_within_one_month_of_notification(dirk, notified_on, announced_on,
                                                      accepted):
    """R-S3: a suspension notified on 31 January 2026 accepts an appeal on 28 February and
    refuses one on 1 March; in 2028 (leap year) 29 February is accepted, 1 March refused."""
    suspension, contact = suspended_member_with_contact(dirk, notified_on)
    if accepted:
        appeal = file(suspension, contact, announced_on)
        assert appeal.state == AppealState.PENDING
        assert appeal.decision_notified_on == notified_on
    else:
        with pytest.raises(RuleViolation) as refused:
            file(suspension, contact, announced_on)
        assert refused.value.rule_id == "R-S3"
        assert "Te laat" in refused.value.message
        assert not Appeal.objects.exists()


def test_r_s4_board_deadline_three_months_after_the_appeal(suspended_x, xena, bea):
    """R-S4: an appeal received on 28 February 2026 must be decided by 28 May 2026; the
    board is flagged at once."""
    appeal = file(suspended_x, xena.user, D(2026, 2, 28))
    assert appeal.board_deadline == D(2026, 5, 28)
    assert appeal.filed_by == xena.user
    assert appeal.history.count() == 1
    assert appeal.history.first().history_user == xena.user
    flag = Flag.objects.get(key=f"appeal-received-{appeal.pk}")
    assert (flag.rule_id, flag.audience, flag.due_on) == ("R-S4", "board", D(2026, 5, 28))


def test_r_s3_the_bureau_registers_a_paper_appeal(suspended_x, bea):
    """R-S3: the bureau registers a paper appeal."""
    appeal = file(suspended_x, bea, D(2026, 2, 3))
    assert appeal.filed_by == bea


@pytest.mark.parametrize("who", ["yuri_user", "dirk", "bram"])
def test_r_s3_only_the_suspended_member_appeals(request, suspended_x, yuri, who):
    """R-S3: only the suspended member appeals."""
    actor = yuri.user if who == "yuri_user" else request.getfixturevalue(who)
    with pytest.raises(RuleViolation) as refused:
        file(suspended_x, actor, D(2026, 2, 3))
    assert refused.value.rule_id == "R-S3"


def test_r_s3_an_appeal_is_motivated(suspended_x, xena):
    """R-S3: an appeal is motivated."""
    with pytest.raises(RuleViolation, match="R-S3: Een beroep moet gemotiveerd zijn"):
        appeal_file(suspension=suspended_x, subject="suspension", announced_on=D(2026, 2, 3),
                    motivation=" ", actor=xena.user, today=D(2026, 2, 3))


def test_r_s3_one_appeal_per_decision(suspended_x, xena, bram):
    """R-S3: one appeal per decision."""
    appeal = file(suspended_x, xena.user, D(2026, 2, 3))
    with pytest.raises(RuleViolation, match="R-S3: Tegen dit besluit is al beroep"):
        file(suspended_x, xena.user, D(2026, 2, 4))
    appeal_rule(appeal=appeal, uphold=False, ruling="Ongegrond.", actor=bram,
                today=D(2026, 3, 1))
    with pytest.raises(RuleViolation, match="R-S3"):
        file(suspended_x, xena.user, D(2026, 2, 20))


def test_r_s3_no_appeal_against_an_extension_that_was_not_decided(suspended_x, xena):
    """R-S3: no appeal against an extension that was not decided."""
    with pytest.raises(RuleViolation, match="R-S3: Deze schorsing is niet verlengd"):
        file(suspended_x, xena.user, D(2026, 2, 3), subject=AppealSubject.EXTENSION)


def test_r_s5_r_s3_the_extension_is_appealable_from_its_own_notification(suspended_x, xena,
                                                                          dirk):
    """R-S5, R-S3: the extension is appealable from its own notification."""
    suspension_extend(suspension=suspended_x, motivation="…", notified_on=D(2026, 5, 4),
                      actor=dirk, today=D(2026, 4, 30))
    assert appeal_window(suspension=fresh(suspended_x), subject="extension") == (
        D(2026, 5, 4), D(2026, 6, 4))
    with pytest.raises(RuleViolation, match="R-S3: Te laat.*4 juni 2026"):
        file(suspended_x, xena.user, D(2026, 6, 5), subject=AppealSubject.EXTENSION)
    appeal = file(suspended_x, xena.user, D(2026, 6, 4), subject=AppealSubject.EXTENSION)
    assert appeal.board_deadline == D(2026, 9, 4)


def test_r_s5_r_s3_an_expulsion_is_appealable_from_its_notification(suspended_x, xena, dirk):
    """R-S5, R-S3: an expulsion is appealable from its notification."""
    suspension_expel(suspension=suspended_x, motivation="…", notified_on=D(2026, 5, 29),
                     actor=dirk, today=D(2026, 4, 30))
    with pytest.raises(RuleViolation, match="R-S3"):
        file(suspended_x, xena.user, D(2026, 6, 30), subject=AppealSubject.EXPULSION)
    assert file(suspended_x, xena.user, D(2026, 6, 29), subject=AppealSubject.EXPULSION)


def test_r_s5_r_s3_a_lifting_is_appealable(suspended_x, xena, dirk):
    """R-S5, R-S3: a lifting is appealable."""
    suspension_lift(suspension=suspended_x, motivation="…", notified_on=D(2026, 4, 30),
                    actor=dirk, today=D(2026, 4, 30))
    assert file(suspended_x, xena.user, D(2026, 5, 30), subject=AppealSubject.LIFTING)


def test_r_s3_no_appeal_against_the_suspension_once_lifted(suspended_x, xena, dirk):
    """R-S3: no appeal against the suspension once lifted."""
    suspension_lift(suspension=suspended_x, motivation="…", notified_on=D(2026, 2, 1),
                    actor=dirk, today=D(2026, 4, 30))
    with pytest.raises(RuleViolation, match="R-S3: Deze schorsing is niet meer van kracht"):
        file(suspended_x, xena.user, D(2026, 2, 1))


# --- R-S4 ruling -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["dirk", "bea"])
def test_r_s4_only_the_board_rules(request, suspended_x, xena, who):
    """R-S4: only the board rules."""
    appeal = file(suspended_x, xena.user, D(2026, 2, 3))
    with pytest.raises(RuleViolation) as refused:
        appeal_rule(appeal=appeal, uphold=True, ruling="…", actor=request.getfixturevalue(who),
                    today=D(2026, 3, 1))
    assert refused.value.rule_id == "R-S4"


def test_r_s4_dismissed_appeal_leaves_the_suspension(suspended_x, xena, bram):
    """R-S4: dismissed appeal leaves the suspension."""
    appeal = file(suspended_x, xena.user, D(2026, 2, 3))
    appeal = appeal_rule(appeal=appeal, uphold=False, ruling="De schorsing is terecht.",
                         actor=bram, today=D(2026, 3, 2))
    assert (appeal.state, appeal.ruled_on) == (AppealState.DISMISSED, D(2026, 3, 2))
    decision = Decision.objects.get(kind=DecisionKind.APPEAL_RULING)
    assert (decision.rule_id, decision.role, decision.decided_by) == ("R-S4", "board", bram)
    assert decision.outcome == "Beroep tegen de schorsing ongegrond"
    assert change_reason_text(
        change_reason_text(appeal.history.first().history_change_reason)) == "R-S4: beroep ongegrond"
    assert fresh(suspended_x).state == SuspensionState.ACTIVE
    assert not Flag.objects.open().filter(key=f"appeal-received-{appeal.pk}").exists()


def test_r_s4_a_ruling_is_given_once(suspended_x, xena, bram):
    """R-S4: a ruling is given once."""
    appeal = file(suspended_x, xena.user, D(2026, 2, 3))
    appeal_rule(appeal=appeal, uphold=False, ruling="…", actor=bram, today=D(2026, 3, 2))
    with pytest.raises(RuleViolation, match="R-S4: Het bestuur heeft over dit beroep al"):
        appeal_rule(appeal=appeal, uphold=True, ruling="…", actor=bram, today=D(2026, 3, 3))


def test_r_s4_upheld_appeal_against_the_suspension_lifts_it(suspended_x, xena, bram):
    """R-S4: upheld appeal against the suspension lifts it."""
    appeal = file(suspended_x, xena.user, D(2026, 2, 3))
    appeal_rule(appeal=appeal, uphold=True, ruling="Hoorzitting niet behoorlijk.", actor=bram,
                today=D(2026, 3, 2))
    suspension = fresh(suspended_x)
    assert suspension.state == SuspensionState.LIFTED
    assert suspension.outcome_on == D(2026, 3, 2)
    assert suspension.outcome_notified_on is None          # no directeur's decision to appeal
    assert fresh(suspended_x.member).state == MemberState.MEMBER


def test_r_s4_upheld_appeal_against_the_extension_annuls_it(suspended_x, xena, dirk, bram):
    """R-S4: upheld appeal against the extension annuls it."""
    suspension_extend(suspension=suspended_x, motivation="…", notified_on=D(2026, 4, 30),
                      actor=dirk, today=D(2026, 4, 30))
    appeal = file(suspended_x, xena.user, D(2026, 5, 10), subject=AppealSubject.EXTENSION)
    appeal_rule(appeal=appeal, uphold=True, ruling="Verlenging onvoldoende gemotiveerd.",
                actor=bram, today=D(2026, 6, 1))
    suspension = fresh(suspended_x)
    assert suspension.state == SuspensionState.ACTIVE
    assert suspension.ends_on == D(2026, 4, 30)
    assert suspension.extension_annulled_on == D(2026, 6, 1)
    # R-S2: the annulled extension was the one extension; the directeur lifts or expels.
    with pytest.raises(RuleViolation, match="R-S2"):
        suspension_extend(suspension=suspension, motivation="…", notified_on=D(2026, 6, 2),
                          actor=dirk, today=D(2026, 6, 2))
    assert suspensions_sweep(today=D(2026, 6, 2))["suspensions_end_flagged"] == 1
    suspension_lift(suspension=suspension, motivation="…", notified_on=D(2026, 6, 3),
                    actor=dirk, today=D(2026, 6, 3))


def test_r_s4_upheld_appeal_against_the_expulsion_restores_the_suspension(suspended_x, xena,
                                                                           dirk, bram):
    """R-S4: upheld appeal against the expulsion restores the suspension."""
    suspension_extend(suspension=suspended_x, motivation="…", notified_on=D(2026, 4, 30),
                      actor=dirk, today=D(2026, 4, 30))
    suspension_expel(suspension=suspended_x, motivation="…", notified_on=D(2026, 7, 31),
                     actor=dirk, today=D(2026, 7, 31))
    appeal = file(suspended_x, xena.user, D(2026, 8, 10), subject=AppealSubject.EXPULSION)
    # The window has passed, but the appeal is pending: the sweep leaves it to the Bestuur.
    assert suspensions_sweep(today=D(2026, 9, 15))["expulsions_final"] == 0
    appeal_rule(appeal=appeal, uphold=True, ruling="Ontzetting onevenredig.", actor=bram,
                today=D(2026, 9, 20))
    suspension = fresh(suspended_x)
    assert suspension.state == SuspensionState.EXTENDED
    assert suspension.outcome_on is None
    assert fresh(suspended_x.member).state == MemberState.SUSPENDED
    assert suspensions_sweep(today=D(2026, 9, 21))["expulsions_final"] == 0
    # The directeur decides again (R-S5).
    suspension_lift(suspension=suspension, motivation="…", notified_on=D(2026, 9, 22),
                    actor=dirk, today=D(2026, 9, 22))
    assert fresh(suspended_x.member).state == MemberState.MEMBER


def test_r_s4_dismissed_appeal_against_the_expulsion_makes_it_final(suspended_x, xena, dirk,
                                                                     bram):
    """R-S4: dismissed appeal against the expulsion makes it final."""
    suspension_expel(suspension=suspended_x, motivation="…", notified_on=D(2026, 5, 1),
                     actor=dirk, today=D(2026, 4, 30))
    appeal = file(suspended_x, xena.user, D(2026, 5, 20), subject=AppealSubject.EXPULSION)
    appeal_rule(appeal=appeal, uphold=False, ruling="Terecht.", actor=bram,
                today=D(2026, 7, 1))
    member = Member.objects.get(pk=suspended_x.member_id)
    assert member.state == MemberState.EXPELLED
    assert member.history.first().history_user == bram
    assert fresh(suspended_x).expulsion_effective_on == D(2026, 7, 1)


def test_r_s4_upheld_appeal_against_a_lifting_is_flagged_to_the_director(suspended_x, xena,
                                                                          dirk, bram):
    """R-S4: upheld appeal against a lifting is flagged to the director."""
    suspension_lift(suspension=suspended_x, motivation="…", notified_on=D(2026, 4, 30),
                    actor=dirk, today=D(2026, 4, 30))
    appeal = file(suspended_x, xena.user, D(2026, 5, 5), subject=AppealSubject.LIFTING)
    appeal_rule(appeal=appeal, uphold=True, ruling="…", actor=bram, today=D(2026, 6, 1))
    assert fresh(suspended_x).state == SuspensionState.LIFTED
    assert Flag.objects.get(key=f"appeal-upheld-lifting-{appeal.pk}").audience == "director"
