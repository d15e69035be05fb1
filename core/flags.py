"""Raising flags idempotently: the sweep may run any number of times a day."""

from django.contrib.contenttypes.models import ContentType

from .history import save_with_history
from .models import Flag


def flag_raise(*, key, rule_id, audience, message, today, member=None, subject=None,
               due_on=None) -> tuple[Flag, bool]:
    """Raise the flag ``key`` once; return ``(flag, created)``."""
    defaults = {
        "rule_id": rule_id, "audience": audience, "message": str(message)[:300],
        "member": member, "due_on": due_on, "raised_on": today,
    }
    if subject is not None:
        defaults["subject_type"] = ContentType.objects.get_for_model(subject)
        defaults["subject_id"] = subject.pk
    return Flag.objects.get_or_create(key=key, defaults=defaults)


def flag_resolve(*, key, today, actor=None) -> int:
    """Mark the open flag ``key`` resolved (with history); returns how many changed."""
    changed = 0
    for flag in Flag.objects.select_for_update().filter(key=key, resolved_on__isnull=True):
        flag.resolved_on = today
        save_with_history(flag, actor=actor, reason="resolved")
        changed += 1
    return changed


def flags_resolve_for_member(*, member, key_prefix: str, today, actor=None) -> int:
    """Resolve the member's open flags whose key starts with ``key_prefix`` (for example
    ``"R-M3:options:"`` once the directeur has paused or suspended): a decision taken ends the
    question the flag asked."""
    changed = 0
    flags = Flag.objects.select_for_update().filter(
        member=member, key__startswith=key_prefix, resolved_on__isnull=True)
    for flag in flags:
        flag.resolved_on = today
        save_with_history(flag, actor=actor, reason=f"afgehandeld: {key_prefix.rstrip(':')}")
        changed += 1
    return changed
