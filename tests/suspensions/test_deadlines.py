"""Suspension and appeal deadlines (R-S2, R-S3, R-S4) with R-0.1 month arithmetic."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suspensions.deadlines import (
    appeal_deadline,
    board_deadline,
    board_warning_from,
    extension_end,
    suspension_end,
)

D = dt.date
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
months = st.integers(min_value=1, max_value=3)


@pytest.mark.parametrize(("notified_on", "last_day"), [
    (D(2026, 1, 31), D(2026, 2, 28)),
    (D(2028, 1, 31), D(2028, 2, 29)),   # leap year
    (D(2026, 3, 31), D(2026, 4, 30)),
    (D(2026, 12, 15), D(2027, 1, 15)),  # across the year end
    (D(2026, 2, 28), D(2026, 3, 28)),
])
def test_r_s3_appeal_window_is_one_calendar_month_clamped_to_month_end(notified_on, last_day):
    """R-S3 with R-0.1: the last day to announce an appeal."""
    assert appeal_deadline(notified_on) == last_day


@pytest.mark.parametrize(("received_on", "deadline"), [
    (D(2026, 2, 28), D(2026, 5, 28)),
    (D(2025, 11, 30), D(2026, 2, 28)),
    (D(2027, 11, 30), D(2028, 2, 29)),
    (D(2026, 10, 15), D(2027, 1, 15)),
])
def test_r_s4_board_decides_within_three_months_of_receiving_the_appeal(received_on,
                                                                         deadline):
    """R-S4: board decides within three months of receiving the appeal."""
    assert board_deadline(received_on) == deadline


def test_r_s4_board_is_warned_fourteen_days_before_its_deadline():
    """R-S4: board is warned fourteen days before its deadline."""
    assert board_warning_from(D(2026, 5, 28)) == D(2026, 5, 14)


@pytest.mark.parametrize(("start", "n", "end", "extended"), [
    (D(2026, 1, 31), 1, D(2026, 2, 28), D(2026, 3, 31)),
    (D(2026, 1, 31), 3, D(2026, 4, 30), D(2026, 7, 31)),
    (D(2025, 12, 31), 2, D(2026, 2, 28), D(2026, 4, 30)),
    (D(2025, 11, 30), 3, D(2026, 2, 28), D(2026, 5, 30)),
    (D(2027, 12, 31), 2, D(2028, 2, 29), D(2028, 4, 30)),
])
def test_r_s2_both_end_dates_are_computed_from_the_start_date(start, n, end, extended):
    """R-S2: a two-month suspension from 31 December ends on 28 February and, extended by the
    same period, on 30 April — not on 28 April, as adding two months to the first end would
    give."""
    assert suspension_end(start, n) == end
    assert extension_end(start, n) == extended


def test_r_s2_the_last_day_of_a_suspension_is_inclusive():
    """R-S2/R-0.1: "at most one month" from 1 March includes 1 April."""
    assert suspension_end(D(2026, 3, 1), 1) == D(2026, 4, 1)


@given(dates, months)
def test_r_s2_a_suspension_ends_after_it_starts_and_the_extension_after_that(start, n):
    """R-S2: a suspension ends after it starts and the extension after that."""
    assert start < suspension_end(start, n) < extension_end(start, n)


@given(dates, months)
def test_r_s2_never_longer_than_six_months_in_total(start, n):
    """R-S2: never longer than six months in total."""
    assert extension_end(start, n) <= suspension_end(start, 6)


@given(dates, dates, months)
def test_r_s2_end_dates_are_monotonic_in_the_start(a, b, n):
    """R-S2: end dates are monotonic in the start."""
    early, late = sorted([a, b])
    assert suspension_end(early, n) <= suspension_end(late, n)
    assert extension_end(early, n) <= extension_end(late, n)


@given(dates)
def test_r_s3_appeal_window_is_28_to_31_days(notified_on):
    """R-S3: appeal window is 28 to 31 days."""
    assert 28 <= (appeal_deadline(notified_on) - notified_on).days <= 31


@given(dates, dates)
def test_r_s3_r_s4_deadlines_are_monotonic(a, b):
    """R-S3, R-S4: deadlines are monotonic."""
    early, late = sorted([a, b])
    assert appeal_deadline(early) <= appeal_deadline(late)
    assert board_deadline(early) <= board_deadline(late)


@given(dates)
def test_r_s4_board_deadline_is_never_before_the_appeal(received_on):
    """R-S4: board deadline is never before the appeal."""
    assert received_on < board_deadline(received_on)
