"""E-mail through the outbox (R-Z6: every message is sent once, retried when it fails, and
never lost).

Other apps call :func:`notification_queue` inside their service's transaction; the message is
rendered and stored there, and handed to the Celery task (:mod:`notifications.tasks`) only after
the commit. The task calls :func:`notifications.sending.notification_send`, which *claims* the
row before it talks to the mail server, so a second worker, a redelivered message
(``acks_late``) or a rerun never sends it twice. The modules import one way:
``services → tasks → sending``.
"""

import datetime as dt
import json
import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import RuleViolation
from core.history import save_with_history
from core.messages import stored
from core.models import Role

from .links import object_url
from .models import Notification, NotificationStatus
from .sending import CLAIM_TIMEOUT
from .tasks import send_notification

logger = logging.getLogger(__name__)

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

def _send_on_commit(notification_id: int) -> None:
    """Hand the message to the task after the commit. ``robust``: a broker that is down (or an
    eager send that fails) must not turn the caller's committed change into an error; the row
    stays pending or failed and :func:`notifications.tasks.notifications_retry_due` picks it up. (A closure, not a
    ``functools.partial``: Django logs a robust callback's failure by its ``__qualname__``.)"""

    def send_after_commit():
        send_notification.delay(notification_id)

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
    # Issue #18: every message links to the page of the object it concerns.
    context = {**context, "url": object_url(context=context, user=user, member=member,
                                            audience=context.get("audience", ""))}
    render_context = {"recipient_name": name, "member": member, **context}
    subject, text, html = notification_render(template=template, context=render_context,
                                              language=language)
    notification = Notification(
        recipient_email=email, recipient_name=(name or "")[:200], recipient=user,
        language=language, template=template,
        context=_jsonable(context), subject=subject[:255], body_text=text, body_html=html,
        member=member, key=key or None,
    )
    try:
        # A savepoint: a concurrent queue of the same key makes the insert fail without
        # breaking the caller's transaction.
        with transaction.atomic():
            save_with_history(notification, actor=actor, reason=stored("in wachtrij: %(template)s", template=template))
            if attachments:
                notification.attachments.set(attachments)
    except IntegrityError:
        if not key:
            raise
        return Notification.objects.get(key=key)
    _send_on_commit(notification.pk)
    return notification


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
        save_with_history(notification, actor=actor, reason=stored("handmatig opnieuw aangeboden"))
        _send_on_commit(notification.pk)
    return notification
