"""The bureau's overview (R-N1): every open deadline the Verenigingsbureau watches, read from
the deadline registry (``core.deadlines``) and nothing else, soonest (and overdue) first.

Which deadlines these are is decided by the clocks of the apps that own them: the sweep's open
signals (``core.flag``), plans of approach and additional investigations (R-F3 … R-F5),
certificate ends, postponed audits and SWN reports (R-Z2, R-Z4, R-Z6), hearings, suspension
ends, appeal windows and the Bestuur's appeal deadlines (R-S1 … R-S5) and the complaint
deadlines (R-K2). Each clock costs a fixed number of queries, so the dashboard costs the same
with three rows as with three hundred.
"""

from __future__ import annotations

import datetime as dt

from core.deadlines import Audience, Deadline, open_deadlines


def bureau_deadlines(*, today: dt.date) -> list[Deadline]:
    """R-N1: every open deadline the bureau watches, soonest (and overdue) first."""
    return open_deadlines(today=today, audience=Audience.BUREAU)


def urgency_counts(deadlines: list[Deadline], *, today: dt.date) -> dict[str, int]:
    counts = {"overdue": 0, "today": 0, "soon": 0, "later": 0}
    for deadline in deadlines:
        counts[deadline.urgency(today)] += 1
    return counts
