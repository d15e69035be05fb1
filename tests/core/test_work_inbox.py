"""Issue #11, R-N1: the work inbox's services. A flag is assigned to a colleague of its team,
commented on, put aside until a date with a reason and resolved by hand; each is recorded in
the flag's history (who, when, why) and refused to anyone outside the flag's team."""

import datetime as dt

import pytest

from core.exceptions import RuleViolation
from core.flags import flag_raise, flag_resolve_by_hand
from core.history import change_reason_text
from core.inbox import (
    colleagues_for,
    flag_assign,
    flag_comment,
    flag_snooze,
    inbox_count_query,
    team_audiences,
)
from core.models import Flag, FlagAudience, FlagComment, Role
from tests.factories import UserFactory

TODAY = dt.date(2026, 3, 16)


def _flag(key="inbox-1", audience=FlagAudience.BUREAU, member=None):
    flag, _created = flag_raise(key=key, rule_id="R-M3", audience=audience,
                                message="Neem contact op met het lid.", today=TODAY,
                                member=member, due_on=dt.date(2026, 4, 1))
    return flag


def _reasons(flag):
    return [change_reason_text(r.history_change_reason)
            for r in flag.history.order_by("history_date", "history_id")]


@pytest.fixture
def bart(db):
    return UserFactory(email="bart@nvvk.example", full_name="Bart Bureau", roles=[Role.BUREAU])


def test_r_n1_assign_to_a_colleague_of_the_team_is_recorded(bea, bart):
    """R-N1: assigning a flag names who and to whom in its history."""
    flag = flag_assign(flag=_flag(), assignee=bart, actor=bea)
    flag.refresh_from_db()
    assert flag.assignee == bart
    last = flag.history.latest("history_date")
    assert last.history_user == bea
    assert "Bart Bureau" in change_reason_text(last.history_change_reason)


def test_r_n1_assign_refuses_someone_outside_the_team(bea, bram, dirk):
    """R-N1: a bureau flag goes to the bureau or the directeur, not to the Bestuur; a director
    flag only to the directeur."""
    with pytest.raises(RuleViolation) as refused:
        flag_assign(flag=_flag(), assignee=bram, actor=bea)
    assert refused.value.rule_id == "R-N1"
    director_flag = _flag("inbox-d", audience=FlagAudience.DIRECTOR)
    with pytest.raises(RuleViolation):
        flag_assign(flag=director_flag, assignee=bea, actor=dirk)
    with pytest.raises(RuleViolation):
        flag_assign(flag=director_flag, assignee=dirk, actor=bea)  # not bea's team
    assert Flag.objects.get(pk=director_flag.pk).assignee is None
    assert list(colleagues_for(director_flag)) == [dirk]


def test_r_n1_unassign(bea, bart):
    """R-N1: the assignment can be withdrawn."""
    flag = flag_assign(flag=_flag(), assignee=bart, actor=bea)
    flag_assign(flag=flag, assignee=None, actor=bea)
    assert Flag.objects.get(pk=flag.pk).assignee is None
    assert "toewijzing van signaal ingetrokken" in _reasons(flag)[-1]


def test_r_n1_comment_is_stored_with_its_author(bea):
    """R-N1: a comment keeps author and text; an empty one is refused."""
    flag = _flag()
    comment = flag_comment(flag=flag, text="  Gebeld, terugbelverzoek.  ", actor=bea)
    assert comment.author == bea
    assert comment.text == "Gebeld, terugbelverzoek."
    assert comment.history.get().history_user == bea
    with pytest.raises(RuleViolation):
        flag_comment(flag=flag, text="   ", actor=bea)
    assert FlagComment.objects.count() == 1


def test_r_n1_others_may_not_comment(kim, bram):
    """R-N1: only the flag's team works on it (the kernteam and the Bestuur not on the
    bureau's flags)."""
    flag = _flag()
    for outsider in (kim, bram):
        with pytest.raises(RuleViolation):
            flag_comment(flag=flag, text="Hallo", actor=outsider)
    assert not FlagComment.objects.exists()


def test_r_n1_snooze_hides_until_the_date_with_reason(bea):
    """R-N1: a snoozed flag leaves the inbox until its date, and the reason is recorded."""
    flag = _flag()
    flag_snooze(flag=flag, until=dt.date(2026, 3, 20), reason="Lid is op vakantie.",
                actor=bea, today=TODAY)
    flag.refresh_from_db()
    assert flag.snoozed_until == dt.date(2026, 3, 20)
    assert flag.snooze_reason == "Lid is op vakantie."
    assert "Lid is op vakantie." in _reasons(flag)[-1]
    assert not Flag.objects.awake(TODAY).filter(pk=flag.pk).exists()
    assert Flag.objects.awake(dt.date(2026, 3, 20)).filter(pk=flag.pk).exists()


def test_r_n1_snooze_needs_a_reason_and_a_future_date(bea):
    """R-N1: no snooze without a reason, to today or the past, or beyond a year."""
    flag = _flag()
    for until, reason in ((dt.date(2026, 3, 20), ""), (TODAY, "x"),
                          (dt.date(2027, 6, 1), "x")):
        with pytest.raises(RuleViolation):
            flag_snooze(flag=flag, until=until, reason=reason, actor=bea, today=TODAY)
    assert Flag.objects.get(pk=flag.pk).snoozed_until is None


def test_r_n1_wake_brings_the_flag_back(bea):
    """R-N1: ``until=None`` ends the snooze."""
    flag = _flag()
    flag_snooze(flag=flag, until=dt.date(2026, 3, 20), reason="Wachten.", actor=bea,
                today=TODAY)
    flag_snooze(flag=flag, until=None, reason="", actor=bea, today=TODAY)
    assert Flag.objects.get(pk=flag.pk).snoozed_until is None


def test_r_n1_resolved_flag_takes_no_more_work(bea, bart):
    """R-N1: after resolving by hand, assigning, commenting and snoozing are refused."""
    flag = flag_resolve_by_hand(flag=_flag(), reason="Opgelost per telefoon.", actor=bea,
                                today=TODAY)
    with pytest.raises(RuleViolation):
        flag_assign(flag=flag, assignee=bart, actor=bea)
    with pytest.raises(RuleViolation):
        flag_comment(flag=flag, text="Nog iets", actor=bea)
    with pytest.raises(RuleViolation):
        flag_snooze(flag=flag, until=dt.date(2026, 4, 1), reason="x", actor=bea, today=TODAY)


def test_r_n1_inbox_count_is_mine_and_my_teams_unassigned(bea, bart, dirk):
    """R-N1: the header counts flags assigned to me and unassigned ones of my team, not the
    snoozed or resolved ones nor another's."""
    mine = _flag("a")
    flag_assign(flag=mine, assignee=bea, actor=bea)
    _flag("b")  # unassigned bureau
    barts = _flag("c")
    flag_assign(flag=barts, assignee=bart, actor=bea)
    snoozed = _flag("d")
    flag_snooze(flag=snoozed, until=dt.date(2026, 3, 20), reason="x", actor=bea, today=TODAY)
    _flag("e", audience=FlagAudience.DIRECTOR)
    assert inbox_count_query(bea, TODAY).count() == 2
    assert inbox_count_query(dirk, TODAY).count() == 2  # b and e; d is snoozed
    assert team_audiences(bea) == [FlagAudience.BUREAU]
