"""Thin Celery wrapper for the R-S7 notice (:func:`suspensions.emails.suspension_notice_send`),
acknowledged late and retried on transient database errors; the keys make a rerun safe."""

from celery import shared_task

from notifications.tasks import DB_RETRY

from . import emails


@shared_task(**DB_RETRY)
def queue_suspension_notice(notice_id: int) -> int:
    """R-S7: queue the notice of a suspension to every member or convenant partner."""
    return emails.suspension_notice_send(notice_id=notice_id)
