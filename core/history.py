"""Change history (R-0.4) wired through django-simple-history.

Every domain model inherits :class:`core.models.DomainModel`, which carries
``HistoricalRecords(inherit=True)``. Services save through :func:`save_with_history` so each
history row names the acting user and why the change happened.
"""

from django.db import models

ELLIPSIS = "…"


def _fit_reason(obj: models.Model, reason: str) -> str:
    """The change reason cut to the history column's length (100 characters by default).

    SQLite ignores a ``varchar`` length, PostgreSQL refuses a longer value: without this a
    long reason would pass the SQLite tests and break the service in production."""
    reason = str(reason)
    history = getattr(type(obj), "history", None)
    if history is None:
        return reason
    max_length = history.model._meta.get_field("history_change_reason").max_length
    if max_length and len(reason) > max_length:
        return reason[: max_length - len(ELLIPSIS)] + ELLIPSIS
    return reason


def save_with_history(obj: models.Model, *, actor, reason: str, **save_kwargs) -> models.Model:
    """Save ``obj`` recording ``actor`` and ``reason`` on the history row it writes (R-0.4)."""
    obj._history_user = actor
    obj._change_reason = _fit_reason(obj, reason)
    obj.save(**save_kwargs)
    return obj
