"""The daily jobs over a large register: ``sweep_deadlines`` (beat, 01:30) and
``reminders_send`` (07:00) on ``data.TODAY``, each on a fresh copy of the generated data:

- *catch-up*: the very first run, which also does everything of the 30 days before (every
  lapsed certificate expires at once; the reminders of the 14-day grace period go out);
- *daily*: yesterday's run done first (not timed), then today's — the normal day's work;
- *rerun*: today's run once more, finding everything done (idempotent).

Time is measured without tracing; the peak of Python allocations (``tracemalloc``, which
slows a run down) in a separate pass over another fresh copy; the process's peak resident
size comes from ``resource.getrusage``. E-mail is queued *and* sent in-process (eager tasks,
the in-memory backend), so the reminder figures include rendering and sending each message.
"""

import datetime as dt
import resource
import time
import tracemalloc


def _timed(function, **kwargs):
    start = time.perf_counter()
    result = function(**kwargs)
    return time.perf_counter() - start, result


def _peak_mb(function, **kwargs) -> float:
    tracemalloc.start()
    function(**kwargs)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def bench_job(job, databases, name: str) -> dict:
    from .data import TODAY

    yesterday = TODAY - dt.timedelta(days=1)
    databases.use(databases.clone(f"{name}_catchup"))
    catch_up_s, catch_up = _timed(job, today=TODAY)

    databases.use(databases.clone(f"{name}_daily"))
    job(today=yesterday)
    daily_s, daily = _timed(job, today=TODAY)
    rerun_s, _rerun = _timed(job, today=TODAY)

    databases.use(databases.clone(f"{name}_traced"))
    job(today=yesterday)
    peak_mb = _peak_mb(job, today=TODAY)
    databases.use(databases.base)
    return {"catch_up_s": catch_up_s, "catch_up": catch_up, "daily_s": daily_s,
            "daily": daily, "rerun_s": rerun_s, "peak_mb": peak_mb}


def bench_daily_jobs(databases) -> dict:
    from core.sweep import sweep_deadlines
    from notifications.reminders import reminders_send

    return {
        "sweep": bench_job(sweep_deadlines, databases, "sweep"),
        "reminders": bench_job(reminders_send, databases, "reminders"),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
