"""Reads of the outbox: a member's e-mails on its timeline (R-Z6: each reminder is visible)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import local_date
from core.timeline import TimelineEvent

from .models import Notification, NotificationStatus

# The rule each message belongs to, shown on the timeline.
TEMPLATE_RULES = {
    "application-received": "R-M1",
    "application-decided": "R-M2",
    "membership-resigned": "R-M2",
    "audit-planned": "R-U2",
    "report-definitive": "R-U2",
    "review-sent-back": "R-C4",
    "finding-recorded": "R-F1",
    "plan-assessed": "R-F3",
    "finding-escalated": "R-F8",
    "advice-given": "R-F7",
    "certificate-issued": "R-Z7",
    "certificate-reminder": "R-Z6",
    "swn-report-reminder": "R-Z2",
    "swn-report-received": "R-Z2",
    "combined-audit-registered": "R-Z2",
    "combined-audit-requested": "R-Z2",
    "postponement-decided": "R-Z4",
    "plan-deadline-reminder": "R-F3",
    "investigation-reminder": "R-F4",
    "hearing-summons": "R-S1",
    "suspension-decided": "R-S3",
    "appeal-received": "R-S3",
    "appeal-decided": "R-S4",
    "appeal-deadline-reminder": "R-S4",
    "suspension-notice": "R-S7",
    "complaint-acknowledged": "R-K2",
    "complaint-received": "R-K1",
    "complaint-deadline-reminder": "R-K2",
}

# Internal messages about a member (to its auditor, the bureau, the board, the directeur)
# show only their audience on the member's timeline, never an internal address (R-A2).
AUDIENCE_LABELS = {
    "auditor": gettext_lazy("aan de auditor"),
    "bureau": gettext_lazy("aan het verenigingsbureau"),
    "director": gettext_lazy("aan de directeur"),
    "board": gettext_lazy("aan het bestuur"),
    "partner": gettext_lazy("aan de convenantpartners"),
    "complainant": gettext_lazy("aan de klager"),
}


def _detail(notification) -> str:
    audience = (notification.context or {}).get("audience")
    if audience in AUDIENCE_LABELS:
        return str(AUDIENCE_LABELS[audience])
    return notification.recipient_email


def timeline_events(*, member, today) -> list[TimelineEvent]:
    """Every e-mail sent to or about ``member``; a message that failed shows as such."""
    events = []
    notifications = Notification.objects.filter(
        member=member, status__in=[NotificationStatus.SENT, NotificationStatus.FAILED],
    ).only("subject", "recipient_email", "status", "template", "context", "sent_at",
           "updated_at")
    for notification in notifications:
        if notification.status == NotificationStatus.SENT:
            on = local_date(notification.sent_at)
            title = _("E-mail verzonden: %(subject)s") % {"subject": notification.subject}
        else:
            on = local_date(notification.updated_at)
            title = _("E-mail nog niet verzonden: %(subject)s") % {
                "subject": notification.subject}
        events.append(TimelineEvent(
            on=on, title=title, rule_id=TEMPLATE_RULES.get(notification.template, ""),
            detail=_detail(notification),
        ))
    return events
