"""``sweep_deadlines(today)``: the daily pass that never lets a deadline slip.

It calls each app's idempotent sweep in dependency order: members (R-M1 board not yet
informed) and audits (R-C1 audits outside a contract), then findings (R-F3 escalations,
R-F4/R-F5 overdue investigations), then certificates (expiry and the R-M3 flag), suspensions
(R-S5 ends without decision, R-S4 board deadlines) and complaints (R-K2). Running it twice on
the same day changes nothing the second time. Celery beat runs it daily (issue #5); locally
``manage.py sweep_deadlines`` does.
"""

import datetime as dt
from importlib import import_module

SWEEPS = [
    ("members", "members_sweep"),
    ("audits", "audits_sweep"),
    ("findings", "findings_sweep"),
    ("certificates", "certificates_sweep"),
    ("suspensions", "suspensions_sweep"),
    ("complaints", "complaints_sweep"),
]


def sweep_deadlines(today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """Run every app's sweep for ``today`` (Amsterdam date) and report what each did."""
    from core.dates import today as amsterdam_today

    today = today or amsterdam_today()
    report: dict[str, dict[str, int]] = {}
    for app, name in SWEEPS:
        sweep = getattr(import_module(f"{app}.services"), name)
        report[app] = sweep(today=today)
    return report
