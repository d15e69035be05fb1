"""Hearing first (R-S1), then the directeur's suspension decision (R-S2, R-M2, R-S7)."""

import datetime as dt

import pytest

from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision, DecisionKind, Flag
from members.models import Member, MemberState
from suspensions.models import Hearing, Publication, SummonsMethod, Suspension, SuspensionState
from suspensions.services import hearing_record, hearing_summon, suspension_decide
from tests.factories import MemberFactory
from tests.suspensions.factories import HearingFactory

D = dt.date
pytestmark = pytest.mark.django_db


def decide(member, hearing, actor, **overrides):
    kwargs = dict(member=member, hearing=hearing, starts_on=D(2026, 1, 31), months=3,
                  notified_on=D(2026, 1, 31), actor=actor, today=D(2026, 1, 30),
                  motivation="Geen geldig certificaat sinds 1 december 2025.")
    kwargs.update(overrides)
    return suspension_decide(**kwargs)


# --- R-S1 summons and hearing ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["dirk", "bea"])
def test_r_s1_director_or_bureau_summons_the_member(request, member_x, who):
    """R-S1: director or bureau summons the member."""
    actor = request.getfixturevalue(who)
    hearing = hearing_summon(member=member_x, summoned_on=D(2026, 1, 5),
                             method=SummonsMethod.LETTER, hearing_on=D(2026, 1, 19),
                             actor=actor, today=D(2026, 1, 5))
    assert hearing.summoned_by == actor
    assert hearing.history.count() == 1
    assert hearing.history.first().history_user == actor
    assert "R-S1" in change_reason_text(hearing.history.first().history_change_reason)


@pytest.mark.parametrize("who", ["bram", "kim"])
def test_r_s1_others_cannot_summon(request, member_x, who):
    """R-S1: others cannot summon."""
    with pytest.raises(RuleViolation) as refused:
        hearing_summon(member=member_x, summoned_on=D(2026, 1, 5), method=SummonsMethod.LETTER,
                       hearing_on=D(2026, 1, 19), actor=request.getfixturevalue(who),
                       today=D(2026, 1, 5))
    assert refused.value.rule_id == "R-S1"


def test_r_s1_a_member_contact_cannot_summon(member_x, xena):
    """R-S1: a member contact cannot summon."""
    with pytest.raises(RuleViolation, match="R-S1"):
        hearing_summon(member=member_x, summoned_on=D(2026, 1, 5), method=SummonsMethod.LETTER,
                       hearing_on=D(2026, 1, 19), actor=xena.user, today=D(2026, 1, 5))


def test_r_s1_the_hearing_is_after_the_summons(member_x, dirk):
    """R-S1: the hearing is after the summons."""
    with pytest.raises(RuleViolation, match="R-S1: De hoorzitting moet na de oproep"):
        hearing_summon(member=member_x, summoned_on=D(2026, 1, 5), method=SummonsMethod.EMAIL,
                       hearing_on=D(2026, 1, 5), actor=dirk, today=D(2026, 1, 5))


def test_r_s1_only_a_member_is_summoned(dirk):
    """R-S1: only a member is summoned."""
    applicant = MemberFactory(state=MemberState.APPLICANT, member_since=None)
    with pytest.raises(RuleViolation, match="R-S1"):
        hearing_summon(member=applicant, summoned_on=D(2026, 1, 5), method=SummonsMethod.EMAIL,
                       hearing_on=D(2026, 1, 19), actor=dirk, today=D(2026, 1, 5))


def test_r_s1_record_what_the_member_said(member_x, bea):
    """R-S1: record what the member said."""
    hearing = HearingFactory(member=member_x, held_on=None, member_statement="")
    hearing = hearing_record(hearing=hearing, held_on=D(2026, 1, 19),
                             member_statement="Wij hebben een nieuwe CI gekozen.", actor=bea,
                             today=D(2026, 1, 19))
    assert hearing.is_held
    assert hearing.member_statement == "Wij hebben een nieuwe CI gekozen."
    assert change_reason_text(hearing.history.first().history_change_reason) == "R-S1: hoorzitting gehouden"
    assert hearing.history.first().history_user == bea


def test_r_s1_a_held_hearing_needs_the_members_statement(member_x, bea):
    """R-S1: a held hearing needs the members statement."""
    hearing = HearingFactory(member=member_x, held_on=None, member_statement="")
    with pytest.raises(RuleViolation, match="R-S1: Leg vast wat het lid"):
        hearing_record(hearing=hearing, held_on=D(2026, 1, 19), actor=bea, today=D(2026, 1, 19))


def test_r_s1_the_member_did_not_appear(member_x, dirk):
    """R-S1: the member did not appear."""
    hearing = HearingFactory(member=member_x, held_on=None, member_statement="")
    hearing = hearing_record(hearing=hearing, held_on=D(2026, 1, 19),
                             member_did_not_appear=True, actor=dirk, today=D(2026, 1, 20))
    assert hearing.member_did_not_appear


def test_r_s1_not_appearing_is_known_only_on_the_hearing_date(member_x, dirk):
    """R-S1: not appearing is known only on the hearing date."""
    hearing = HearingFactory(member=member_x, held_on=None, member_statement="")
    with pytest.raises(RuleViolation, match="R-S1"):
        hearing_record(hearing=hearing, held_on=D(2026, 1, 12), member_did_not_appear=True,
                       actor=dirk, today=D(2026, 1, 12))


def test_r_s1_a_hearing_is_not_recorded_before_it_took_place(member_x, dirk):
    """R-S1: a hearing is not recorded before it took place."""
    hearing = HearingFactory(member=member_x, held_on=None, member_statement="")
    with pytest.raises(RuleViolation, match="R-S1"):
        hearing_record(hearing=hearing, held_on=D(2026, 1, 19), member_statement="…",
                       actor=dirk, today=D(2026, 1, 18))


def test_r_s1_a_hearing_is_recorded_once(member_x, dirk):
    """R-S1: a hearing is recorded once."""
    hearing = HearingFactory(member=member_x)
    with pytest.raises(RuleViolation, match="R-S1: Deze hoorzitting is al vastgelegd"):
        hearing_record(hearing=hearing, held_on=D(2026, 1, 19), member_statement="Nogmaals",
                       actor=dirk, today=D(2026, 1, 20))


# --- R-S1/R-S2 the decision ------------------------------------------------------------------


def test_the_director_suspends_after_the_hearing(member_x, dirk):
    """R-S1, R-S2, R-M2: suspended for three months from 31 January 2026, up to and including
    30 April 2026; the member is suspended; decision and history are recorded."""
    hearing = HearingFactory(member=member_x)
    suspension = decide(member_x, hearing, dirk)

    assert suspension.state == SuspensionState.ACTIVE
    assert suspension.ends_on == D(2026, 4, 30)
    assert Member.objects.get(pk=member_x.pk).state == MemberState.SUSPENDED
    decision = Decision.objects.get(kind=DecisionKind.SUSPENSION, subject_id=suspension.pk)
    assert (decision.rule_id, decision.decided_by, decision.role) == ("R-S1", dirk, "director")
    assert decision.member == member_x
    assert "Geen geldig certificaat" in decision.motivation
    assert suspension.history.count() == 1
    assert suspension.history.first().history_user == dirk
    member_history = Member.objects.get(pk=member_x.pk).history.first()
    assert member_history.history_user == dirk
    assert change_reason_text(member_history.history_change_reason) == "R-S1: geschorst door de directeur"
    # R-S7: the bureau is asked to make the decision known.
    assert Flag.objects.get(key=f"suspension-notice-{suspension.pk}").rule_id == "R-S7"


def test_r_s1_no_suspension_without_a_summons(member_x, dirk):
    """R-S1: no suspension without a summons."""
    with pytest.raises(RuleViolation) as refused:
        decide(member_x, None, dirk)
    assert refused.value.rule_id == "R-S1"
    assert "hoorzitting" in refused.value.message
    assert Member.objects.get(pk=member_x.pk).state == MemberState.MEMBER
    assert not Suspension.objects.exists()


def test_r_s1_no_suspension_before_the_hearing_is_recorded(member_x, dirk):
    """R-S1: no suspension before the hearing is recorded."""
    hearing = HearingFactory(member=member_x, held_on=None, member_statement="")
    with pytest.raises(RuleViolation, match="R-S1: De hoorzitting van 19 januari 2026 is nog niet"):
        decide(member_x, hearing, dirk)


def test_r_s1_no_suspension_before_the_hearing_date(member_x, dirk):
    """R-S1: no suspension before the hearing date."""
    hearing = HearingFactory(member=member_x, hearing_on=D(2026, 2, 2), held_on=None,
                             member_statement="")
    with pytest.raises(RuleViolation, match="R-S1"):
        decide(member_x, hearing, dirk)


def test_r_s1_when_the_member_did_not_appear_the_director_may_decide(member_x, dirk):
    """R-S1: when the member did not appear the director may decide."""
    hearing = HearingFactory(member=member_x, held_on=D(2026, 1, 19), member_statement="",
                             member_did_not_appear=True)
    assert decide(member_x, hearing, dirk).state == SuspensionState.ACTIVE


def test_r_s1_the_hearing_must_be_of_this_member(member_x, member_y, dirk):
    """R-S1: the hearing must be of this member."""
    hearing = HearingFactory(member=member_y)
    with pytest.raises(RuleViolation, match="R-S1: Deze hoorzitting betreft een ander lid"):
        decide(member_x, hearing, dirk)


def test_r_s1_one_hearing_serves_one_decision(member_x, dirk):
    """R-S1: one hearing serves one decision."""
    hearing = HearingFactory(member=member_x)
    suspension = decide(member_x, hearing, dirk)
    # The member is back (set directly, to build the case) and a second decision is tried.
    member = Member.objects.get(pk=member_x.pk)
    member.lift_suspension()
    member.save()
    with pytest.raises(RuleViolation, match="R-S1: Op deze hoorzitting is al"):
        decide(member, hearing, dirk)
    assert Suspension.objects.get() == suspension


def test_r_s1_not_in_force_before_the_hearing(member_x, dirk):
    """R-S1: not in force before the hearing."""
    hearing = HearingFactory(member=member_x)
    with pytest.raises(RuleViolation, match="R-S1"):
        decide(member_x, hearing, dirk, starts_on=D(2026, 1, 15))


@pytest.mark.parametrize("months", [0, 4, 6])
def test_r_s2_a_suspension_lasts_one_to_three_months(member_x, dirk, months):
    """R-S2: a suspension lasts one to three months."""
    hearing = HearingFactory(member=member_x)
    with pytest.raises(RuleViolation) as refused:
        decide(member_x, hearing, dirk, months=months)
    assert refused.value.rule_id == "R-S2"


@pytest.mark.parametrize(("months", "ends_on"), [(1, D(2026, 2, 28)), (2, D(2026, 3, 31)),
                                                  (3, D(2026, 4, 30))])
def test_r_s2_end_date_from_the_start(member_x, dirk, months, ends_on):
    """R-S2: end date from the start."""
    suspension = decide(member_x, HearingFactory(member=member_x), dirk, months=months)
    assert suspension.ends_on == ends_on


@pytest.mark.parametrize("who", ["bea", "bram", "kim"])
def test_r_m2_only_the_director_suspends(request, member_x, who):
    """R-M2: only the director suspends."""
    hearing = HearingFactory(member=member_x)
    with pytest.raises(RuleViolation) as refused:
        decide(member_x, hearing, request.getfixturevalue(who))
    assert refused.value.rule_id == "R-M2"


def test_r_m2_a_paused_member_can_be_suspended(dirk):
    """R-M2: a paused member can be suspended."""
    paused = MemberFactory(state=MemberState.PAUSED)
    suspension = decide(paused, HearingFactory(member=paused), dirk)
    assert Member.objects.get(pk=paused.pk).state == MemberState.SUSPENDED
    assert suspension.is_open


@pytest.mark.parametrize("state", [MemberState.APPLICANT, MemberState.SUSPENDED,
                                   MemberState.EXPELLED, MemberState.RESIGNED])
def test_r_m2_suspension_refused_from_other_member_states(dirk, state):
    """R-M2: suspension refused from other member states."""
    member = MemberFactory(state=state)
    hearing = Hearing.objects.create(member=member, summoned_on=D(2026, 1, 5),
                                     method=SummonsMethod.LETTER, hearing_on=D(2026, 1, 19),
                                     held_on=D(2026, 1, 19), member_statement="…",
                                     summoned_by=dirk)
    with pytest.raises(RuleViolation, match="R-M2: .*schorsen kan alleen vanuit"):
        decide(member, hearing, dirk)


def test_r_s7_publication_choice_is_recorded_as_a_decision(member_x, dirk):
    """R-S7: publication choice is recorded as a decision."""
    suspension = decide(member_x, HearingFactory(member=member_x), dirk,
                        publication=Publication.REGISTER)
    assert suspension.publication == Publication.REGISTER
    decision = Decision.objects.get(kind=DecisionKind.PUBLICATION, subject_id=suspension.pk)
    assert decision.rule_id == "R-S7"


def test_r_s7_no_publication_decision_when_not_published(member_x, dirk):
    """R-S7: no publication decision when not published."""
    suspension = decide(member_x, HearingFactory(member=member_x), dirk)
    assert suspension.publication == Publication.NONE
    assert not Decision.objects.filter(kind=DecisionKind.PUBLICATION).exists()


def test_r_0_3_a_suspension_needs_a_motivation(member_x, dirk):
    """R-0.3: a suspension needs a motivation."""
    with pytest.raises(RuleViolation, match="R-0.3"):
        decide(member_x, HearingFactory(member=member_x), dirk, motivation="  ")
