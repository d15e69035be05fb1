"""Certificate dates (R-Z2, R-Z3, R-Z4): pure functions over dates, no ORM.

Every month and year step goes through ``core.dates`` (R-0.1: calendar months, month ends
clamped), never ``timedelta(days=…)`` for a month.

A quirk worth knowing: ``add_years`` clamps 29 February to 28 February, so a certificate
starting on 29 February 2028 ends on 27 February 2031 (28 Feb 2031 − 1 day) and its renewal
starts on 28 February 2031. The chain stays contiguous (R-Z3); it merely moves one day
earlier, exactly as R-0.1 prescribes for every other period.
"""

import datetime as dt

from core.dates import add_months, add_years

#: R-Z2: a certificate is valid for three years …
STANDARD_YEARS = 3
#: … or four after a combined NVVK + SWN audit, when the directeur grants it.
SWN_YEARS = 4
#: R-Z2: with four years, the SWN audit report is due two years after ``valid_from``.
SWN_REPORT_AFTER_YEARS = 2
#: R-Z3: the audit may lie at most three months before the new certificate's start.
EARLY_AUDIT_MONTHS = 3
#: R-Z4: up to three months of postponement the bureau decides; beyond, the directeur.
BUREAU_POSTPONEMENT_MONTHS = 3
#: R-Z4: never more than six months of postponement.
MAX_POSTPONEMENT_MONTHS = 6

ONE_DAY = dt.timedelta(days=1)


def validity(valid_from: dt.date, years: int = STANDARD_YEARS) -> dt.date:
    """R-Z2: the last day of validity, ``valid_from + years − 1 day`` (inclusive).

    >>> validity(dt.date(2026, 6, 1))
    datetime.date(2029, 5, 31)
    """
    if years < 1:
        raise ValueError("a certificate is valid for at least one year")
    return add_years(valid_from, years) - ONE_DAY


def renewal_start(previous_valid_until: dt.date) -> dt.date:
    """R-Z3: a renewal starts the day after the previous certificate ends, however early or
    late (after a postponement, R-Z4) its audit took place."""
    return previous_valid_until + ONE_DAY


def earliest_audit_for(start: dt.date) -> dt.date:
    """R-Z3: the earliest audit date that can be the basis of a certificate starting on
    ``start``: three calendar months before it (R-0.1 clamps month ends: a certificate
    starting on 31 May accepts an audit from 28 February, 29 in a leap year)."""
    return add_months(start, -EARLY_AUDIT_MONTHS)


def audit_early_enough(audit_date: dt.date, start: dt.date) -> bool:
    """R-Z3: an audit more than three months before ``start`` cannot be the basis."""
    return audit_date >= earliest_audit_for(start)


def swn_report_due(valid_from: dt.date) -> dt.date:
    """R-Z2: with a four-year certificate the SWN audit report is due two years after
    ``valid_from`` (in time on or before that day)."""
    return add_years(valid_from, SWN_REPORT_AFTER_YEARS)


def postponement_request_deadline(valid_until: dt.date) -> dt.date:
    """R-Z4: a postponement must be requested before the certificate expires, that is on or
    before its last day of validity."""
    return valid_until


def postponement_deadline(valid_until: dt.date, months: int) -> dt.date:
    """R-Z4: with ``months`` of postponement the audit may take place up to
    ``valid_until + months``. The certificate itself is never extended."""
    if not 1 <= months <= MAX_POSTPONEMENT_MONTHS:
        raise ValueError("a postponement is 1 to 6 months")
    return add_months(valid_until, months)


def postponement_limit(valid_until: dt.date) -> dt.date:
    """R-Z4: the latest audit date any postponement can reach (six months, never more)."""
    return add_months(valid_until, MAX_POSTPONEMENT_MONTHS)


def postponement_needs_director(total_months: int) -> bool:
    """R-Z4: more than three months in total is the directeur's decision (the Bestuur is
    informed); up to three months the bureau decides."""
    return total_months > BUREAU_POSTPONEMENT_MONTHS
