"""``sweep_deadlines(today)``: the daily pass that never lets a deadline slip.

It calls each app's idempotent sweep in dependency order: members (R-M1 board not yet
informed) and audits (R-C1 audits outside a contract), then findings (R-F3 escalations,
R-F4/R-F5 overdue investigations), then certificates (expiry and the R-M3 flag), suspensions
(R-S5 ends without decision, R-S4 board deadlines) and complaints (R-K2). Running it twice on
the same day changes nothing the second time. Celery beat runs it daily (issue #5); locally
``manage.py sweep_deadlines`` does.

The ground floor knows no app (issue #10): each app registers its sweep here from its
``AppConfig.ready()`` with :func:`register_sweep`, in plain sight. Django calls ``ready()`` in
``INSTALLED_APPS`` order, which is the order of the floors, so the sweeps run lowest first.
"""

import datetime as dt
from collections.abc import Callable

#: (app label, sweep(today=...) -> counts), in registration order.
SWEEPS: list[tuple[str, Callable[..., dict[str, int]]]] = []


def register_sweep(app: str, sweep: Callable[..., dict[str, int]]) -> None:
    """Add ``app``'s daily sweep (idempotent, ``sweep(today=...)``); once per app."""
    if any(label == app for label, _ in SWEEPS):
        raise ValueError(f"{app} registered its sweep twice")
    SWEEPS.append((app, sweep))


def sweep_deadlines(today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """Run every app's sweep for ``today`` (Amsterdam date) and report what each did."""
    from core.dates import today as amsterdam_today

    today = today or amsterdam_today()
    report: dict[str, dict[str, int]] = {}
    for app, sweep in SWEEPS:
        report[app] = sweep(today=today)
    return report
