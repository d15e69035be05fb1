"""Legal dates (R-0.1) and Dutch working days (R-0.2).

R-0.1: all legal dates are calendar dates in Europe/Amsterdam. "Within N months from D" is in
time on or before ``add_months(D, N)``; month ends clamp (31 Jan + 1 month = 28/29 Feb).
"Within N days" likewise, inclusive. Never ``timedelta(days=30)`` for a month.

R-0.2: working days skip Saturdays, Sundays and Dutch public holidays from the maintained
``holidays`` calendar (``holidays.NL``, public category; pinned 0.108). Decision on Liberation
Day (5 May): we follow ``holidays.NL``, which counts it as a public holiday only in lustrum
years (2025, 2030, …), as most Dutch collective agreements do; in other years it is a working
day. (The Algemene termijnenwet names 5 May every year; ``holidays.NL`` keeps that reading in
its optional category, which we do not use.) King's Day moves to Saturday 26 April when
27 April is a Sunday (``holidays.NL`` does this), so it then falls on a weekend day anyway.
Good Friday is in ``holidays.NL``'s public category and is therefore skipped, as are Easter
Monday, Ascension Day, Whit Monday and both Christmas days. ``tests/core/test_dates.py`` pins
each of these, so an upgrade of ``holidays`` that changes one fails loudly.
"""

import calendar
import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def today() -> dt.date:
    """Today's calendar date in Europe/Amsterdam (R-0.1)."""
    return timezone.now().astimezone(AMSTERDAM).date()


def local_date(moment: dt.datetime) -> dt.date:
    """The Amsterdam calendar date of an aware datetime (R-0.1)."""
    return moment.astimezone(AMSTERDAM).date()


def add_months(start: dt.date, months: int) -> dt.date:
    """``start`` plus ``months`` calendar months, clamped to the month's end (R-0.1).

    >>> add_months(dt.date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    """
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def add_years(start: dt.date, years: int) -> dt.date:
    """``start`` plus ``years`` calendar years (29 Feb clamps to 28 Feb)."""
    return add_months(start, 12 * years)


def deadline_months(start: dt.date, months: int) -> dt.date:
    """Last day on which an act "within ``months`` months from ``start``" is in time (R-0.1)."""
    return add_months(start, months)


def deadline_days(start: dt.date, days: int) -> dt.date:
    """Last day on which an act "within ``days`` days from ``start``" is in time (R-0.1)."""
    return start + dt.timedelta(days=days)


def in_time(act: dt.date, deadline: dt.date) -> bool:
    """An act is in time on or before its deadline: deadlines are inclusive (R-0.1)."""
    return act <= deadline


@lru_cache(maxsize=64)
def _dutch_holidays(year: int) -> holidays.HolidayBase:
    return holidays.NL(years=year)


def is_public_holiday(day: dt.date) -> bool:
    """Dutch public holiday according to ``holidays.NL`` (R-0.2)."""
    return day in _dutch_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a Dutch public holiday (R-0.2)."""
    return day.weekday() < 5 and not is_public_holiday(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (R-0.2). ``start`` itself never counts, so
    a complaint received on a Friday has its first working day on Monday."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Number of working days after ``start`` up to and including ``end`` (R-0.2)."""
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def date_label(day: dt.date | dt.datetime | None) -> str:
    """``day`` as people read it in the active language: "3 december 2026" in Dutch,
    "3 December 2026" in English; never the ISO form. A datetime shows its Amsterdam date."""
    from django.utils.formats import date_format

    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = local_date(day) if timezone.is_aware(day) else day.date()
    return date_format(day, "j F Y")


def number_label(value, decimals: int | None = None) -> str:
    """A number as the active language writes it: "0,5" in Dutch, "0.5" in English."""
    from django.utils.formats import number_format

    return number_format(value, decimal_pos=decimals)
