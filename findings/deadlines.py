"""Deadlines and limits of findings (R-F3 … R-F6), as pure functions over dates and counts.

No ORM here, so that the property-based tests can throw any date at them. Every month
computation goes through :func:`core.dates.add_months` (R-0.1: end-of-month clamping,
inclusive deadlines).
"""

import datetime as dt
import enum

from core.dates import add_months

PLAN_MONTHS = 2  # R-F3: plan van aanpak within two months of the afwijking
INVESTIGATION_MONTHS = 6  # R-F4/R-F5: aanvullend onderzoek within six months

MAX_OBSERVATIONS_AND_NONCONFORMITIES = 5  # R-F6
MAX_NONCONFORMITIES = 3  # R-F6
MAX_MAJORS = 0  # R-F6: no tekortkoming at all


def plan_deadline(recorded_on: dt.date) -> dt.date:
    """R-F3: the last day on which the member may send its plan van aanpak for an afwijking
    found on ``recorded_on`` (31 Jan → 31 Mar; 31 Dec → 28/29 Feb)."""
    return add_months(recorded_on, PLAN_MONTHS)


def plan_deadline_passed(recorded_on: dt.date, today: dt.date) -> bool:
    """R-F3/R-0.1: the deadline is inclusive, so it has passed only from the day after."""
    return today > plan_deadline(recorded_on)


def plan_overdue_cutoff(today: dt.date) -> dt.date:
    """The latest ``recorded_on`` whose plan deadline can have passed on ``today``.

    A cheap database prefilter for the sweep: every afwijking with
    ``plan_deadline_passed(recorded_on, today)`` has ``recorded_on <= plan_overdue_cutoff(today)``
    (proved by a property test); the exact check is done per row afterwards."""
    return add_months(today, -PLAN_MONTHS)


def investigation_deadline(since: dt.date) -> dt.date:
    """R-F4/R-F5: an aanvullend onderzoek takes place within six months of ``since`` (the
    finding, the day it became a tekortkoming, or the previous insufficient investigation)."""
    return add_months(since, INVESTIGATION_MONTHS)


class LimitReason(enum.StrEnum):
    """Why an audit exceeds the limits of R-F6."""

    TOO_MANY_FINDINGS = "too_many_findings"  # > 5 kanttekeningen + afwijkingen
    TOO_MANY_NONCONFORMITIES = "too_many_nonconformities"  # > 3 afwijkingen
    MAJOR = "major"  # any tekortkoming

    @property
    def needs_body_decision(self) -> bool:
        """R-F6: above five or three the body decides on the follow-up (a recorded decision).
        A tekortkoming needs no such decision: it simply blocks a positive advice (R-F7)."""
        return self is not LimitReason.MAJOR


def limits_exceeded(observations: int, nonconformities: int,
                    majors: int) -> tuple[LimitReason, ...]:
    """R-F6: per audit at most five kanttekeningen + afwijkingen together, of which at most
    three afwijkingen, and no tekortkoming. Returns the reasons the limits are exceeded (empty
    when they are kept)."""
    if min(observations, nonconformities, majors) < 0:
        raise ValueError("counts must not be negative")
    reasons = []
    if observations + nonconformities > MAX_OBSERVATIONS_AND_NONCONFORMITIES:
        reasons.append(LimitReason.TOO_MANY_FINDINGS)
    if nonconformities > MAX_NONCONFORMITIES:
        reasons.append(LimitReason.TOO_MANY_NONCONFORMITIES)
    if majors > MAX_MAJORS:
        reasons.append(LimitReason.MAJOR)
    return tuple(reasons)


def needs_body_decision(reasons) -> bool:
    """R-F6: whether any of ``reasons`` requires the body's recorded decision on the
    follow-up before the advice."""
    return any(LimitReason(reason).needs_body_decision for reason in reasons)
