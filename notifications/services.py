"""E-mail through the outbox (R-Z6: every message is sent once, retried when it fails, and
never lost).

Other apps call :func:`notification_queue` inside their service's transaction; the message is
rendered and stored there, and handed to the Celery task only after the commit. The task calls
:func:`notification_send`, which *claims* the row before it talks to the mail server, so a
second worker, a redelivered message (``acks_late``) or a rerun never sends it twice.

Delivery is at-least-once in one corner only: a worker that dies after the mail server accepted
the message but before the row is marked sent leaves it in ``sending``; after
``CLAIM_TIMEOUT`` :func:`notifications_retry_due` sends it again. The ``Message-ID`` is the same
on every attempt, so mail software recognises such a duplicate.
"""

import datetime as dt
import json
import logging
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.dates import local_date
from core.exceptions import RuleViolation
from core.flags import flag_raise, flag_resolve
from core.history import save_with_history
from core.models import FlagAudience, Role

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


# --- rendering --------------------------------------------------------------------------

class _ContextEncoder(DjangoJSONEncoder):
    """Keep a readable trace of the rendering context; model instances become references."""

    def default(self, o):
        if isinstance(o, models.Model):
            return {"model": o._meta.label, "pk": o.pk, "str": str(o)}
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _jsonable(context: dict) -> dict:
    return json.loads(json.dumps(context, cls=_ContextEncoder))


def _language(language, user) -> str:
    available = {code for code, _name in settings.LANGUAGES}
    for candidate in (language, getattr(user, "language", None), settings.LANGUAGE_CODE):
        if candidate in available:
            return candidate
    return settings.LANGUAGE_CODE


def _recipient(to):
    """``(email, user, name)`` for a :class:`~core.models.User`, an object with ``email`` (and
    perhaps ``user``) such as a ``Contact`` or an ``Auditor``, or a bare address."""
    user_model = get_user_model()
    if isinstance(to, user_model):
        return to.email, to, to.full_name
    if isinstance(to, str):
        return to, None, ""
    email = getattr(to, "email", "")
    if not email:
        raise ValueError(f"no e-mail address for {to!r}")
    user = getattr(to, "user", None)
    if not isinstance(user, user_model):
        user = None
    return email, user, getattr(to, "name", "") or getattr(user, "full_name", "")


def notification_render(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render ``templates/emails/<template>-subject.txt``, ``-body.txt`` and ``-body.html`` in
    ``language``; returns ``(subject, text, html)``. Text templates extend
    ``emails/base-body.txt``, which turns autoescaping off."""
    context = {"site_url": settings.SITE_URL, "LANGUAGE_CODE": language, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}-subject.txt", context)
        text = render_to_string(f"emails/{template}-body.txt", context)
        html = render_to_string(f"emails/{template}-body.html", context)
    subject = " ".join(subject.split())  # a header: one line
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return subject, text, html


# --- queueing -----------------------------------------------------------------------------

def _schedule_send(notification_id: int) -> None:
    from .tasks import send_notification  # the task module imports this one

    send_notification.delay(notification_id)


def _schedule_send_on_commit(notification_id: int) -> None:
    """Hand the message to the task after the commit. ``robust``: a broker that is down (or an
    eager send that fails) must not turn the caller's committed change into an error; the row
    stays pending or failed and :func:`notifications_retry_due` picks it up. (A closure, not a
    ``functools.partial``: Django logs a robust callback's failure by its ``__qualname__``.)"""

    def send_after_commit():
        _schedule_send(notification_id)

    transaction.on_commit(send_after_commit, robust=True)


def notification_queue(*, template: str, to, context: dict, language: str | None = None,
                       member=None, key: str | None = None, attachments=(),
                       actor=None) -> Notification:
    """Render and store one e-mail; the Celery task sends it after the surrounding transaction
    commits. ``to`` is a User, a Contact/Auditor (anything with ``email``) or an address.
    With a ``key`` the message is queued once: a second call returns the first message
    unchanged (R-Z6: each reminder is sent once). ``attachments`` are ``core.Document``\\ s."""
    if key:
        existing = Notification.objects.filter(key=key).first()
        if existing is not None:
            return existing
    email, user, name = _recipient(to)
    language = _language(language, user)
    render_context = {"recipient_name": name, "member": member, **context}
    subject, text, html = notification_render(template=template, context=render_context,
                                              language=language)
    notification = Notification(
        recipient_email=email, recipient=user, language=language, template=template,
        context=_jsonable(context), subject=subject[:255], body_text=text, body_html=html,
        member=member, key=key or None,
    )
    try:
        # A savepoint: a concurrent queue of the same key makes the insert fail without
        # breaking the caller's transaction.
        with transaction.atomic():
            save_with_history(notification, actor=actor, reason=f"in wachtrij: {template}")
            if attachments:
                notification.attachments.set(attachments)
    except IntegrityError:
        if not key:
            raise
        return Notification.objects.get(key=key)
    _schedule_send_on_commit(notification.pk)
    return notification


# --- sending ------------------------------------------------------------------------------

def _message_id(notification: Notification) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "keurmerk.invalid"
    return f"<keurmerk.notification.{notification.pk}@{domain}>"


def _email(notification: Notification) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient_email],
        connection=get_connection(fail_silently=False),
        headers={
            "Content-Language": notification.language,
            "Message-ID": _message_id(notification),
            "Auto-Submitted": "auto-generated",
        },
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
        save_with_history(notification, actor=None, reason="verzonden")
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
                          reason=f"poging {notification.attempts} mislukt")
        if gave_up:
            # R-Z6: a failed e-mail is reported, never lost.
            flag_raise(
                key=_flag_key(notification_id), rule_id="R-Z6", audience=FlagAudience.BUREAU,
                message=_("R-Z6: e-mail kon niet worden verzonden: “%(subject)s” aan "
                          "%(email)s (%(attempts)d pogingen)") % {
                    "subject": notification.subject, "email": notification.recipient_email,
                    "attempts": notification.attempts},
                today=local_date(now), member=notification.member, subject=notification,
            )
    return gave_up


def notification_retry(*, notification: Notification, actor,
                       now: dt.datetime | None = None) -> Notification:
    """The bureau offers a message again by hand (R-Z6), also after the last automatic
    attempt; it is sent after commit."""
    now = now or timezone.now()
    if not actor.has_role(Role.BUREAU):
        raise RuleViolation("R-Z6", _("Alleen het verenigingsbureau kan een bericht opnieuw "
                                      "versturen."))
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification.pk)
        if notification.status == NotificationStatus.SENT:
            raise RuleViolation("R-Z6", _("Dit bericht is al verzonden; het wordt niet nog "
                                          "eens verstuurd."))
        if (notification.status == NotificationStatus.SENDING
                and notification.claimed_at and notification.claimed_at >= now - CLAIM_TIMEOUT):
            raise RuleViolation("R-Z6", _("Dit bericht wordt op dit moment verzonden."))
        notification.status = NotificationStatus.PENDING
        notification.next_attempt_at = now
        save_with_history(notification, actor=actor, reason="handmatig opnieuw aangeboden")
        _schedule_send_on_commit(notification.pk)
    return notification


def notifications_retry_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Hand every message that is due to the send task again (R-Z6: none is lost): failed ones
    whose ``next_attempt_at`` passed and that have automatic attempts left, pending ones whose
    task was lost, and claims of workers that died. Idempotent: the claim decides who sends."""
    now = now or timezone.now()
    due = list(
        Notification.objects.filter(
            Q(status=NotificationStatus.FAILED, attempts__lt=MAX_ATTEMPTS,
              next_attempt_at__lte=now)
            | Q(status=NotificationStatus.PENDING, updated_at__lt=now - PENDING_GRACE)
            | Q(status=NotificationStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
        ).order_by("pk").values_list("pk", flat=True)
    )
    scheduled = 0
    for notification_id in due:
        try:
            _schedule_send(notification_id)
        except Exception:  # eager mode re-raises the send's error; the row stays due
            logger.exception("could not hand notification %s to the send task",
                             notification_id)
            continue
        scheduled += 1
    return {"scheduled": scheduled}
