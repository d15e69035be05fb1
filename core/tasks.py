"""Thin Celery wrappers around the daily sweep (``core.sweep.sweep_deadlines``) and the pruning
of stale failed-login counts (``core.login_throttle``).

Beat runs it at 01:30 Amsterdam time, before the 07:00 reminders. The sweep is idempotent, so a
redelivered task (``acks_late``) or a retry after a transient database error is harmless."""

import datetime as dt

from celery import shared_task
from django.db import OperationalError

from .login_throttle import prune_login_throttles
from .sweep import sweep_deadlines
from .task_limits import time_limits


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=60,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=5,
    **time_limits("batch"),
)
def sweep_deadlines_task(today: str | None = None) -> dict[str, dict[str, int]]:
    """``today`` as ``YYYY-MM-DD`` pins the date (default: today in Amsterdam)."""
    return sweep_deadlines(dt.date.fromisoformat(today) if today else None)


@shared_task(acks_late=True, **time_limits())
def prune_login_throttles_task() -> int:
    """Daily: forget failed-login counts that no longer hold a cool-off (issue #17)."""
    return prune_login_throttles()
