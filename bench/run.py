#!/usr/bin/env python
"""Keurmerk benchmarks (issue #5) — not tests.

    .venv/bin/python bench/run.py [--certificates 50000] [--renders 20]
                                  [--database-url postgres://…] [--markdown]

Builds a throw-away database — a SQLite file in a temporary directory, or with
``--database-url`` a database of its own on that PostgreSQL server, dropped afterwards — so
the development database and ``DATABASE_URL`` are never touched. Then it measures

1. the warm render time of a certificate PDF (R-Z7): one warm-up, then ``--renders``;
2. the daily sweep (``core.sweep.sweep_deadlines``) and the daily reminders
   (``notifications.reminders.reminders_send``) over ``--certificates`` generated
   certificates (``bench.data``): seconds for the catch-up run, a normal day and a rerun,
   and peak memory (``bench.sweep``).

``--markdown`` prints the figures as the table kept in README.md (## Benchmarks).
"""

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup(workdir: Path, database_url: str | None) -> tuple[str, str]:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_MEDIA"] = str(workdir / "media")
    if database_url:
        base = f"keurmerk_bench_{os.getpid()}"
        os.environ["BENCH_DATABASE_URL"] = database_url
        vendor = "postgresql"
    else:
        base = str(workdir / "bench.sqlite3")
        vendor = "sqlite"
    os.environ["BENCH_DB"] = base
    import django

    django.setup()
    return vendor, base


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _database_label(vendor: str) -> str:
    from django.db import connection

    if vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (file on local disk)"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def _counts(report: dict, *keys) -> str:
    return ", ".join(f"{report.get(key, 0)} {label}" for key, label in keys)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--certificates", type=int, default=50_000)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--database-url", help="a PostgreSQL server to use instead of SQLite")
    parser.add_argument("--markdown", action="store_true", help="print the README table")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="keurmerk-bench-") as tmp:
        workdir = Path(tmp)
        vendor, base = _setup(workdir, args.database_url)
        from bench.data import create_schema, generate
        from bench.databases import Databases
        from bench.pdf import bench_certificate_pdf
        from bench.sweep import bench_daily_jobs

        databases = Databases(vendor=vendor, base=base, workdir=workdir)
        databases.create_base()
        try:
            create_schema()
            database = _database_label(vendor)
            start = time.perf_counter()
            created = generate(certificates=args.certificates)
            generate_s = time.perf_counter() - start
            pdf = bench_certificate_pdf(renders=args.renders)
            daily = bench_daily_jobs(databases)
        finally:
            databases.drop_all()

    machine = f"{os.cpu_count()} cores ({_cpu()}), Python {platform.python_version()}"
    sweep, reminders = daily["sweep"], daily["reminders"]
    swept = [
        ("certificates", "certificates_expired", "expired"),
        ("certificates", "members_without_certificate", "members flagged (R-M3)"),
    ]

    def sweep_counts(report):
        return ", ".join(f"{report[app].get(key, 0)} {label}" for app, key, label in swept)

    def reminder_counts(report):
        return _counts(report, ("certificate", "before the end"),
                       ("certificate_expired", "after it"))

    def number(value: int) -> str:
        return f"{value:,}".replace(",", " ")

    if args.markdown:
        print(f"Measured on {dt.date.today().isoformat()}: {machine}, {database}; "
              f"{number(created['certificates'])} certificates of "
              f"{number(created['members'])} members.\n")
        print("| What | Time | Work done |")
        print("|---|---|---|")
        print(f"| Certificate PDF, warm render (n = {pdf['renders']}) | mean "
              f"{pdf['mean_ms']:.0f} ms, median {pdf['median_ms']:.0f} ms | min "
              f"{pdf['min_ms']:.0f} ms, max {pdf['max_ms']:.0f} ms; first render "
              f"{pdf['cold_ms']:.0f} ms; {pdf['pdf_bytes'] // 1024} KiB, 22 scope items |")
        print(f"| Daily sweep, normal day | {sweep['daily_s']:.2f} s | "
              f"{sweep_counts(sweep['daily'])} |")
        print(f"| Daily sweep, rerun the same day | {sweep['rerun_s']:.2f} s | nothing |")
        print(f"| Daily sweep, first run ever (30 days to catch up) | "
              f"{sweep['catch_up_s']:.2f} s | {sweep_counts(sweep['catch_up'])} |")
        print(f"| Daily reminders, normal day | {reminders['daily_s']:.2f} s | "
              f"{reminder_counts(reminders['daily'])}, rendered and sent |")
        print(f"| Daily reminders, rerun the same day | {reminders['rerun_s']:.2f} s | "
              f"nothing |")
        print(f"| Daily reminders, first run ever (14-day grace) | "
              f"{reminders['catch_up_s']:.2f} s | {reminder_counts(reminders['catch_up'])} |")
        print(f"| Peak Python memory (tracemalloc), sweep / reminders | "
              f"{sweep['peak_mb']:.1f} MiB / {reminders['peak_mb']:.1f} MiB | normal day |")
        print(f"| Peak resident size of the benchmark process | "
              f"{daily['max_rss_mb']:.0f} MiB | everything above |")
        return 0

    print(f"Keurmerk benchmarks — {dt.date.today().isoformat()} — {machine} — {database}")
    print(f"generated {created['members']} members, {created['audits']} audits, "
          f"{created['certificates']} certificates in {generate_s:.1f} s")
    print(f"certificate PDF: warm render mean {pdf['mean_ms']:.1f} ms, median "
          f"{pdf['median_ms']:.1f} ms over {pdf['renders']} (min {pdf['min_ms']:.1f}, max "
          f"{pdf['max_ms']:.1f}; first {pdf['cold_ms']:.0f} ms; {pdf['pdf_bytes']} bytes)")
    for name, result, counts in (("sweep_deadlines", sweep, sweep_counts),
                                 ("reminders_send", reminders, reminder_counts)):
        print(f"{name}: normal day {result['daily_s']:.2f} s ({counts(result['daily'])}), "
              f"rerun {result['rerun_s']:.2f} s, first run ever {result['catch_up_s']:.2f} s "
              f"({counts(result['catch_up'])}), peak {result['peak_mb']:.1f} MiB")
    print(f"process peak RSS {daily['max_rss_mb']:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
