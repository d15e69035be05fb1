#!/usr/bin/env python
"""Keurmerk benchmarks (issue #5) — not tests.

    .venv/bin/python bench/run.py [--certificates 50000] [--renders 20] [--markdown]

Builds a throw-away SQLite database in a temporary directory (``bench.settings``; the
development database and ``DATABASE_URL`` are never touched), then measures

1. the warm render time of a certificate PDF (R-Z7): one warm-up, then ``--renders`` renders;
2. the daily sweep (``core.sweep.sweep_deadlines``) and the daily reminders
   (``notifications.reminders.reminders_send``) over ``--certificates`` generated
   certificates: seconds for the first run and for an idempotent rerun, peak memory.

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


def _setup(workdir: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    database = workdir / "bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_DB"] = str(database)
    os.environ["BENCH_MEDIA"] = str(workdir / "media")
    import django

    django.setup()
    return database


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--certificates", type=int, default=50_000)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--markdown", action="store_true",
                        help="print the README table")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="keurmerk-bench-") as tmp:
        workdir = Path(tmp)
        database = _setup(workdir)
        from bench.data import create_schema, generate
        from bench.pdf import bench_certificate_pdf
        from bench.sweep import bench_daily_jobs

        create_schema()
        start = time.perf_counter()
        created = generate(certificates=args.certificates)
        generate_s = time.perf_counter() - start
        pdf = bench_certificate_pdf(renders=args.renders)
        daily = bench_daily_jobs(database=database, workdir=workdir)

    machine = (f"{os.cpu_count()} cores, {_cpu()}, Python {platform.python_version()}, "
               f"SQLite")
    sweep = daily["sweep_report"]["certificates"]
    reminders = daily["reminders_report"]
    if args.markdown:
        print(f"Measured {dt.date.today().isoformat()} on {machine}.\n")
        print("| What | Figure |")
        print("|---|---|")
        print(f"| Certificate PDF, warm render (n={pdf['renders']}) | mean "
              f"{pdf['mean_ms']:.0f} ms, median {pdf['median_ms']:.0f} ms "
              f"(min {pdf['min_ms']:.0f}, max {pdf['max_ms']:.0f}; first render "
              f"{pdf['cold_ms']:.0f} ms; {pdf['pdf_bytes'] // 1024} KiB) |")
        print(f"| Daily sweep, {created['certificates']:,} certificates, first run | "
              f"{daily['sweep_first_s']:.2f} s ({sweep['certificates_expired']} expired, "
              f"{sweep['members_without_certificate']} members flagged) |")
        print(f"| Daily sweep, rerun the same day (nothing to do) | "
              f"{daily['sweep_again_s']:.2f} s |")
        print(f"| Daily sweep, peak Python memory (tracemalloc) | "
              f"{daily['sweep_peak_mb']:.1f} MiB |")
        print(f"| Daily reminders, first run | {daily['reminders_first_s']:.2f} s "
              f"({reminders['certificate']} before the end, "
              f"{reminders['certificate_expired']} after it) |")
        print(f"| Daily reminders, rerun | {daily['reminders_again_s']:.2f} s |")
        print(f"| Daily reminders, peak Python memory | {daily['reminders_peak_mb']:.1f} MiB |")
        print(f"| Benchmark process, peak resident size | {daily['max_rss_mb']:.0f} MiB |")
        return 0

    print(f"Keurmerk benchmarks — {dt.date.today().isoformat()} — {machine}")
    print(f"generated {created['members']:,} members, {created['audits']:,} audits, "
          f"{created['certificates']:,} certificates in {generate_s:.1f} s")
    print(f"certificate PDF: warm render mean {pdf['mean_ms']:.1f} ms, median "
          f"{pdf['median_ms']:.1f} ms over {pdf['renders']} (min {pdf['min_ms']:.1f}, max "
          f"{pdf['max_ms']:.1f}; first render {pdf['cold_ms']:.0f} ms, {pdf['pdf_bytes']} bytes)")
    print(f"sweep_deadlines: first run {daily['sweep_first_s']:.2f} s, rerun "
          f"{daily['sweep_again_s']:.2f} s, peak {daily['sweep_peak_mb']:.1f} MiB "
          f"(tracemalloc) — {sweep}")
    print(f"reminders_send:  first run {daily['reminders_first_s']:.2f} s, rerun "
          f"{daily['reminders_again_s']:.2f} s, peak {daily['reminders_peak_mb']:.1f} MiB "
          f"— {reminders}")
    print(f"process peak RSS {daily['max_rss_mb']:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
