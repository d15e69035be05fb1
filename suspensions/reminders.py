"""The daily reminder of the Bestuur's appeal deadline (R-S4), read from the clock
``suspensions.appeal_board``, registered with :func:`notifications.reminders.reminder`
(``SuspensionsConfig.ready``) and run by ``notifications.tasks.send_reminders``."""

import datetime as dt
from collections import Counter

from core.models import Role
from notifications import recipients as to
from notifications.reminders import due_deadlines, reminder, run

#: R-S4: the board is reminded 14 days before its deadline (``suspensions.deadlines``).
APPEAL_WARNING = dt.timedelta(days=14)


def _appeal_reminder(appeal, today) -> int:
    member = appeal.suspension.member
    return to.queue_to_all(
        template="appeal-deadline-reminder", recipients=to.role_recipients(Role.BOARD),
        context={"appeal": appeal, "member_name": member.name,
                 "board_deadline": appeal.board_deadline},
        audience=to.BOARD, key=f"reminder:appeal:{appeal.pk}:14d", member=member,
        rule_id="R-S4", today=today)


@reminder("appeal")
def appeal_reminders(today: dt.date, counts: Counter) -> None:
    for deadline in due_deadlines("suspensions.appeal_board", today, APPEAL_WARNING):
        run(counts, "appeal", _appeal_reminder, deadline.subject, today)
