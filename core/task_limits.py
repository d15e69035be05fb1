"""Time limits of the Celery tasks (issue #13): every task has a soft and a hard limit.

The project-wide default is ``CELERY_TASK_SOFT_TIME_LIMIT`` / ``CELERY_TASK_TIME_LIMIT``;
tasks of another class pass ``**time_limits("batch")`` or ``**time_limits("mail")`` to
``shared_task`` (``settings.TASK_TIME_LIMITS``)."""

from django.conf import settings


def time_limits(kind: str = "default") -> dict[str, int]:
    """``soft_time_limit`` and ``time_limit`` (seconds) of the task class ``kind``."""
    soft, hard = settings.TASK_TIME_LIMITS[kind]
    return {"soft_time_limit": soft, "time_limit": hard}
