"""The worker's side of the outbox (R-Z6): claim a message, talk to the mail server, record
the outcome. :mod:`notifications.tasks` runs this; :mod:`notifications.services` stores and
schedules messages and never sends itself, so the modules import one way:
``services → tasks → sending``.

Delivery is at-least-once in one corner only: a worker that dies after the mail server accepted
the message but before the row is marked sent leaves it in ``sending``; after
``CLAIM_TIMEOUT`` :func:`notifications.tasks.notifications_retry_due` sends it again. The
``Message-ID`` is the same on every attempt, so mail software recognises such a duplicate.

What mail providers check (RFC 5322/2047, issue #18): the ``Message-ID`` is the random one
stored with the message (``Notification.message_id``), under the site's domain; ``Date``
carries the real Amsterdam offset; the recipient has a display name; a non-ASCII subject is
folded as encoded words from its first line on; reminders, which a person may not want,
carry ``List-Unsubscribe`` with the person's account page.
"""

import datetime as dt
import logging
from email.header import Header
from email.message import Message
from email.utils import format_datetime, formataddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.dates import AMSTERDAM, local_date
from core.flags import flag_raise, flag_resolve
from core.history import save_with_history
from core.messages import stored, stored_plural
from core.models import FlagAudience

from .models import Notification, NotificationStatus

logger = logging.getLogger(__name__)

# R-Z6 "retried and reported": attempt n failed → next attempt after 5 min · 2^(n-1), at most
# 6 hours apart; after MAX_ATTEMPTS (about 10½ hours of trying) the bureau gets a flag.
MAX_ATTEMPTS = 8
BACKOFF_BASE = dt.timedelta(minutes=5)
BACKOFF_MAX = dt.timedelta(hours=6)
# A claim older than this belongs to a worker that died mid-send; the row may be claimed again.
CLAIM_TIMEOUT = dt.timedelta(minutes=15)
# A pending row not claimed within this time lost its task (e.g. the broker was down at commit).
PENDING_GRACE = dt.timedelta(minutes=10)


#: Messages a person may opt out of: the reminders (their keys start with this).
OPTIONAL_PREFIX = "reminder:"


def _message_id(notification: Notification) -> str:
    if notification.message_id:
        return notification.message_id
    domain = urlsplit(settings.SITE_URL).hostname or "keurmerk.invalid"  # rows before #18
    return f"<keurmerk.notification.{notification.pk}@{domain}>"


class _Message(EmailMultiAlternatives):
    """Django's message with the subject folded the way RFC 2047 means it: Django encodes a
    non-ASCII subject without knowing the header's name, so the first line stays empty."""

    def message(self):
        message = super().message()
        del message["Subject"]
        charset = "us-ascii" if self.subject.isascii() else "utf-8"
        # Past Django's __setitem__, which would turn the Header back into a string.
        Message.__setitem__(message, "Subject",
                            Header(self.subject, charset, header_name="Subject"))
        return message


def _headers(notification: Notification) -> dict:
    headers = {
        "Content-Language": notification.language,
        "Message-ID": _message_id(notification),
        "Date": format_datetime(timezone.localtime(timezone.now(), AMSTERDAM)),
        "Auto-Submitted": "auto-generated",
    }
    if notification.recipient_name:
        headers["To"] = formataddr((notification.recipient_name, notification.recipient_email))
    if (notification.key or "").startswith(OPTIONAL_PREFIX):
        headers["List-Unsubscribe"] = f"<{settings.SITE_URL}{reverse('account_email')}>"
    return headers


def _email(notification: Notification) -> EmailMultiAlternatives:
    message = _Message(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient_email],  # the envelope; the To header has the name
        connection=get_connection(fail_silently=False),
        headers=_headers(notification),
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    for document in notification.attachments.all():
        with document.file.open("rb") as handle:
            message.attach(document.original_name, handle.read(), document.mime_type)
    return message


def _backoff(attempts: int) -> dt.timedelta:
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def _flag_key(notification_id: int) -> str:
    return f"notification:{notification_id}:failed"


def notification_claim(*, notification_id: int, now: dt.datetime) -> bool:
    """Claim the message for sending; ``True`` when this caller won it.

    One conditional ``UPDATE … WHERE status IN ('pending', 'failed')`` (or a claim left behind
    by a dead worker), checked by its row count — the healthchecks ``sendalerts`` pattern.
    This ``QuerySet.update()`` is the deliberate exception to "never update() a domain model":
    the claim must be a single statement that decides between racing workers and commits
    before the slow SMTP conversation; ``select_for_update`` would hold a row lock across it.
    It writes no history row, but nothing is lost: ``attempts`` counts the claims and the
    outcome (sent or failed) is saved with history right after."""
    claimable = (Q(status__in=[NotificationStatus.PENDING, NotificationStatus.FAILED])
                 | Q(status=NotificationStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT))
    claimed = Notification.objects.filter(claimable, pk=notification_id).update(
        status=NotificationStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1,
        updated_at=now,
    )
    return claimed == 1


def notification_send(*, notification_id: int, now: dt.datetime | None = None) -> bool:
    """Claim and send one message; ``True`` when this call delivered it, ``False`` when another
    worker has it, it was sent already, or it failed for the last time (R-Z6: the bureau is
    flagged). Any other failure marks it failed with the error and the next attempt, then
    re-raises so the Celery task retries."""
    now = now or timezone.now()
    if not notification_claim(notification_id=notification_id, now=now):
        return False
    notification = Notification.objects.prefetch_related("attachments").get(pk=notification_id)
    try:
        _email(notification).send()
    except Exception as exc:
        if _mark_failed(notification_id=notification_id, error=exc, now=now):
            logger.error("notification %s failed for the last time: %s", notification_id, exc)
            return False
        raise
    _mark_sent(notification_id=notification_id)
    return True


def _mark_sent(*, notification_id: int) -> None:
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        notification.status = NotificationStatus.SENT
        notification.sent_at = timezone.now()
        notification.next_attempt_at = None
        save_with_history(notification, actor=None, reason=stored("verzonden"))
        if notification.attempts > 1:
            flag_resolve(key=_flag_key(notification_id), today=local_date(notification.sent_at))


def _mark_failed(*, notification_id: int, error: BaseException, now: dt.datetime) -> bool:
    """Record the failure; ``True`` when no automatic attempt is left (R-Z6: flag raised)."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        gave_up = notification.attempts >= MAX_ATTEMPTS
        notification.status = NotificationStatus.FAILED
        notification.last_error = f"{type(error).__name__}: {error}"[:2000]
        notification.next_attempt_at = None if gave_up else now + _backoff(notification.attempts)
        save_with_history(notification, actor=None,
                          reason=stored("poging %(n)s mislukt", n=notification.attempts))
        if gave_up:
            # R-Z6: a failed e-mail is reported, never lost.
            flag_raise(
                key=_flag_key(notification_id), rule_id="R-Z6", audience=FlagAudience.BUREAU,
                message=stored_plural(
                    "R-Z6: e-mail kon niet worden verzonden: “%(subject)s” aan %(email)s "
                    "(%(n)d poging)",
                    "R-Z6: e-mail kon niet worden verzonden: “%(subject)s” aan %(email)s "
                    "(%(n)d pogingen)",
                    n=notification.attempts, subject=notification.subject,
                    email=notification.recipient_email),
                today=local_date(now), member=notification.member, subject=notification,
            )
    return gave_up


def notifications_due(*, now: dt.datetime) -> list[int]:
    """The ids of every message that is due to be handed to the send task again (R-Z6: none is
    lost): failed ones whose ``next_attempt_at`` passed and that have automatic attempts left,
    pending ones whose task was lost, and claims of workers that died."""
    return list(
        Notification.objects.filter(
            Q(status=NotificationStatus.FAILED, attempts__lt=MAX_ATTEMPTS,
              next_attempt_at__lte=now)
            | Q(status=NotificationStatus.PENDING, updated_at__lt=now - PENDING_GRACE)
            | Q(status=NotificationStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
        ).order_by("pk").values_list("pk", flat=True)
    )
