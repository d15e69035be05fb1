"""The daily jobs over a large register: ``sweep_deadlines`` (01:30) and ``reminders_send``
(07:00) on ``data.TODAY``, each run twice — the first run does the day's work, the second
finds it done (idempotent) and shows the steady-state cost.

Time is measured without tracing; the peak of Python allocations is measured by a second
pass with ``tracemalloc`` on a fresh copy of the same database (tracing slows a run down),
and the process's peak resident size comes from ``resource.getrusage``."""

import resource
import shutil
import time
import tracemalloc

from django.db import connections


def _use_database(path) -> None:
    connections.close_all()
    connections["default"].settings_dict["NAME"] = str(path)


def _timed(function, **kwargs):
    start = time.perf_counter()
    result = function(**kwargs)
    return time.perf_counter() - start, result


def _traced(function, **kwargs) -> float:
    tracemalloc.start()
    function(**kwargs)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def bench_daily_jobs(*, database, workdir) -> dict:
    from core.sweep import sweep_deadlines
    from notifications.reminders import reminders_send

    from .data import TODAY

    timed_db, traced_db = workdir / "timed.sqlite3", workdir / "traced.sqlite3"
    connections.close_all()
    shutil.copyfile(database, timed_db)
    shutil.copyfile(database, traced_db)

    _use_database(timed_db)
    sweep_first, sweep_report = _timed(sweep_deadlines, today=TODAY)
    sweep_again, _report = _timed(sweep_deadlines, today=TODAY)
    reminders_first, reminders_report = _timed(reminders_send, today=TODAY)
    reminders_again, _report = _timed(reminders_send, today=TODAY)

    _use_database(traced_db)
    sweep_peak = _traced(sweep_deadlines, today=TODAY)
    reminders_peak = _traced(reminders_send, today=TODAY)
    _use_database(database)
    return {
        "sweep_first_s": sweep_first,
        "sweep_again_s": sweep_again,
        "sweep_peak_mb": sweep_peak,
        "sweep_report": sweep_report,
        "reminders_first_s": reminders_first,
        "reminders_again_s": reminders_again,
        "reminders_peak_mb": reminders_peak,
        "reminders_report": reminders_report,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
