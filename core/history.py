"""Change history (R-0.4) wired through django-simple-history.

Every domain model inherits :class:`core.models.DomainModel`, which carries
``HistoricalRecords(inherit=True)``. Services save through :func:`save_with_history` so each
history row names the acting user and why the change happened.
"""

import functools
import json

from django.db import models
from django.db.models import Q

from .messages import REASON_PREFIX, reason_text, render_stored


def _fit_reason(obj: models.Model, reason) -> str:
    """The change reason to store. A :class:`core.messages.StoredMessage` is kept as its JSON
    form so the history page shows it in the reader's language (issue #9; see
    :func:`change_reason_text`); the column is a text since then
    (``SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD``). Should a history column have a
    length, the reason is fitted to it: SQLite ignores a ``varchar`` length, PostgreSQL
    refuses a longer value."""
    return reason_text(reason, _reason_max_length(type(obj)))


@functools.cache
def _reason_max_length(model: type[models.Model]) -> int | None:
    """The length of ``model``'s history change-reason column (None: a text). Cached: the
    ``history`` descriptor builds a new manager class on every access, which a bulk import
    (issue #12) would pay for each row."""
    history = getattr(model, "history", None)
    return (history.model._meta.get_field("history_change_reason").max_length
            if history is not None else None)


def change_reason_text(reason) -> str:
    """A history row's change reason in the reader's language (a plain text as stored)."""
    return render_stored(reason, reason or "")


def save_with_history(obj: models.Model, *, actor, reason, **save_kwargs) -> models.Model:
    """Save ``obj`` recording ``actor`` and ``reason`` (a text or a
    :class:`core.messages.StoredMessage`) on the history row it writes (R-0.4)."""
    obj._history_user = actor
    obj._change_reason = _fit_reason(obj, reason)
    obj.save(**save_kwargs)
    return obj


def reason_starts_with(text: str) -> Q:
    """History rows whose change reason starts with the (Dutch) ``text``, whether stored as a
    plain text (older rows) or as a message whose msgid starts with it."""
    message_start = REASON_PREFIX + json.dumps({"m": text}, ensure_ascii=False,
                                               separators=(",", ":"))[:-2]
    return (Q(history_change_reason__startswith=text)
            | Q(history_change_reason__startswith=message_start))
