"""Deadlines of suspensions and appeals (R-S2, R-S3, R-S4): pure functions over dates.

All of them follow R-0.1: "within N months from D" ends on ``add_months(D, N)`` inclusive,
with month ends clamped (31 January + 1 month = 28 or 29 February).

The suspension period. The guideline says a suspension "geldt voor maximaal drie maanden".
We read that the same way as every other "within N months" in the guideline: the last day of
the suspension is ``add_months(start, N)`` (inclusive), not one day earlier. A suspension
starting on 31 January for one month therefore lasts up to and including 28 February (29 in a
leap year). This differs on purpose from certificates (R-Z2), whose validity is spelled out
as "three years − 1 day".
"""

import datetime as dt

from core.dates import add_months

#: R-S2: a suspension lasts one to three months.
MAX_SUSPENSION_MONTHS = 3
#: R-S3: the member announces its appeal within one month of the notification.
APPEAL_WINDOW_MONTHS = 1
#: R-S4: the Bestuur decides within three months of receiving the appeal notice.
BOARD_DECISION_MONTHS = 3
#: R-S4: the board and the bureau are warned this many days before the board deadline.
BOARD_WARNING_DAYS = 14


def suspension_end(start: dt.date, months: int) -> dt.date:
    """R-S2: the last day of a suspension of ``months`` months starting on ``start``."""
    return add_months(start, months)


def extension_end(start: dt.date, months: int) -> dt.date:
    """R-S2: the last day after the one extension "by the same period". Computed from the
    *start* date (not from the first end date), so month-end clamping happens once:
    a two-month suspension from 31 December ends on 28 February and, extended, on 30 April
    (not on 28 April)."""
    return add_months(start, 2 * months)


def appeal_deadline(notified_on: dt.date) -> dt.date:
    """R-S3: the last day on which the member can announce its appeal."""
    return add_months(notified_on, APPEAL_WINDOW_MONTHS)


def board_deadline(received_on: dt.date) -> dt.date:
    """R-S4: the last day on which the Bestuur must rule on the appeal."""
    return add_months(received_on, BOARD_DECISION_MONTHS)


def board_warning_from(deadline: dt.date) -> dt.date:
    """R-S4: the first day on which the approaching board deadline is signalled."""
    return deadline - dt.timedelta(days=BOARD_WARNING_DAYS)
