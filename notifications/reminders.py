"""The daily reminders (R-Z6 and the deadlines of R-Z2, R-F3, R-F4/R-F5, R-S4, R-K2).

:func:`reminders_send` runs once a day (Celery beat, 07:00 Amsterdam, after the 01:30 sweep)
and runs every reminder function the apps registered with :func:`reminder` — in plain sight,
from their ``AppConfig.ready()``, like the clocks of :mod:`core.deadlines` (issue #10: this
module knows no domain app). Each app's ``<app>/reminders.py`` queues the reminders of its own
deadlines that are due:

========================  ==========================================  =======================
reminder                  due on                                      to
========================  ==========================================  =======================
certificate end (R-Z6)    ``CERTIFICATE_REMINDER_MONTHS`` months       member contacts
                          before ``valid_until`` (default 7, 3, 1)
certificate expired       the day after ``valid_until``, unless a      member contacts
(R-Z6)                    renewal took over
SWN report (R-Z2)         one month before ``swn_report_due_on`` and   member contacts
                          the day after it, while not received
plan of approach (R-F3)   two weeks before the plan deadline of an     member contacts
                          open afwijking without an approved plan or
                          one under review
additional investigation  two weeks before ``due_on``                  the body's lead auditor
(R-F4/R-F5)                                                            and member contacts
board's appeal deadline   14 days before ``board_deadline``            board users
(R-S4)
complaint (R-K2)          one working day before the response         bureau users
                          deadline; five working days before the
                          (promised) resolution date
========================  ==========================================  =======================

**Sent once.** Each reminder has a key (``reminder:certificate:<id>:7m``); each recipient's
message gets ``<key>:<recipient>``, unique in the outbox, so reruns, two workers or a
redelivered task never send a reminder twice (:func:`notifications.recipients.queue_to_all`,
one transaction for all recipients of a reminder; :func:`sent_keys`). A certificate reminder that went out is
not sent again to a contact added later in its grace period: the reminder was given.
Every reminder is linked to its member, so it shows on the member's timeline once sent.

**Catching up, but not retroactively.** A reminder is sent on its due day or, when the job did
not run that day (an outage, a server moved), on a later day within ``REMINDER_GRACE_DAYS``
(default 14) — but never after the deadline it reminds of. A reminder whose moment passed
longer ago is not sent: "your certificate expires in 7 months" arriving five months late would
mislead, and the bureau's dashboard and flags (R-N1) cover what is late by then. New data
entered with dates in the past (a migration of old certificates) therefore sends nothing old.
"""

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError

from core.dates import is_working_day
from core.deadlines import open_deadlines

from .models import Notification

logger = logging.getLogger(__name__)

ONE_DAY = dt.timedelta(days=1)


def grace() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "REMINDER_GRACE_DAYS", 14))


def is_due(today: dt.date, due_on: dt.date, last_on: dt.date | None = None) -> bool:
    """A reminder due on ``due_on`` is sent on that day or a later day within the grace
    period, never after ``last_on`` (the deadline it reminds of)."""
    latest = due_on + grace()
    if last_on is not None:
        latest = min(latest, last_on)
    return due_on <= today <= latest


def working_days_before(day: dt.date, days: int) -> dt.date:
    """The ``days``-th working day before ``day`` (R-0.2)."""
    current, remaining = day, days
    while remaining:
        current -= ONE_DAY
        if is_working_day(current):
            remaining -= 1
    return current


def run(counts: Counter, name: str, send, *args) -> None:
    """Send one reminder; a failure of one (a broken template, an address the backend
    refuses) is logged and counted and does not stop the others. A database outage
    (``OperationalError``) stops the run: the task retries, and keys make the rerun safe."""
    try:
        counts[name] += send(*args)
    except OperationalError:
        raise
    except Exception:
        logger.exception("reminder %s failed for %r", name, args)
        counts["errors"] += 1


def sent_keys(template: str, member_ids) -> set[str]:
    """The keys of the reminders ``template`` already queued for these members, without the
    recipient suffix: one query for all candidates instead of several per candidate (a
    reminder stays a candidate for its whole grace period)."""
    if not member_ids:
        return set()
    keys = (Notification.objects.filter(template=template, member_id__in=set(member_ids),
                                        key__isnull=False)
            .values_list("key", flat=True))
    return {key.rsplit(":", 1)[0] for key in keys}


def due_deadlines(clock: str, today: dt.date, notice: dt.timedelta):
    """The open deadlines of ``clock`` (the deadline registry, ``core.deadlines``) whose
    reminder, ``notice`` before the deadline, is due today or within the grace period."""
    return [deadline for deadline in open_deadlines(
                today=today, clocks_=[clock], due_from=today - grace() + notice,
                due_to=today + notice)
            if is_due(today, deadline.on - notice, last_on=deadline.on)]


# --- the registry -----------------------------------------------------------------------------

#: ``module.name`` → (the counters it adds to, the function ``(today, counts)``), in the
#: order the apps registered them (``INSTALLED_APPS``).
REMINDERS: dict[str, tuple[tuple[str, ...], Callable[[dt.date, Counter], None]]] = {}


def reminder(*counters: str):
    """Register the decorated ``function(today, counts)`` as a daily reminder that adds to
    ``counters`` (each counter shows in :func:`reminders_send`'s result, 0 when nothing was
    due). Registering the same function again replaces it."""
    def register(function):
        REMINDERS[f"{function.__module__}.{function.__qualname__}"] = (counters, function)
        return function
    return register


def reminders_send(*, today: dt.date) -> dict[str, int]:
    """Queue every reminder due on ``today`` (see the module docstring); returns how many
    messages each kind queued now. Idempotent: a second run the same day (or any later run)
    queues nothing that was queued before."""
    counts: Counter = Counter({name: 0 for counters, _function in REMINDERS.values()
                               for name in counters})
    counts["errors"] = 0
    for _counters, function in REMINDERS.values():
        function(today, counts)
    return dict(counts)
