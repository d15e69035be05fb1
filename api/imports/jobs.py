"""An import run as a job (issue #12): the check or the import of one uploaded file runs in the
worker (``api.tasks.register_import``; in-process where Celery runs eagerly) and reports its
progress — the sheet and the rows done — in the cache, which the bureau's page polls."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from . import engine
from .reader import FileError, ImportFile
from .report import Report

#: How long a job's state stays readable (seconds).
JOB_TTL = 6 * 3600
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


def folder() -> Path:
    """Where uploaded files wait between the steps (outside any served directory)."""
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _key(job_id: str) -> str:
    return f"register-import:{job_id}"


def job_state(job_id: str | None) -> dict | None:
    return cache.get(_key(job_id)) if job_id else None


def _save(job_id: str, state: dict) -> None:
    cache.set(_key(job_id), state, JOB_TTL)


def job_create(*, upload: dict, user_id: int, write: bool) -> str:
    """A new job for the session's upload (``token``, ``name``, ``sheet``, ``mapping``)."""
    job_id = uuid.uuid4().hex
    _save(job_id, {"status": QUEUED, "write": write, "user_id": user_id, "upload": upload,
                   "sheet": "", "done": 0, "report": None, "error": ""})
    return job_id


def job_run(job_id: str) -> str:
    """Run the job: check (and with ``write`` import) the file, recording progress."""
    from core.models import User

    state = job_state(job_id)
    if state is None or state["status"] in (RUNNING, DONE):
        return state["status"] if state else FAILED
    upload = state["upload"]
    state.update(status=RUNNING)
    _save(job_id, state)

    def progress(sheet, done):
        state.update(sheet=str(sheet.label), done=done)
        _save(job_id, state)

    try:
        import_file = ImportFile(folder() / upload["token"], name=upload["name"],
                                 csv_sheet=upload.get("sheet") or None)
        report = engine.run(import_file, actor=User.objects.get(pk=state["user_id"]),
                            mapping=upload.get("mapping"), write=state["write"],
                            progress=progress)
    except FileError as error:
        state.update(status=FAILED, error=str(error))
    except FileNotFoundError:
        state.update(status=FAILED, error=_("Het bestand is niet meer beschikbaar; upload het "
                                            "opnieuw."))
    else:
        state.update(status=DONE, report=report.as_data())
    _save(job_id, state)
    return state["status"]


def job_report(state: dict) -> Report | None:
    return Report.from_data(state["report"]) if state and state.get("report") else None
