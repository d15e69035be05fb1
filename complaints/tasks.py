"""Thin Celery wrapper: the hourly check of the complaint deadlines (R-K2).

The 24-hour acknowledgement deadline is an instant, not a date, so beat runs
``complaints_sweep`` every hour rather than once a day; the sweep is idempotent (flags are
keyed), so most runs change nothing."""

from celery import shared_task
from django.db import OperationalError

from core.dates import today as amsterdam_today
from core.task_limits import time_limits

from .services import complaints_sweep


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=60,
    retry_backoff_max=900,
    retry_jitter=True,
    max_retries=5,
    **time_limits(),
)
def check_complaint_deadlines() -> dict[str, int]:
    return complaints_sweep(today=amsterdam_today())
