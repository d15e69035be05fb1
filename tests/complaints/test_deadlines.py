"""R-K2 deadlines in working days (R-0.2): weekends, Easter, King's Day; 24 hours."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaints.deadlines import (
    acknowledge_by,
    lead_time_working_days,
    received_on,
    resolve_by,
    respond_by,
)
from core.dates import is_working_day
from tests.complaints.factories import at

D = dt.date
days = st.dates(min_value=D(2024, 1, 1), max_value=D(2035, 12, 31))


@pytest.mark.parametrize(("received", "deadline"), [
    (D(2026, 3, 2), D(2026, 3, 9)),     # Monday → next Monday
    (D(2026, 3, 6), D(2026, 3, 13)),    # Friday: the weekend is skipped
    (D(2026, 3, 7), D(2026, 3, 13)),    # Saturday: first working day is Monday
    (D(2026, 3, 8), D(2026, 3, 13)),    # Sunday
    (D(2026, 4, 2), D(2026, 4, 13)),    # Good Friday and Easter Monday skipped
    (D(2026, 4, 24), D(2026, 5, 4)),    # King's Day (Monday 27 April) skipped
    (D(2026, 12, 23), D(2026, 12, 31)),  # Christmas Day (Friday) skipped
    (D(2026, 12, 28), D(2027, 1, 5)),    # New Year's Day skipped
])
def test_r_k2_response_within_five_working_days(received, deadline):
    """R-K2: response within five working days."""
    assert respond_by(received) == deadline


def test_r_k2_resolution_aimed_within_34_working_days_across_easter_and_kings_day():
    """R-K2: Received Friday 6 March 2026: 34 working days skip Good Friday (3 April), Easter
    Monday (6 April) and King's Day (27 April): Tuesday 28 April 2026."""
    assert resolve_by(D(2026, 3, 6)) == D(2026, 4, 28)


def test_r_k2_acknowledgement_within_24_hours_also_across_a_weekend():
    """R-K2: acknowledgement within 24 hours also across a weekend."""
    assert acknowledge_by(at(2026, 3, 6, 16, 30)) == at(2026, 3, 7, 16, 30)


def test_r_k2_24_hours_are_24_hours_across_the_dst_change():
    """R-K2: Received Saturday 28 March 2026 12:00 CET; summer time starts that night, so the 24
    hours end on Sunday at 13:00 CEST."""
    assert acknowledge_by(at(2026, 3, 28, 12)) == at(2026, 3, 29, 13)


def test_r_0_1_received_day_is_the_amsterdam_date():
    """R-0.1: received day is the Amsterdam date."""
    late_evening_utc = dt.datetime(2026, 3, 5, 23, 30, tzinfo=dt.UTC)   # 00:30 on 6 March
    assert received_on(late_evening_utc) == D(2026, 3, 6)


@given(days)
def test_r_k2_deadlines_fall_on_working_days_after_receipt(day):
    """R-K2: deadlines fall on working days after receipt."""
    assert day < respond_by(day) < resolve_by(day)
    assert is_working_day(respond_by(day)) and is_working_day(resolve_by(day))


@given(days, days)
def test_r_k2_deadlines_are_monotonic(a, b):
    """R-K2: deadlines are monotonic."""
    early, late = sorted([a, b])
    assert respond_by(early) <= respond_by(late)
    assert resolve_by(early) <= resolve_by(late)


@pytest.mark.parametrize(("start", "end", "working_days"), [
    (D(2026, 3, 6), D(2026, 3, 9), 1),    # Friday → Monday: one working day
    (D(2026, 3, 2), D(2026, 3, 2), 0),    # the same day
    (D(2026, 4, 24), D(2026, 4, 28), 1),  # over the weekend and King's Day (Mon 27 April)
])
def test_r_k4_lead_time_in_working_days(start, end, working_days):
    """R-K4/R-0.2: lead time from the day of receipt in working days, literal values."""
    assert lead_time_working_days(start, end) == working_days
