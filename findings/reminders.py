"""The daily reminders of findings (R-F3: the plan of approach; R-F4/R-F5: the additional
investigation), read from this app's clocks (``findings.clocks``), registered with
:func:`notifications.reminders.reminder` (``FindingsConfig.ready``) and run by
``notifications.tasks.send_reminders``."""

import datetime as dt
from collections import Counter

from django.db import transaction

from members.recipients import queue_to_member
from notifications import recipients as to
from notifications.reminders import due_deadlines, reminder, run

#: R-F3/R-F4/R-F5: plans of approach and additional investigations are announced two weeks
#: ahead.
TWO_WEEKS = dt.timedelta(days=14)


def _plan_reminder(finding, deadline: dt.date, today) -> int:
    return queue_to_member(
        "plan-deadline-reminder", finding.member,
        context={"finding": finding, "deadline": deadline},
        key=f"reminder:plan:{finding.pk}:{deadline.isoformat()}", rule_id="R-F3", today=today)


@reminder("plan")
def plan_reminders(today: dt.date, counts: Counter) -> None:
    """R-F3: two weeks before the plan deadline; none while a plan is under review or
    approved (the clock ``findings.plan`` says which plans are still due)."""
    for deadline in due_deadlines("findings.plan", today, TWO_WEEKS):
        run(counts, "plan", _plan_reminder, deadline.subject, deadline.on, today)


# --- R-F4/R-F5 additional investigations ------------------------------------------------------

def _investigation_reminder(investigation, today) -> int:
    finding = investigation.finding
    context = {"investigation": investigation, "finding": finding,
               "due_on": investigation.due_on}
    key = f"reminder:investigation:{investigation.pk}:2w"
    lead = None
    if investigation.audit_id and investigation.audit.lead_auditor_id:
        lead = investigation.audit.lead_auditor
    elif finding.audit.lead_auditor_id:
        lead = finding.audit.lead_auditor
    with transaction.atomic():  # both audiences or neither
        queued = to.queue_to_all(
            template="investigation-reminder", recipients=to.auditor_recipients(lead),
            context=context, audience=to.AUDITOR, key=key, member=finding.member,
            rule_id=investigation.rule_id or "R-F4", today=today)
        queued += queue_to_member(
            "investigation-reminder", finding.member, context=context, key=key,
            rule_id=investigation.rule_id or "R-F4", today=today)
    return queued


@reminder("investigation")
def investigation_reminders(today: dt.date, counts: Counter) -> None:
    for deadline in due_deadlines("findings.investigation", today, TWO_WEEKS):
        run(counts, "investigation", _investigation_reminder, deadline.subject, today)
