"""The daily reminders of certificates (R-Z6: the certificate's end; R-Z2: the SWN report),
registered with :func:`notifications.reminders.reminder` (``CertificatesConfig.ready``) and
run by ``notifications.tasks.send_reminders``; see :mod:`notifications.reminders` for when a
reminder is due and why it is sent once."""

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db.models import Exists, OuterRef

from core.dates import add_months
from members.models import MEMBERSHIP_STATES
from members.recipients import queue_to_member
from notifications.reminders import ONE_DAY, grace, is_due, reminder, run, sent_keys

from .models import Certificate, CertificateState
from .selectors import valid_on

#: R-Z2: the SWN report is announced one month ahead.
SWN_NOTICE_MONTHS = 1
# add_months clamps month ends, so the reverse of a month step can be off by up to 3 days.
SLACK = dt.timedelta(days=3)


def certificate_offsets() -> list[int]:
    """R-Z6: the configured months before ``valid_until``, largest first, each once."""
    return sorted({int(n) for n in settings.CERTIFICATE_REMINDER_MONTHS}, reverse=True)


def _certificate_key(certificate, label: str) -> str:
    return f"reminder:certificate:{certificate.pk}:{label}"


def _certificate_reminder(certificate, label: str, expired: bool, today) -> int:
    return queue_to_member(
        "certificate-reminder", certificate.member,
        context={"certificate": certificate, "expired": expired},
        key=_certificate_key(certificate, label), rule_id="R-Z6", today=today)


@reminder("certificate", "certificate_expired")
def certificate_reminders(today: dt.date, counts: Counter) -> None:
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

    sent = sent_keys("certificate-reminder", [c.member_id for _n, c, _l, _e in due])
    for counter, certificate, label, expired in due:
        if _certificate_key(certificate, label) not in sent:
            run(counts, counter, _certificate_reminder, certificate, label, expired, today)


# --- R-Z2 SWN report --------------------------------------------------------------------------

def _swn_reminder(certificate, label: str, late: bool, today) -> int:
    return queue_to_member(
        "swn-report-reminder", certificate.member,
        context={"certificate": certificate, "due_on": certificate.swn_report_due_on,
                 "late": late},
        key=f"reminder:swn-report:{certificate.pk}:{label}", rule_id="R-Z2", today=today)


@reminder("swn_report")
def swn_reminders(today: dt.date, counts: Counter) -> None:
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
            run(counts, "swn_report", _swn_reminder, certificate, f"{SWN_NOTICE_MONTHS}m",
                 False, today)
    late = outstanding.filter(swn_report_due_on__gte=start - ONE_DAY,
                              swn_report_due_on__lt=today, valid_until__gte=today)
    for certificate in late:
        if is_due(today, certificate.swn_report_due_on + ONE_DAY):
            run(counts, "swn_report", _swn_reminder, certificate, "late", True, today)
