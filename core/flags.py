"""Raising and resolving flags (R-N1): the sweep may run any number of times a day.

A flag asks a person to act on a situation; its ``key`` names the situation, so raising it
again is a no-op. A flag closes itself: the service that ends the situation resolves it with
the reason (:func:`flag_resolve`). When the same situation returns after it was resolved (a
member whose suspension is lifted while it still has no certificate, R-M3), ``again=True``
raises a fresh flag (key ``<key>#<n>``) instead of finding the resolved one. Staff may also
resolve a flag by hand with a reason (:func:`flag_resolve_by_hand`, issue #9)."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .exceptions import RuleViolation
from .history import save_with_history
from .messages import as_message, source_text, stored
from .models import Flag, Role
from .rules import require_role, require_text

#: The reason stored when a caller gives none.
RESOLVED = "afgehandeld"


def _text_and_data(value, max_length: int) -> tuple[str, dict | None]:
    """A flag's text field (Dutch) and its stored message (issue #9) for ``value``."""
    message = as_message(value)
    return (source_text(value)[:max_length],
            message.as_data() if message is not None else None)


def _same_situation(key: str) -> Q:
    """The flag ``key`` and the fresh flags raised for it again (``key#2``, ``key#3`` …)."""
    return Q(key=key) | Q(key__startswith=f"{key}#")


def flag_raise(*, key, rule_id, audience, message, today, member=None, subject=None,
               due_on=None, again: bool = False) -> tuple[Flag, bool]:
    """Raise the flag ``key`` once; return ``(flag, created)``.

    ``again``: the condition returned after its flag was resolved; raise a fresh flag unless
    one for this situation is still open. ``message`` is a
    :class:`core.messages.StoredMessage`, read in the reader's language (issue #9)."""
    text, data = _text_and_data(message, 300)
    defaults = {
        "rule_id": rule_id, "audience": audience, "message": text, "message_data": data,
        "member": member, "due_on": due_on, "raised_on": today,
    }
    if subject is not None:
        defaults["subject_type"] = ContentType.objects.get_for_model(subject)
        defaults["subject_id"] = subject.pk
    if again:
        flags = Flag.objects.filter(_same_situation(key))
        current = flags.filter(resolved_on__isnull=True).order_by("-pk").first()
        if current is not None:
            return current, False
        raised = flags.count()
        if raised:
            return Flag.objects.create(key=f"{key}#{raised + 1}"[:120], **defaults), True
    return Flag.objects.get_or_create(key=key, defaults=defaults)


def _resolve(flag: Flag, *, today, actor, reason) -> None:
    """``reason``: a StoredMessage (read in the reader's language) or the text staff typed."""
    plain = reason == RESOLVED
    if plain:
        reason = stored("afgehandeld")
    flag.resolved_on = today
    flag.resolution, flag.resolution_data = _text_and_data(reason, 300)
    flag.resolved_by = actor
    save_with_history(flag, actor=actor, reason=stored("signaal afgehandeld") if plain else
                      stored("signaal afgehandeld: %(reason)s", reason=reason))


def flag_resolve(*, key, today, actor=None, reason=RESOLVED) -> int:
    """Mark the open flag ``key`` (and the fresh flags raised for it again) resolved, with
    ``reason`` and history; returns how many changed."""
    changed = 0
    for flag in Flag.objects.select_for_update().filter(_same_situation(key),
                                                        resolved_on__isnull=True):
        _resolve(flag, today=today, actor=actor, reason=reason)
        changed += 1
    return changed


def flags_resolve_for_member(*, member, key_prefix: str, today, actor=None,
                             reason="") -> int:
    """Resolve the member's open flags whose key starts with ``key_prefix`` (for example
    ``"R-M3:options:"`` once the directeur has paused or suspended): a decision taken ends the
    question the flag asked."""
    changed = 0
    flags = Flag.objects.select_for_update().filter(
        member=member, key__startswith=key_prefix, resolved_on__isnull=True)
    for flag in flags:
        _resolve(flag, today=today, actor=actor,
                 reason=reason or stored("afgehandeld: %(reason)s",
                                         reason=key_prefix.rstrip(":")))
        changed += 1
    return changed


@transaction.atomic
def flag_resolve_by_hand(*, flag: Flag, reason: str, actor, today: dt.date | None = None) -> Flag:
    """R-N1: the bureau (or the directeur) resolves a flag by hand, with the reason why it
    needs no further action; the history names who and why. A resolved flag stays resolved;
    if its situation returns, the sweep or the service raises a fresh one."""
    from .dates import today as amsterdam_today

    require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-N1",
                 what=_("een signaal afhandelen"))
    reason = require_text(reason, rule_id="R-N1", message=_(
        "Vermeld waarom het signaal is afgehandeld."))
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.resolved_on is not None:
        raise RuleViolation("R-N1", _("Dit signaal is al afgehandeld."))
    _resolve(flag, today=today or amsterdam_today(), actor=actor, reason=reason)
    return flag
