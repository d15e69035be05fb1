"""Certificate dates (R-Z2, R-Z3, R-Z4) as pure functions, with exact dates and Hypothesis
properties. No database."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certificates import deadlines
from certificates.deadlines import (
    audit_early_enough,
    earliest_audit_for,
    postponement_deadline,
    postponement_limit,
    postponement_needs_director,
    postponement_request_deadline,
    renewal_start,
    swn_report_due,
    validity,
)

D = dt.date
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))


@pytest.mark.parametrize(("valid_from", "years", "valid_until"), [
    (D(2026, 6, 1), 3, D(2029, 5, 31)),
    (D(2026, 1, 1), 3, D(2028, 12, 31)),
    (D(2026, 3, 1), 3, D(2029, 2, 28)),
    (D(2025, 3, 1), 3, D(2028, 2, 29)),    # ends on a leap day
    (D(2026, 6, 1), 4, D(2030, 5, 31)),
    (D(2026, 12, 31), 3, D(2029, 12, 30)),
    # 29 Feb + 3 years clamps to 28 Feb, minus one day.
    (D(2028, 2, 29), 3, D(2031, 2, 27)),
    (D(2028, 2, 29), 4, D(2032, 2, 28)),
])
def test_r_z2_validity_is_three_or_four_years_minus_one_day(valid_from, years, valid_until):
    """R-Z2: valid_until = valid_from + 3 (or 4) years − 1 day."""
    assert validity(valid_from, years) == valid_until


@pytest.mark.parametrize(("valid_from", "valid_until"), [
    (D(2026, 6, 1), D(2029, 5, 31)),
    (D(2027, 1, 1), D(2029, 12, 31)),
    (D(2028, 2, 29), D(2031, 2, 27)),
])
def test_r_z2_validity_defaults_to_three_years(valid_from, valid_until):
    """R-Z2: without a term the validity is three years minus one day, as literal dates (a
    change of the standard term fails here)."""
    assert validity(valid_from) == valid_until
    assert deadlines.STANDARD_YEARS == 3 and deadlines.SWN_YEARS == 4


def test_r_z2_one_year_is_the_shortest_validity():
    """R-Z2: one year is accepted (the lower bound itself), literal date."""
    assert validity(D(2026, 6, 1), 1) == D(2027, 5, 31)


@pytest.mark.parametrize("years", [0, -1])
def test_validity_of_less_than_a_year_is_an_error(years):
    """R-Z2: less than one year is an error."""
    with pytest.raises(ValueError, match="^a certificate is valid for at least one year$"):
        validity(D(2026, 6, 1), years)


def test_r_z3_renewal_starts_the_day_after_the_old_certificate_ends():
    """R-Z3: renewal starts the day after the old certificate ends."""
    assert renewal_start(D(2026, 5, 31)) == D(2026, 6, 1)
    assert renewal_start(D(2028, 2, 28)) == D(2028, 2, 29)
    assert renewal_start(D(2026, 12, 31)) == D(2027, 1, 1)


@pytest.mark.parametrize(("start", "earliest"), [
    (D(2026, 6, 1), D(2026, 3, 1)),
    (D(2026, 5, 31), D(2026, 2, 28)),   # month end clamps
    (D(2028, 5, 31), D(2028, 2, 29)),   # leap year
    (D(2026, 1, 15), D(2025, 10, 15)),  # across the year boundary
])
def test_r_z3_earliest_audit_is_three_months_before_the_start(start, earliest):
    """R-Z3: an audit at most three months before the start can be its basis."""
    assert earliest_audit_for(start) == earliest
    assert audit_early_enough(earliest, start)
    assert not audit_early_enough(earliest - dt.timedelta(days=1), start)


def test_r_z2_swn_report_is_due_two_years_after_the_start():
    """R-Z2: SWN report is due two years after the start."""
    assert swn_report_due(D(2026, 6, 1)) == D(2028, 6, 1)
    assert swn_report_due(D(2028, 2, 29)) == D(2030, 2, 28)


def test_r_z4_request_deadline_is_the_last_day_of_validity():
    """R-Z4: requested before the certificate expires: on valid_until at the latest."""
    assert postponement_request_deadline(D(2026, 5, 31)) == D(2026, 5, 31)


@pytest.mark.parametrize(("months", "deadline"), [
    (1, D(2026, 6, 30)), (3, D(2026, 8, 31)), (4, D(2026, 9, 30)), (6, D(2026, 11, 30)),
])
def test_r_z4_postponement_deadline_counts_calendar_months_from_valid_until(months, deadline):
    """R-Z4: postponement deadline counts calendar months from valid until."""
    assert postponement_deadline(D(2026, 5, 31), months) == deadline


@pytest.mark.parametrize("months", [0, 7, -1])
def test_r_z4_never_more_than_six_months(months):
    """R-Z4: never more than six months."""
    with pytest.raises(ValueError, match="^a postponement is 1 to 6 months$"):
        postponement_deadline(D(2026, 5, 31), months)


def test_r_z4_postponement_limit_is_six_months():
    """R-Z4: postponement limit is six months."""
    assert postponement_limit(D(2026, 5, 31)) == D(2026, 11, 30)


@pytest.mark.parametrize(("total", "director"), [(1, False), (3, False), (4, True), (6, True)])
def test_r_z4_more_than_three_months_needs_the_director(total, director):
    """R-Z4: more than three months needs the director."""
    assert postponement_needs_director(total) is director


# --- Hypothesis properties ------------------------------------------------------------------


@given(dates, st.sampled_from([3, 4]))
def test_validity_ends_after_it_starts_and_within_the_years(valid_from, years):
    until = validity(valid_from, years)
    assert until > valid_from
    # 365 * years − 1 days, give or take leap days and the 29 February clamp.
    assert 365 * years - 2 <= (until - valid_from).days <= 366 * years


@given(dates, dates)
def test_validity_is_monotonic(a, b):
    if a <= b:
        assert validity(a) <= validity(b)


@given(dates)
def test_four_years_outlast_three(valid_from):
    assert validity(valid_from, 4) > validity(valid_from, 3)


@given(dates)
def test_a_chain_of_renewals_is_contiguous(valid_from):
    """R-Z3: each renewal starts the day after the previous ends; no gap, no overlap."""
    start = valid_from
    for _ in range(4):
        until = validity(start)
        nxt = renewal_start(until)
        assert (nxt - until).days == 1
        start = nxt


@given(dates)
def test_earliest_audit_is_about_three_months_before(start):
    earliest = earliest_audit_for(start)
    assert 89 <= (start - earliest).days <= 92


@given(dates, dates)
def test_earliest_audit_is_monotonic(a, b):
    if a <= b:
        assert earliest_audit_for(a) <= earliest_audit_for(b)


@given(dates)
def test_swn_report_falls_inside_a_four_year_certificate(valid_from):
    assert valid_from < swn_report_due(valid_from) < validity(valid_from, 4)


@given(dates, st.integers(1, 6), st.integers(1, 6))
def test_postponement_deadline_never_before_expiry_and_monotonic(valid_until, m1, m2):
    assert valid_until < postponement_deadline(valid_until, m1) <= postponement_limit(valid_until)
    if m1 <= m2:
        assert postponement_deadline(valid_until, m1) <= postponement_deadline(valid_until, m2)
