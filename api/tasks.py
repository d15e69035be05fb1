"""Celery side of the register import (issue #12): the job runs in the worker, the page polls."""

from celery import shared_task

from core.task_limits import time_limits

from .imports import jobs


@shared_task(**time_limits("batch"))
def register_import(job_id: str) -> str:
    return jobs.job_run(job_id)
