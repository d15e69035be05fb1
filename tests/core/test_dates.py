"""R-0.1 (legal dates: calendar months, month-end clamping, inclusive deadlines, Amsterdam
calendar dates) and R-0.2 (Dutch working days from ``holidays.NL``).

Enumerated edge cases first, then Hypothesis properties. The holiday cases pin what the
installed ``holidays`` (0.108) does, so an upgrade that changes the calendar fails here.
"""

import datetime as dt

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from core.dates import (
    add_months,
    add_working_days,
    add_years,
    deadline_days,
    deadline_months,
    in_time,
    is_public_holiday,
    is_working_day,
    local_date,
    today,
    working_days_between,
)

D = dt.date
UTC = dt.UTC


# --------------------------------------------------------------------------- months

@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(D(2026, 1, 31), 1, D(2026, 2, 28), id="R-0.1 31 Jan 2026 + 1 = 28 Feb"),
        pytest.param(D(2028, 1, 31), 1, D(2028, 2, 29), id="R-0.1 31 Jan 2028 + 1 = 29 Feb (leap)"),
        pytest.param(D(2028, 2, 29), 12, D(2029, 2, 28), id="R-0.1 29 Feb 2028 + 12 = 28 Feb 2029"),
        pytest.param(D(2028, 2, 29), 48, D(2032, 2, 29), id="R-0.1 29 Feb 2028 + 48 = 29 Feb 2032"),
        pytest.param(D(2026, 3, 31), 1, D(2026, 4, 30), id="R-0.1 31 Mar + 1 = 30 Apr"),
        pytest.param(D(2026, 1, 30), 1, D(2026, 2, 28), id="R-0.1 30 Jan + 1 = 28 Feb"),
        pytest.param(D(2026, 1, 15), 1, D(2026, 2, 15), id="R-0.1 mid-month keeps its day"),
        pytest.param(D(2025, 11, 30), 2, D(2026, 1, 30), id="R-0.1 30 Nov + 2 = 30 Jan"),
        pytest.param(D(2025, 12, 31), 2, D(2026, 2, 28), id="R-0.1 31 Dec 2025 + 2 = 28 Feb"),
        pytest.param(D(2027, 12, 31), 2, D(2028, 2, 29), id="R-0.1 31 Dec 2027 + 2 = 29 Feb"),
        pytest.param(D(2025, 12, 31), 1, D(2026, 1, 31), id="R-0.1 31 Dec + 1 = 31 Jan"),
        pytest.param(D(2026, 5, 31), 6, D(2026, 11, 30), id="R-0.1 31 May + 6 = 30 Nov"),
        pytest.param(D(2026, 2, 28), 0, D(2026, 2, 28), id="R-0.1 + 0 is the same day"),
        pytest.param(D(2026, 3, 31), -1, D(2026, 2, 28), id="R-0.1 31 Mar - 1 = 28 Feb"),
        pytest.param(D(2026, 1, 15), -1, D(2025, 12, 15), id="R-0.1 15 Jan - 1 = 15 Dec"),
        pytest.param(D(2026, 1, 31), -2, D(2025, 11, 30), id="R-0.1 31 Jan - 2 = 30 Nov"),
        pytest.param(D(2028, 2, 29), -12, D(2027, 2, 28), id="R-0.1 29 Feb 2028 - 12 = 28 Feb"),
        pytest.param(D(2026, 3, 1), -14, D(2025, 1, 1), id="R-0.1 - 14 across a year end"),
    ],
)
def test_r0_1_add_months_enumerated(start, months, expected):
    """R-0.1: calendar months, clamped to the end of the target month."""
    assert add_months(start, months) == expected


def test_r0_1_add_years_clamps_29_february():
    """R-0.1: 29 Feb plus one year is 28 Feb; plus four years is 29 Feb again."""
    assert add_years(D(2028, 2, 29), 1) == D(2029, 2, 28)
    assert add_years(D(2028, 2, 29), 4) == D(2032, 2, 29)
    assert add_years(D(2026, 6, 1), 3) == D(2029, 6, 1)


def test_r0_1_deadline_months_is_inclusive():
    """R-0.1: "within 1 month from 31 Jan 2026": 28 Feb is in time, 1 March is late."""
    deadline = deadline_months(D(2026, 1, 31), 1)
    assert deadline == D(2026, 2, 28)
    assert in_time(D(2026, 2, 28), deadline) is True
    assert in_time(D(2026, 3, 1), deadline) is False
    assert in_time(D(2026, 1, 31), deadline) is True


def test_r0_1_two_months_after_a_finding_in_a_leap_year():
    """R-0.1 (used by R-F3): a finding of 31 Dec 2027 has until 29 Feb 2028."""
    deadline = deadline_months(D(2027, 12, 31), 2)
    assert deadline == D(2028, 2, 29)
    assert in_time(D(2028, 2, 29), deadline)
    assert not in_time(D(2028, 3, 1), deadline)


def test_r0_1_deadline_days_is_inclusive():
    """R-0.1: "within 14 days from 20 Dec 2025" ends on 3 Jan 2026, that day included."""
    deadline = deadline_days(D(2025, 12, 20), 14)
    assert deadline == D(2026, 1, 3)
    assert in_time(D(2026, 1, 3), deadline)
    assert not in_time(D(2026, 1, 4), deadline)


def test_r0_1_never_thirty_days_for_a_month():
    """R-0.1: one month from 31 Jan is not 2 March (what ``timedelta(days=30)`` gives)."""
    assert add_months(D(2026, 1, 31), 1) != D(2026, 1, 31) + dt.timedelta(days=30)


# --------------------------------------------------------------------------- today

@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # CET (UTC+1): 23:30 UTC on 28 March is 00:30 on 29 March in Amsterdam.
        pytest.param(dt.datetime(2026, 3, 28, 23, 30, tzinfo=UTC), D(2026, 3, 29),
                     id="R-0.1 late UTC evening is already tomorrow"),
        pytest.param(dt.datetime(2026, 3, 28, 22, 59, 59, tzinfo=UTC), D(2026, 3, 28),
                     id="R-0.1 23:59:59 CET"),
        # Night of 29 March 2026: clocks go from 02:00 CET to 03:00 CEST (01:00 UTC).
        pytest.param(dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC), D(2026, 3, 29),
                     id="R-0.1 01:59 CET before the spring change"),
        pytest.param(dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC), D(2026, 3, 29),
                     id="R-0.1 03:00 CEST after the spring change"),
        # From then on Amsterdam is UTC+2: midnight is 22:00 UTC.
        pytest.param(dt.datetime(2026, 3, 29, 21, 59, 59, tzinfo=UTC), D(2026, 3, 29),
                     id="R-0.1 23:59:59 CEST"),
        pytest.param(dt.datetime(2026, 3, 29, 22, 0, tzinfo=UTC), D(2026, 3, 30),
                     id="R-0.1 00:00 CEST is the next day"),
        # Night of 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC).
        pytest.param(dt.datetime(2026, 10, 24, 22, 0, tzinfo=UTC), D(2026, 10, 25),
                     id="R-0.1 00:00 CEST on the autumn change day"),
        pytest.param(dt.datetime(2026, 10, 25, 22, 59, 59, tzinfo=UTC), D(2026, 10, 25),
                     id="R-0.1 23:59:59 CET after the autumn change"),
        pytest.param(dt.datetime(2026, 10, 25, 23, 0, tzinfo=UTC), D(2026, 10, 26),
                     id="R-0.1 00:00 CET the day after"),
    ],
)
def test_r0_1_today_is_the_amsterdam_calendar_date(moment, expected):
    """R-0.1: ``today()`` is the calendar date in Europe/Amsterdam, not in UTC."""
    with time_machine.travel(moment, tick=False):
        assert today() == expected
    assert local_date(moment) == expected


# --------------------------------------------------------------------------- holidays

@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        pytest.param(D(2026, 1, 1), True, id="R-0.2 New Year's Day 2026"),
        pytest.param(D(2026, 4, 3), True, id="R-0.2 Good Friday 2026"),
        pytest.param(D(2026, 4, 5), True, id="R-0.2 Easter Sunday 2026"),
        pytest.param(D(2026, 4, 6), True, id="R-0.2 Easter Monday 2026"),
        # 27 April 2025 is a Sunday: holidays.NL moves King's Day to Saturday 26 April.
        pytest.param(D(2025, 4, 26), True, id="R-0.2 King's Day 2025 on Saturday 26 Apr"),
        pytest.param(D(2025, 4, 27), False, id="R-0.2 Sunday 27 Apr 2025 is not King's Day"),
        pytest.param(D(2026, 4, 27), True, id="R-0.2 King's Day 2026 on Monday 27 Apr"),
        # Liberation Day: a holiday in lustrum years only (documented in core/dates.py).
        pytest.param(D(2025, 5, 5), True, id="R-0.2 Liberation Day 2025 (lustrum)"),
        pytest.param(D(2026, 5, 5), False, id="R-0.2 5 May 2026 is no holiday"),
        pytest.param(D(2030, 5, 5), True, id="R-0.2 Liberation Day 2030 (lustrum)"),
        pytest.param(D(2026, 5, 14), True, id="R-0.2 Ascension Day 2026"),
        pytest.param(D(2026, 5, 24), True, id="R-0.2 Whit Sunday 2026"),
        pytest.param(D(2026, 5, 25), True, id="R-0.2 Whit Monday 2026"),
        pytest.param(D(2025, 12, 25), True, id="R-0.2 Christmas Day 2025"),
        pytest.param(D(2025, 12, 26), True, id="R-0.2 Second Christmas Day 2025"),
        pytest.param(D(2025, 12, 24), False, id="R-0.2 Christmas Eve is no holiday"),
        pytest.param(D(2025, 12, 31), False, id="R-0.2 New Year's Eve is no holiday"),
    ],
)
def test_r0_2_dutch_public_holidays(day, holiday):
    """R-0.2: the public holidays come from ``holidays.NL`` (0.108), not a hand-written list."""
    assert is_public_holiday(day) is holiday


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D(2026, 3, 6), True, id="R-0.2 Friday"),
        pytest.param(D(2026, 3, 7), False, id="R-0.2 Saturday"),
        pytest.param(D(2026, 3, 8), False, id="R-0.2 Sunday"),
        pytest.param(D(2026, 3, 9), True, id="R-0.2 Monday"),
        pytest.param(D(2026, 4, 3), False, id="R-0.2 Good Friday"),
        pytest.param(D(2026, 4, 6), False, id="R-0.2 Easter Monday"),
        pytest.param(D(2026, 4, 27), False, id="R-0.2 King's Day 2026"),
        pytest.param(D(2025, 5, 5), False, id="R-0.2 Liberation Day 2025"),
        pytest.param(D(2026, 5, 5), True, id="R-0.2 5 May 2026"),
        pytest.param(D(2026, 12, 24), True, id="R-0.2 Christmas Eve 2026"),
    ],
)
def test_r0_2_is_working_day(day, working):
    """R-0.2: Monday to Friday and not a Dutch public holiday."""
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param(D(2026, 3, 6), 1, D(2026, 3, 9), id="R-0.2 Friday + 1 = Monday"),
        pytest.param(D(2026, 3, 7), 1, D(2026, 3, 9), id="R-0.2 Saturday + 1 = Monday"),
        pytest.param(D(2026, 3, 9), 1, D(2026, 3, 10), id="R-0.2 Monday + 1 = Tuesday"),
        pytest.param(D(2026, 3, 9), 0, D(2026, 3, 9), id="R-0.2 + 0 is the start day"),
        # King's Day 2025 falls on Saturday 26 April: it costs no working day.
        pytest.param(D(2025, 4, 25), 1, D(2025, 4, 28), id="R-0.2 King's Day 2025 on a weekend"),
        # King's Day 2026 is Monday 27 April: skipped.
        pytest.param(D(2026, 4, 24), 1, D(2026, 4, 28), id="R-0.2 King's Day 2026 skipped"),
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April are skipped.
        pytest.param(D(2026, 4, 2), 1, D(2026, 4, 7), id="R-0.2 Good Friday + Easter Monday"),
        pytest.param(D(2026, 4, 3), 1, D(2026, 4, 7), id="R-0.2 received on Good Friday"),
        pytest.param(D(2025, 5, 2), 1, D(2025, 5, 6), id="R-0.2 Liberation Day 2025 skipped"),
        pytest.param(D(2026, 5, 4), 1, D(2026, 5, 5), id="R-0.2 5 May 2026 counts"),
        pytest.param(D(2026, 5, 13), 1, D(2026, 5, 15), id="R-0.2 Ascension Day skipped"),
        pytest.param(D(2026, 5, 22), 1, D(2026, 5, 26), id="R-0.2 Whit Monday skipped"),
        pytest.param(D(2025, 12, 24), 1, D(2025, 12, 29), id="R-0.2 both Christmas days"),
        # A complaint received on Friday 19 December 2025 (R-K2: 5 and 34 working days):
        # 22, 23, 24, 29, 30 December; 25/26 December and 1 January are skipped.
        pytest.param(D(2025, 12, 19), 5, D(2025, 12, 30), id="R-0.2 5 working days year end"),
        pytest.param(D(2025, 12, 19), 34, D(2026, 2, 10), id="R-0.2 34 working days year end"),
        # Monday 2 March 2026: 23 working days up to 2 April, Good Friday and Easter Monday
        # skipped, then 7-10, 13-17, 20 and 21 April.
        pytest.param(D(2026, 3, 2), 34, D(2026, 4, 21), id="R-0.2 34 working days over Easter"),
    ],
)
def test_r0_2_add_working_days_enumerated(start, days, expected):
    """R-0.2: the start day never counts; weekends and holidays are skipped."""
    assert add_working_days(start, days) == expected


def test_r0_2_add_working_days_refuses_negative():
    """R-0.2: counting backwards is not defined for working-day deadlines."""
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 9), -1)


def test_r0_2_working_days_between():
    """R-0.2: working days after the start up to and including the end."""
    assert working_days_between(D(2025, 12, 19), D(2025, 12, 30)) == 5
    assert working_days_between(D(2025, 12, 19), D(2026, 2, 10)) == 34
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 0
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 1)) == 0


# --------------------------------------------------------------------------- properties

dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))
months = st.integers(min_value=0, max_value=600)
any_months = st.integers(min_value=-600, max_value=600)
# holidays.NL starts in 1966; stay well inside the range for working days.
wd_dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31))
wd_counts = st.integers(min_value=0, max_value=60)


@given(start=dates, n=months)
def test_r0_1_add_months_never_before_start(start, n):
    """R-0.1 property: a deadline N ≥ 0 months on is never before its start."""
    assert add_months(start, n) >= start


@given(a=dates, b=dates, n=any_months)
def test_r0_1_add_months_monotonic_in_start(a, b, n):
    """R-0.1 property: a later start never gives an earlier deadline."""
    a, b = sorted((a, b))
    assert add_months(a, n) <= add_months(b, n)


@given(start=dates, m=any_months, n=any_months)
def test_r0_1_add_months_monotonic_in_months(start, m, n):
    """R-0.1 property: more months never give an earlier date."""
    m, n = sorted((m, n))
    assert add_months(start, m) <= add_months(start, n)


@given(start=dates, n=any_months)
def test_r0_1_add_months_day_never_exceeds_start_day(start, n):
    """R-0.1 property: clamping only shortens; the month moves by exactly N."""
    result = add_months(start, n)
    assert result.day <= start.day
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == n
    if start.day <= 28:
        assert result.day == start.day


@settings(deadline=None)
@given(start=wd_dates, n=st.integers(min_value=1, max_value=60))
def test_r0_2_add_working_days_lands_on_a_later_working_day(start, n):
    """R-0.2 property: N > 0 working days on is a working day strictly after the start,
    and exactly N working days lie in between."""
    result = add_working_days(start, n)
    assert result > start
    assert is_working_day(result)
    assert working_days_between(start, result) == n


@settings(deadline=None)
@given(start=wd_dates, m=wd_counts, n=wd_counts)
def test_r0_2_add_working_days_monotonic_in_days(start, m, n):
    """R-0.2 property: more working days give a later date (strictly)."""
    m, n = sorted((m, n))
    if m == n:
        assert add_working_days(start, m) == add_working_days(start, n)
    else:
        assert add_working_days(start, m) < add_working_days(start, n)


@settings(deadline=None)
@given(a=wd_dates, b=wd_dates, n=wd_counts)
def test_r0_2_add_working_days_monotonic_in_start(a, b, n):
    """R-0.2 property: a later start never gives an earlier deadline."""
    a, b = sorted((a, b))
    assert add_working_days(a, n) <= add_working_days(b, n)


@pytest.mark.parametrize(("moment", "day"), [
    (dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC), dt.date(2026, 3, 2)),  # CET, +1
    (dt.datetime(2026, 7, 1, 22, 30, tzinfo=dt.UTC), dt.date(2026, 7, 2)),  # CEST, +2
    (dt.datetime(2026, 7, 1, 21, 59, tzinfo=dt.UTC), dt.date(2026, 7, 1)),
])
def test_r_0_1_local_date_is_the_amsterdam_calendar_date(moment, day):
    """R-0.1: the calendar date of an instant is the Amsterdam date, not UTC's."""
    from core.dates import local_date

    assert local_date(moment) == day


def test_r_0_2_negative_working_days_are_an_error():
    """R-0.2: counting a negative number of working days is a programming error."""
    with pytest.raises(ValueError, match="^days must not be negative$"):
        add_working_days(dt.date(2026, 3, 2), -1)


def test_r_0_1_date_label_reads_as_people_write_dates():
    """R-0.1: "3 december 2026" in Dutch, "3 December 2026" in English; a late-evening UTC
    instant shows its Amsterdam date; nothing for no date."""
    from django.utils import translation

    from core.dates import date_label, number_label

    with translation.override("nl"):
        assert date_label(None) == ""
        assert date_label(dt.date(2026, 12, 3)) == "3 december 2026"
        assert date_label(dt.datetime(2026, 12, 3, 23, 30, tzinfo=dt.UTC)) == "4 december 2026"
        assert date_label(dt.datetime(2026, 12, 3, 23, 30)) == "3 december 2026"
        assert number_label(0.5) == "0,5"
        assert number_label(2, 1) == "2,0"
    with translation.override("en"):
        assert date_label(dt.date(2026, 12, 3)) == "3 December 2026"
        assert number_label(0.5) == "0.5"
