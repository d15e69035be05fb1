"""Change history (R-0.4) wired through django-simple-history.

Every domain model inherits :class:`core.models.DomainModel`, which carries
``HistoricalRecords(inherit=True)``. Services save through :func:`save_with_history` so each
history row names the acting user and why the change happened.
"""

from django.db import models

from .messages import reason_text, render_stored


def _fit_reason(obj: models.Model, reason) -> str:
    """The change reason cut to the history column's length (100 characters by default).

    SQLite ignores a ``varchar`` length, PostgreSQL refuses a longer value: without this a
    long reason would pass the SQLite tests and break the service in production. A
    :class:`core.messages.StoredMessage` is kept as its JSON form so the history page shows
    it in the reader's language (issue #9); see :func:`change_reason_text`."""
    history = getattr(type(obj), "history", None)
    max_length = (history.model._meta.get_field("history_change_reason").max_length
                  if history is not None else None)
    return reason_text(reason, max_length)


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
