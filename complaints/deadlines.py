"""Complaint deadlines (R-K2, counted with R-0.2 working days): pure functions, no ORM.

- Acknowledgement within **24 hours** of receipt (an instant, not a date). The guideline's
  model procedure (seeds/004) promises it for written complaints. A complaint taken by phone
  or in person is acknowledged in that conversation: the service records the acknowledgement
  at the moment of receipt, so the 24-hour deadline is met by construction and is kept on the
  row only for uniformity.
- Substantive response within **5 working days** after the day of receipt.
- Resolution aimed within **34 working days** after the day of receipt.

- Objection (R-K3) within a configurable term after the day the outcome was given
  (``settings.COMPLAINT_OBJECTION_WEEKS``, default six weeks as in Dutch administrative law,
  Awb 6:7/6:8: the term starts the day after the outcome, so the last day is the outcome day
  plus 42 days). Calendar days (R-0.1), not working days.

"After the day of receipt": the receipt day itself never counts (``add_working_days``), so a
complaint received on Friday has Monday as its first working day. The day of receipt is the
Europe/Amsterdam calendar date of ``received_at`` (R-0.1).
"""

import datetime as dt

from core.dates import add_working_days, deadline_days, local_date, working_days_between

ACKNOWLEDGE_WITHIN = dt.timedelta(hours=24)
RESPOND_WITHIN_WORKING_DAYS = 5
RESOLVE_WITHIN_WORKING_DAYS = 34


def acknowledge_by(received_at: dt.datetime) -> dt.datetime:
    """R-K2: the moment by which receipt must be acknowledged: 24 real hours. Added in UTC,
    because Python adds a timedelta to an Amsterdam time on the wall clock, which would make
    the day summer time starts 23 hours long."""
    return received_at.astimezone(dt.UTC) + ACKNOWLEDGE_WITHIN


def respond_by(received_on: dt.date) -> dt.date:
    """R-K2: the last day for a substantive response (5 working days, R-0.2)."""
    return add_working_days(received_on, RESPOND_WITHIN_WORKING_DAYS)


def resolve_by(received_on: dt.date) -> dt.date:
    """R-K2: the day by which the complaint should be resolved (34 working days, R-0.2)."""
    return add_working_days(received_on, RESOLVE_WITHIN_WORKING_DAYS)


def received_on(received_at: dt.datetime) -> dt.date:
    """The calendar day of receipt in Europe/Amsterdam (R-0.1)."""
    return local_date(received_at)


def lead_time_working_days(start: dt.date, end: dt.date) -> int:
    """R-K4: lead time from the day of receipt to ``end`` in working days (R-0.2)."""
    return working_days_between(start, end)


def objection_by(resolved_on: dt.date, weeks: int = 6) -> dt.date:
    """R-K3: the last day the complainant may object to the outcome given on ``resolved_on``:
    ``weeks`` weeks, counted from the day after (inclusive, R-0.1)."""
    return deadline_days(resolved_on, 7 * weeks)
