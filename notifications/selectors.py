"""Reads of the outbox: a member's e-mails on its timeline (R-Z6: each reminder is visible)."""

from django.utils.translation import gettext as _

from core.dates import local_date
from core.timeline import TimelineEvent

from .models import Notification, NotificationStatus

# The rule each message belongs to, shown on the timeline.
TEMPLATE_RULES = {
    "application-received": "R-M1",
    "certificate-issued": "R-Z7",
    "certificate-reminder": "R-Z6",
    "plan-deadline-reminder": "R-F3",
    "hearing-summons": "R-S1",
    "suspension-decided": "R-S3",
    "complaint-acknowledged": "R-K2",
}


def timeline_events(*, member, today) -> list[TimelineEvent]:
    """Every e-mail sent to or about ``member``; a message that failed shows as such."""
    events = []
    notifications = Notification.objects.filter(
        member=member, status__in=[NotificationStatus.SENT, NotificationStatus.FAILED],
    ).only("subject", "recipient_email", "status", "template", "sent_at", "updated_at")
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
            detail=notification.recipient_email,
        ))
    return events
