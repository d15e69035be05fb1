"""The daily reminders (R-Z6 and the deadlines of R-Z2, R-F3, R-F4/R-F5, R-S4, R-K2).

:func:`reminders_send` runs once a day (Celery beat, 07:00 Amsterdam, after the 01:30 sweep)
and queues every reminder that is due:

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
one transaction for all recipients of a reminder). A certificate reminder that went out is
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

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Exists, OuterRef

from core.dates import add_months, is_working_day
from core.deadlines import open_deadlines
from core.models import Role

from . import recipients as to

logger = logging.getLogger(__name__)

#: R-F3/R-F4/R-F5: plans of approach and additional investigations are announced two weeks
#: ahead.
TWO_WEEKS = dt.timedelta(days=14)
#: R-S4: the board is reminded 14 days before its deadline (``suspensions.deadlines``).
APPEAL_WARNING = dt.timedelta(days=14)
#: R-K2: working days (R-0.2) of notice before the complaint deadlines.
COMPLAINT_RESPOND_NOTICE_DAYS = 1
COMPLAINT_RESOLVE_NOTICE_DAYS = 5
#: R-Z2: the SWN report is announced one month ahead.
SWN_NOTICE_MONTHS = 1
# add_months clamps month ends, so the reverse of a month step can be off by up to 3 days.
SLACK = dt.timedelta(days=3)
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


def certificate_offsets() -> list[int]:
    """R-Z6: the configured months before ``valid_until``, largest first, each once."""
    return sorted({int(n) for n in settings.CERTIFICATE_REMINDER_MONTHS}, reverse=True)


def _run(counts: Counter, name: str, send, *args) -> None:
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


# --- R-Z6 certificate end -------------------------------------------------------------------

def _sent_keys(template: str, member_ids) -> set[str]:
    """The keys of the reminders ``template`` already queued for these members, without the
    recipient suffix: one query for all candidates instead of several per candidate (a
    reminder stays a candidate for its whole grace period)."""
    from .models import Notification

    if not member_ids:
        return set()
    keys = (Notification.objects.filter(template=template, member_id__in=set(member_ids),
                                        key__isnull=False)
            .values_list("key", flat=True))
    return {key.rsplit(":", 1)[0] for key in keys}


def _certificate_key(certificate, label: str) -> str:
    return f"reminder:certificate:{certificate.pk}:{label}"


def _certificate_reminder(certificate, label: str, expired: bool, today) -> int:
    return to.queue_to_all(
        template="certificate-reminder", recipients=to.member_recipients(certificate.member),
        context={"certificate": certificate, "expired": expired}, audience=to.MEMBER,
        key=_certificate_key(certificate, label), member=certificate.member,
        rule_id="R-Z6", today=today)


def _certificate_reminders(today: dt.date, counts: Counter) -> None:
    from certificates.models import Certificate, CertificateState
    from certificates.selectors import valid_on
    from members.models import MEMBERSHIP_STATES

    base = Certificate.objects.filter(member__state__in=MEMBERSHIP_STATES).select_related(
        "member", "body")
    start = today - grace()
    due = []  # (counter, certificate, label, expired)
    for months in certificate_offsets():
        if months <= 0:
            continue  # after expiry: the day-after reminder below
        candidates = base.filter(
            state=CertificateState.VALID,
            valid_until__gte=add_months(start, months) - SLACK,
            valid_until__lte=add_months(today, months) + SLACK)
        for certificate in candidates:
            due_on = add_months(certificate.valid_until, -months)
            if is_due(today, due_on, last_on=certificate.valid_until):
                due.append(("certificate", certificate, f"{months}m", False))

    # The day after expiry, only when no renewal took over and the member holds no other
    # valid certificate (R-Z3); the 01:30 sweep has usually expired it by now.
    other_valid = Certificate.objects.filter(valid_on(today), member=OuterRef("member"))
    expired = (base.filter(state__in=[CertificateState.VALID, CertificateState.EXPIRED],
                           renewal__isnull=True,
                           valid_until__gte=start - ONE_DAY, valid_until__lt=today)
               .exclude(Exists(other_valid)))
    for certificate in expired:
        if is_due(today, certificate.valid_until + ONE_DAY):
            due.append(("certificate_expired", certificate, "expired", True))

    sent = _sent_keys("certificate-reminder", [c.member_id for _n, c, _l, _e in due])
    for counter, certificate, label, expired in due:
        if _certificate_key(certificate, label) not in sent:
            _run(counts, counter, _certificate_reminder, certificate, label, expired, today)


# --- R-Z2 SWN report --------------------------------------------------------------------------

def _swn_reminder(certificate, label: str, late: bool, today) -> int:
    return to.queue_to_all(
        template="swn-report-reminder", recipients=to.member_recipients(certificate.member),
        context={"certificate": certificate, "due_on": certificate.swn_report_due_on,
                 "late": late},
        audience=to.MEMBER, key=f"reminder:swn-report:{certificate.pk}:{label}",
        member=certificate.member, rule_id="R-Z2", today=today)


def _swn_reminders(today: dt.date, counts: Counter) -> None:
    from certificates.models import Certificate, CertificateState

    start = today - grace()
    outstanding = Certificate.objects.filter(
        state__in=[CertificateState.VALID, CertificateState.SUPERSEDED], four_years_swn=True,
        swn_report_due_on__isnull=False, swn_report_received_on__isnull=True,
    ).select_related("member", "body")
    ahead = outstanding.filter(
        swn_report_due_on__gte=add_months(start, SWN_NOTICE_MONTHS) - SLACK,
        swn_report_due_on__lte=add_months(today, SWN_NOTICE_MONTHS) + SLACK)
    for certificate in ahead:
        due_on = add_months(certificate.swn_report_due_on, -SWN_NOTICE_MONTHS)
        if is_due(today, due_on, last_on=certificate.swn_report_due_on):
            _run(counts, "swn_report", _swn_reminder, certificate, f"{SWN_NOTICE_MONTHS}m",
                 False, today)
    late = outstanding.filter(swn_report_due_on__gte=start - ONE_DAY,
                              swn_report_due_on__lt=today, valid_until__gte=today)
    for certificate in late:
        if is_due(today, certificate.swn_report_due_on + ONE_DAY):
            _run(counts, "swn_report", _swn_reminder, certificate, "late", True, today)


# --- R-F3 plans of approach -------------------------------------------------------------------

def _plan_reminder(finding, deadline: dt.date, today) -> int:
    return to.queue_to_all(
        template="plan-deadline-reminder", recipients=to.member_recipients(finding.member),
        context={"finding": finding, "deadline": deadline}, audience=to.MEMBER,
        key=f"reminder:plan:{finding.pk}:{deadline.isoformat()}", member=finding.member,
        rule_id="R-F3", today=today)


def _due_deadlines(clock: str, today: dt.date, notice: dt.timedelta):
    """The open deadlines of ``clock`` (the deadline registry, ``core.deadlines``) whose
    reminder, ``notice`` before the deadline, is due today or within the grace period."""
    return [deadline for deadline in open_deadlines(
                today=today, clocks_=[clock], due_from=today - grace() + notice,
                due_to=today + notice)
            if is_due(today, deadline.on - notice, last_on=deadline.on)]


def _plan_reminders(today: dt.date, counts: Counter) -> None:
    """R-F3: two weeks before the plan deadline; none while a plan is under review or
    approved (the clock ``findings.plan`` says which plans are still due)."""
    for deadline in _due_deadlines("findings.plan", today, TWO_WEEKS):
        _run(counts, "plan", _plan_reminder, deadline.subject, deadline.on, today)


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
        queued += to.queue_to_all(
            template="investigation-reminder", recipients=to.member_recipients(finding.member),
            context=context, audience=to.MEMBER, key=key, member=finding.member,
            rule_id=investigation.rule_id or "R-F4", today=today)
    return queued


def _investigation_reminders(today: dt.date, counts: Counter) -> None:
    for deadline in _due_deadlines("findings.investigation", today, TWO_WEEKS):
        _run(counts, "investigation", _investigation_reminder, deadline.subject, today)


# --- R-S4 the board's appeal deadline ---------------------------------------------------------

def _appeal_reminder(appeal, today) -> int:
    member = appeal.suspension.member
    return to.queue_to_all(
        template="appeal-deadline-reminder", recipients=to.role_recipients(Role.BOARD),
        context={"appeal": appeal, "member_name": member.name,
                 "board_deadline": appeal.board_deadline},
        audience=to.BOARD, key=f"reminder:appeal:{appeal.pk}:14d", member=member,
        rule_id="R-S4", today=today)


def _appeal_reminders(today: dt.date, counts: Counter) -> None:
    for deadline in _due_deadlines("suspensions.appeal_board", today, APPEAL_WARNING):
        _run(counts, "appeal", _appeal_reminder, deadline.subject, today)


# --- R-K2 complaint deadlines -----------------------------------------------------------------

def _complaint_reminder(complaint, step: str, deadline: dt.date, today) -> int:
    key = f"reminder:complaint:{complaint.pk}:{step}"
    if step == "resolve":
        key += f":{deadline.isoformat()}"  # a new promised date is a new reminder
    return to.queue_to_all(
        template="complaint-deadline-reminder", recipients=to.role_recipients(Role.BUREAU),
        context={"complaint": complaint, "step": step, "deadline": deadline},
        audience=to.BUREAU, key=key, member=complaint.member, rule_id="R-K2", today=today)


def _complaint_reminders(today: dt.date, counts: Counter) -> None:
    """R-K2: one working day before the response deadline, five before the (promised)
    resolution date; the clocks ``complaints.respond`` and ``complaints.resolve`` say which
    complaints still have them."""
    horizon = today + dt.timedelta(days=14)  # 5 working days are at most ~11 calendar days
    for clock, step, notice in (("complaints.respond", "respond", COMPLAINT_RESPOND_NOTICE_DAYS),
                                ("complaints.resolve", "resolve", COMPLAINT_RESOLVE_NOTICE_DAYS)):
        for deadline in open_deadlines(today=today, clocks_=[clock], due_from=today,
                                       due_to=horizon):
            if is_due(today, working_days_before(deadline.on, notice), last_on=deadline.on):
                _run(counts, "complaint", _complaint_reminder, deadline.subject, step,
                     deadline.on, today)


REMINDERS = [
    _certificate_reminders, _swn_reminders, _plan_reminders, _investigation_reminders,
    _appeal_reminders, _complaint_reminders,
]


def reminders_send(*, today: dt.date) -> dict[str, int]:
    """Queue every reminder due on ``today`` (see the module docstring); returns how many
    messages each kind queued now. Idempotent: a second run the same day (or any later run)
    queues nothing that was queued before."""
    counts: Counter = Counter({name: 0 for name in (
        "certificate", "certificate_expired", "swn_report", "plan", "investigation", "appeal",
        "complaint", "errors")})
    for reminders in REMINDERS:
        reminders(today, counts)
    return dict(counts)
