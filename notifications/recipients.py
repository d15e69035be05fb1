"""Who receives a message, and queueing one message to several of them (R-Z6).

Every recipient gets a notification of its own, with a key of its own derived from the
message's base key (``reminder:certificate:12:7m`` → ``reminder:certificate:12:7m:c34``), so
the outbox's unique key makes each message go out once per recipient however often the sweep,
a rerun or a redelivered task queues it.

A recipient without an e-mail address is skipped. When nobody at all can be reached the bureau
gets a flag instead (R-Z6: "reported, never lost"), so a reminder never disappears silently.

This module knows no domain app (issue #10): the recipients that need a domain model live with
their app, e.g. a member's contact persons in :mod:`members.recipients`.

``audience`` is stored in the message's context: the member timeline shows the address of a
message to the member's own contacts, but only the audience ("aan het bestuur") for internal
messages about the member (R-A2: no internal addresses, no complainant's data on a member's
pages).
"""

import hashlib
import logging

from django.contrib.auth import get_user_model
from django.db import transaction

from core.dates import today as amsterdam_today
from core.flags import flag_raise
from core.messages import stored
from core.models import FlagAudience

from .models import Notification
from .services import notification_queue

logger = logging.getLogger(__name__)

# The audiences a message can be meant for (stored in ``Notification.context["audience"]``).
MEMBER = "member"
AUDITOR = "auditor"
BUREAU = "bureau"
DIRECTOR = "director"
BOARD = "board"
COMPLAINANT = "complainant"
PARTNER = "partner"


def _email_of(recipient) -> str:
    if isinstance(recipient, str):
        return recipient.strip()
    return (getattr(recipient, "email", "") or "").strip()


def recipient_key(recipient) -> str:
    """A short, stable suffix naming the recipient inside a message key."""
    user_model = get_user_model()
    if isinstance(recipient, str):
        digest = hashlib.sha256(recipient.strip().lower().encode()).hexdigest()[:16]
        return f"e{digest}"
    if isinstance(recipient, user_model):
        return f"u{recipient.pk}"
    prefix = {"Contact": "c", "Auditor": "a"}.get(type(recipient).__name__, "o")
    return f"{prefix}{recipient.pk}"


def unique_by_email(recipients) -> list:
    """``recipients`` with an e-mail address, each address once, in their order."""
    seen, unique = set(), []
    for recipient in recipients:
        email = _email_of(recipient).lower()
        if email and email not in seen:
            seen.add(email)
            unique.append(recipient)
    return unique


def role_recipients(*roles) -> list:
    """Active users holding one of ``roles`` (bureau, board, …), each once."""
    users = (get_user_model().objects.filter(is_active=True, roles__role__in=roles)
             .exclude(email="").distinct().order_by("email"))
    return unique_by_email(users)


def auditor_recipients(*auditors) -> list:
    """The given auditors (``None`` skipped) with an e-mail address, each once."""
    return unique_by_email(a for a in auditors if a is not None and a.active)


def queue_to_all(*, template: str, recipients, context: dict, key: str, audience: str,
                 member=None, attachments=(), rule_id: str = "R-Z6", today=None) -> int:
    """Queue ``template`` to each of ``recipients`` under ``key:<recipient>``; returns how many
    messages were queued now (0 on a rerun). All of one message or none: one transaction.

    Without any reachable recipient the bureau gets the flag ``notification:unreachable:<key>``
    naming ``rule_id`` (raised once)."""
    recipients = [r for r in recipients if _email_of(r)]
    if not recipients:
        flag_raise(
            key=f"notification:unreachable:{key}"[:120], rule_id=rule_id,
            audience=FlagAudience.BUREAU, member=member, today=today or amsterdam_today(),
            message=(stored("%(rule)s: bericht ‘%(template)s’ kon niet worden verstuurd: geen "
                            "e-mailadres bekend van %(member)s.",
                            rule=rule_id, template=template, member=member) if member else
                     stored("%(rule)s: bericht ‘%(template)s’ kon niet worden verstuurd: geen "
                            "e-mailadres bekend.", rule=rule_id, template=template)),
        )
        logger.warning("no recipient with an e-mail address for %s", key)
        return 0
    queued = 0
    with transaction.atomic():
        for recipient in recipients:
            recipient_message_key = f"{key}:{recipient_key(recipient)}"
            if Notification.objects.filter(key=recipient_message_key).exists():
                continue
            notification_queue(
                template=template, to=recipient, member=member, key=recipient_message_key,
                attachments=attachments, context={**context, "audience": audience})
            queued += 1
    return queued


def queue_to_role(*, template: str, role: str, audience: str, key: str, context: dict,
                  rule_id: str, member=None) -> int:
    """Queue ``template`` to every active user holding ``role`` (:func:`queue_to_all`)."""
    return queue_to_all(template=template, recipients=role_recipients(role), context=context,
                        key=key, audience=audience, member=member, rule_id=rule_id)
