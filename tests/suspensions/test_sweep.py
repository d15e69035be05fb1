"""The daily sweep for suspensions: end reached without a decision (R-S5), board deadlines
near or passed (R-S4). Idempotent: a second run on the same day changes nothing."""

import datetime as dt

import pytest

from core.models import Flag
from suspensions.models import Appeal, Suspension
from suspensions.services import appeal_file, appeal_rule, suspension_extend, suspensions_sweep

D = dt.date
pytestmark = pytest.mark.django_db
NOTHING = {"suspensions_end_flagged": 0, "appeal_deadlines_warned": 0,
           "appeal_deadlines_overdue": 0, "expulsions_final": 0,
           "notice_flags_closed": 0}


def history_rows():
    return Suspension.history.count() + Appeal.history.count()


def test_r_s5_flag_for_the_director_the_day_after_the_last_day(suspended_x):
    """R-S5: The suspension runs up to and including 30 April 2026; on 1 May the directeur is
    flagged to decide (extend, expel or lift)."""
    assert suspensions_sweep(today=D(2026, 4, 30)) == NOTHING
    assert suspensions_sweep(today=D(2026, 5, 1))["suspensions_end_flagged"] == 1
    flag = Flag.objects.get(rule_id="R-S5")
    assert (flag.audience, flag.due_on, flag.member) == ("director", D(2026, 4, 30),
                                                         suspended_x.member)
    assert Suspension.objects.get().end_reached_flagged_on == D(2026, 5, 1)


def test_r_s5_sweep_is_idempotent(suspended_x, xena):
    """R-S5: sweep is idempotent."""
    appeal_file(suspension=suspended_x, subject="suspension", announced_on=D(2026, 2, 27),
                motivation="…", actor=xena.user, today=D(2026, 2, 27))
    first = suspensions_sweep(today=D(2026, 5, 20))
    assert first["suspensions_end_flagged"] == 1 and first["appeal_deadlines_warned"] == 1
    flags, rows = Flag.objects.count(), history_rows()
    assert suspensions_sweep(today=D(2026, 5, 20)) == NOTHING
    assert (Flag.objects.count(), history_rows()) == (flags, rows)
    assert suspensions_sweep(today=D(2026, 5, 21)) == NOTHING


def test_r_s5_with_an_appeal_pending_the_board_is_flagged_not_the_director(suspended_x, xena,
                                                                           bram):
    """R-S5: with an appeal pending the board is flagged not the director."""
    appeal = appeal_file(suspension=suspended_x, subject="suspension",
                         announced_on=D(2026, 2, 20), motivation="…", actor=xena.user,
                         today=D(2026, 2, 20))
    suspensions_sweep(today=D(2026, 5, 1))
    flag = Flag.objects.get(rule_id="R-S5")
    assert flag.audience == "board"
    # Once the Bestuur has ruled, the next sweep flags the directeur.
    appeal_rule(appeal=appeal, uphold=False, ruling="…", actor=bram, today=D(2026, 5, 2))
    assert suspensions_sweep(today=D(2026, 5, 3))["suspensions_end_flagged"] == 1
    assert Flag.objects.open().get(rule_id="R-S5").audience == "director"


def test_r_s5_an_extension_resolves_the_flag_and_its_new_end_is_flagged(suspended_x, dirk):
    """R-S5: an extension resolves the flag and its new end is flagged."""
    suspensions_sweep(today=D(2026, 5, 1))
    suspension_extend(suspension=suspended_x, motivation="…", notified_on=D(2026, 5, 2),
                      actor=dirk, today=D(2026, 5, 2))
    assert not Flag.objects.open().filter(rule_id="R-S5").exists()
    assert suspensions_sweep(today=D(2026, 7, 31))["suspensions_end_flagged"] == 0
    assert suspensions_sweep(today=D(2026, 8, 1))["suspensions_end_flagged"] == 1
    assert Flag.objects.open().get(rule_id="R-S5").due_on == D(2026, 7, 31)


def test_r_s4_board_and_bureau_warned_fourteen_days_before_the_deadline(suspended_x, xena):
    """R-S4: Appeal received 10 February 2026: the Bestuur decides by 10 May; warned from 26 April
    on, once; overdue from 11 May."""
    appeal = appeal_file(suspension=suspended_x, subject="suspension",
                         announced_on=D(2026, 2, 10), motivation="…", actor=xena.user,
                         today=D(2026, 2, 10))
    assert appeal.board_deadline == D(2026, 5, 10)
    assert suspensions_sweep(today=D(2026, 4, 25))["appeal_deadlines_warned"] == 0
    assert suspensions_sweep(today=D(2026, 4, 26))["appeal_deadlines_warned"] == 1
    warned = Flag.objects.filter(key__startswith=f"appeal-deadline-{appeal.pk}-")
    assert sorted(warned.values_list("audience", flat=True)) == ["board", "bureau"]
    assert {f.rule_id for f in warned} == {"R-S4"}
    assert Appeal.objects.get().deadline_warned_on == D(2026, 4, 26)
    assert suspensions_sweep(today=D(2026, 4, 27))["appeal_deadlines_warned"] == 0
    assert Appeal.objects.get().deadline_warned_on == D(2026, 4, 26)
    assert suspensions_sweep(today=D(2026, 5, 10))["appeal_deadlines_overdue"] == 0
    assert suspensions_sweep(today=D(2026, 5, 11))["appeal_deadlines_overdue"] == 1
    assert suspensions_sweep(today=D(2026, 5, 11))["appeal_deadlines_overdue"] == 0


def test_r_s4_a_ruling_resolves_the_deadline_flags(suspended_x, xena, bram):
    """R-S4: a ruling resolves the deadline flags."""
    appeal = appeal_file(suspension=suspended_x, subject="suspension",
                         announced_on=D(2026, 2, 10), motivation="…", actor=xena.user,
                         today=D(2026, 2, 10))
    suspensions_sweep(today=D(2026, 5, 11))
    appeal_rule(appeal=appeal, uphold=False, ruling="…", actor=bram, today=D(2026, 5, 12))
    assert not Flag.objects.open().filter(rule_id="R-S4").exists()
    assert suspensions_sweep(today=D(2026, 5, 13))["appeal_deadlines_warned"] == 0
