"""Change history (R-0.4) wired through django-simple-history.

Every domain model inherits :class:`core.models.DomainModel`, which carries
``HistoricalRecords(inherit=True)``. Services save through :func:`save_with_history` so each
history row names the acting user and why the change happened.
"""

from django.db import models


def save_with_history(obj: models.Model, *, actor, reason: str, **save_kwargs) -> models.Model:
    """Save ``obj`` recording ``actor`` and ``reason`` on the history row it writes."""
    obj._history_user = actor
    obj._change_reason = reason
    obj.save(**save_kwargs)
    return obj
