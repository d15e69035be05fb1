"""The daily reminders of complaint deadlines (R-K2), read from the clocks
``complaints.respond`` and ``complaints.resolve``, registered with
:func:`notifications.reminders.reminder` (``ComplaintsConfig.ready``) and run by
``notifications.tasks.send_reminders``."""

import datetime as dt
from collections import Counter

from core.deadlines import open_deadlines
from core.models import Role
from notifications import recipients as to
from notifications.reminders import is_due, reminder, run, working_days_before

#: R-K2: working days (R-0.2) of notice before the complaint deadlines.
COMPLAINT_RESPOND_NOTICE_DAYS = 1
COMPLAINT_RESOLVE_NOTICE_DAYS = 5


def _complaint_reminder(complaint, step: str, deadline: dt.date, today) -> int:
    key = f"reminder:complaint:{complaint.pk}:{step}"
    if step == "resolve":
        key += f":{deadline.isoformat()}"  # a new promised date is a new reminder
    return to.queue_to_all(
        template="complaint-deadline-reminder", recipients=to.role_recipients(Role.BUREAU),
        context={"complaint": complaint, "step": step, "deadline": deadline},
        audience=to.BUREAU, key=key, member=complaint.member, rule_id="R-K2", today=today)


@reminder("complaint")
def complaint_reminders(today: dt.date, counts: Counter) -> None:
    """R-K2: one working day before the response deadline, five before the (promised)
    resolution date; the clocks ``complaints.respond`` and ``complaints.resolve`` say which
    complaints still have them."""
    horizon = today + dt.timedelta(days=14)  # 5 working days are at most ~11 calendar days
    for clock, step, notice in (("complaints.respond", "respond", COMPLAINT_RESPOND_NOTICE_DAYS),
                                ("complaints.resolve", "resolve", COMPLAINT_RESOLVE_NOTICE_DAYS)):
        for deadline in open_deadlines(today=today, clocks_=[clock], due_from=today,
                                       due_to=horizon):
            if is_due(today, working_days_before(deadline.on, notice), last_on=deadline.on):
                run(counts, "complaint", _complaint_reminder, deadline.subject, step,
                     deadline.on, today)
