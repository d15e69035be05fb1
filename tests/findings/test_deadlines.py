"""Deadlines and limits of findings (R-F3, R-F4, R-F5, R-F6) as pure functions, with R-0.1's
end-of-month clamping. No database."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from findings.deadlines import (
    LimitReason,
    investigation_deadline,
    limits_exceeded,
    needs_body_decision,
    plan_deadline,
    plan_deadline_passed,
    plan_overdue_cutoff,
)

D = dt.date
dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))
counts = st.integers(min_value=0, max_value=50)


@pytest.mark.parametrize(("found", "deadline"), [
    (D(2026, 1, 31), D(2026, 3, 31)),
    (D(2026, 1, 15), D(2026, 3, 15)),
    (D(2025, 12, 31), D(2026, 2, 28)),
    (D(2027, 12, 31), D(2028, 2, 29)),  # leap year
    (D(2026, 4, 30), D(2026, 6, 30)),
    (D(2026, 7, 31), D(2026, 9, 30)),
    (D(2026, 11, 30), D(2027, 1, 30)),
    (D(2028, 2, 29), D(2028, 4, 29)),
])
def test_plan_of_approach_is_due_two_calendar_months_after_the_afwijking_R_F3(found, deadline):
    """R-F3/R-0.1: within two months, month ends clamped."""
    assert plan_deadline(found) == deadline


def test_the_plan_deadline_day_itself_is_still_in_time_R_F3():
    """R-F3: R-0.1: deadlines are inclusive; they pass only on the day after."""
    assert not plan_deadline_passed(D(2026, 1, 31), D(2026, 3, 31))
    assert plan_deadline_passed(D(2026, 1, 31), D(2026, 4, 1))


@pytest.mark.parametrize(("since", "due"), [
    (D(2026, 1, 31), D(2026, 7, 31)),
    (D(2026, 8, 31), D(2027, 2, 28)),
    (D(2027, 8, 31), D(2028, 2, 29)),  # leap year
    (D(2026, 4, 1), D(2026, 10, 1)),
    (D(2026, 12, 31), D(2027, 6, 30)),
])
def test_additional_investigation_is_due_six_months_later_R_F4_R_F5(since, due):
    """R-F4, R-F5: additional investigation is due six months later."""
    assert investigation_deadline(since) == due


@given(dates)
def test_a_deadline_is_never_before_its_start_R_F3_R_F4(start):
    """R-F3, R-F4: a deadline is never before its start."""
    assert plan_deadline(start) > start
    assert investigation_deadline(start) > plan_deadline(start)


@given(dates, dates)
def test_deadlines_are_monotonic_in_their_start_R_F3_R_F4(a, b):
    """R-F3, R-F4: deadlines are monotonic in their start."""
    early, late = sorted([a, b])
    assert plan_deadline(early) <= plan_deadline(late)
    assert investigation_deadline(early) <= investigation_deadline(late)


@given(dates, dates)
def test_the_sweep_prefilter_never_misses_an_overdue_afwijking_R_F3(found, today):
    """R-F3: The sweep selects candidates by ``recorded_on <= plan_overdue_cutoff(today)`` and
    checks each exactly; no overdue afwijking may fall outside that prefilter."""
    if plan_deadline_passed(found, today):
        assert found <= plan_overdue_cutoff(today)


@pytest.mark.parametrize(("today", "cutoff"), [
    (D(2026, 5, 15), D(2026, 3, 15)),
    (D(2026, 4, 30), D(2026, 2, 28)),   # 30 April − 2 months clamps to 28 February
    (D(2028, 4, 30), D(2028, 2, 29)),   # a leap year
    (D(2027, 1, 10), D(2026, 11, 10)),  # across the year
])
def test_the_plan_overdue_cutoff_is_exactly_two_months_back_R_F3(today, cutoff):
    """R-F3: the sweep's prefilter is exactly two calendar months before today (literal
    dates: a cutoff in the future or one month back fails here)."""
    assert plan_overdue_cutoff(today) == cutoff


@given(dates)
def test_the_plan_overdue_cutoff_admits_nothing_still_in_time_at_its_edge_R_F3(today):
    """R-F3: the plan deadline of an afwijking found on the cutoff day itself is not after
    today: the prefilter is tight (never a cutoff in the future)."""
    assert plan_deadline(plan_overdue_cutoff(today)) <= today
    assert plan_overdue_cutoff(today) < today


@pytest.mark.parametrize(("observations", "nonconformities", "majors", "reasons"), [
    (0, 0, 0, ()),
    (5, 0, 0, ()),
    (2, 3, 0, ()),
    (6, 0, 0, (LimitReason.TOO_MANY_FINDINGS,)),
    (3, 3, 0, (LimitReason.TOO_MANY_FINDINGS,)),
    (0, 4, 0, (LimitReason.TOO_MANY_NONCONFORMITIES,)),
    (2, 4, 0, (LimitReason.TOO_MANY_FINDINGS, LimitReason.TOO_MANY_NONCONFORMITIES)),
    (0, 0, 1, (LimitReason.MAJOR,)),
])
def test_limits_per_audit_five_findings_three_afwijkingen_no_tekortkoming_R_F6(
        observations, nonconformities, majors, reasons):
    """R-F6: limits per audit five findings three afwijkingen no tekortkoming."""
    assert limits_exceeded(observations, nonconformities, majors) == reasons


def test_only_the_counts_need_the_bodys_decision_a_tekortkoming_blocks_advice_R_F6():
    """R-F6: only the counts need the body's decision a tekortkoming blocks advice."""
    assert needs_body_decision([LimitReason.TOO_MANY_FINDINGS])
    assert needs_body_decision([LimitReason.TOO_MANY_NONCONFORMITIES])
    assert not needs_body_decision([LimitReason.MAJOR])
    assert not needs_body_decision([])


@pytest.mark.parametrize("counts", [(-1, 0, 0), (0, -1, 0), (0, 0, -1)])
def test_negative_counts_are_a_programming_error(counts):
    """R-F6: a negative count of any kind is refused."""
    with pytest.raises(ValueError, match="^counts must not be negative$"):
        limits_exceeded(*counts)


@given(counts, counts, counts)
def test_limits_kept_exactly_within_the_bounds_R_F6(observations, nonconformities, majors):
    """R-F6: limits kept exactly within the bounds."""
    kept = not limits_exceeded(observations, nonconformities, majors)
    assert kept == (observations + nonconformities <= 5 and nonconformities <= 3
                    and majors == 0)


@given(counts, counts, counts, st.sampled_from(["o", "n", "m"]))
def test_one_more_finding_never_removes_a_reason_R_F6(observations, nonconformities, majors,
                                                     extra):
    """R-F6: one more finding never removes a reason."""
    before = set(limits_exceeded(observations, nonconformities, majors))
    after = set(limits_exceeded(observations + (extra == "o"),
                                nonconformities + (extra == "n"), majors + (extra == "m")))
    assert before <= after
