#!/usr/bin/env python
"""The import of an existing register (issue #12) — not a test.

    .venv/bin/python bench/register_import.py [--members 10000]
                                              [--database-url postgres://…] [--markdown]

Builds a throw-away database as ``bench/run.py`` does and a workbook
(``bench.import_data``): ``--members`` members, each with a contact, a past audit and a
current certificate (every tenth member also the certificate it renews, R-Z3), one body and
one auditor. Measures the check alone (``--dry-run``), the import (check plus the writing
transaction), and a second import of the same file (which changes nothing), each with the
peak of Python allocations (``tracemalloc``, a separate run of the check) and the process's
peak resident size.
"""

import argparse
import datetime as dt
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import _cpu, _database_label, _setup  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=10000)
    parser.add_argument("--database-url", help="a PostgreSQL server to use instead of SQLite")
    parser.add_argument("--markdown", action="store_true", help="print the README table")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="keurmerk-bench-") as tmp:
        workdir = Path(tmp)
        vendor, base = _setup(workdir, args.database_url)
        import time_machine

        from api.imports import engine
        from api.imports.reader import ImportFile
        from bench.data import TODAY, create_schema
        from bench.databases import Databases
        from bench.import_data import rows_for, write_workbook
        from core.dates import AMSTERDAM
        from core.models import Role, User, UserRole

        databases = Databases(vendor=vendor, base=base, workdir=workdir)
        databases.create_base()
        try:
            create_schema()
            database = _database_label(vendor)
            bea = User.objects.create_user(email="bea@nvvk.example", password="x",
                                           full_name="Bea Bureau")
            UserRole.objects.create(user=bea, role=Role.BUREAU)
            path = workdir / "register.xlsx"
            rows = rows_for(args.members, today=TODAY)
            n_rows = sum(len(r) for r in rows.values())
            write_workbook(path, rows)
            del rows
            size = path.stat().st_size
            results = []
            with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10), AMSTERDAM),
                                     tick=True):
                tracemalloc.start()
                engine.run(ImportFile(path), actor=bea, today=TODAY)
                _, check_peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                for label, write in (("Check only (`--dry-run`)", False),
                                     ("Import (check, then write in one transaction)", True),
                                     ("Second import of the same file (changes nothing)",
                                      True)):
                    start = time.perf_counter()
                    report = engine.run(ImportFile(path), actor=bea, today=TODAY,
                                        write=write)
                    elapsed = time.perf_counter() - start
                    assert report.ok, report.errors[:3]
                    counts = {k: dict(v) for k, v in report.counts.items()}
                    created = sum(c.get("create", 0) for c in counts.values())
                    results.append((label, elapsed, created))
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        finally:
            databases.drop_all()

    print(f"{database}; Python {platform.python_version()}; {_cpu()}")
    print(f"{args.members} members, {n_rows} rows, workbook {size / 1024 / 1024:.1f} MiB")
    if args.markdown:
        print("\n| What | Time | Rows created |\n|---|---|---|")
        for label, elapsed, created in results:
            print(f"| {label} | {elapsed:.1f} s | {created} |")
        print(f"| Peak Python memory of the check (tracemalloc) | {check_peak / 2**20:.1f} MiB "
              "| |")
        print(f"| Peak resident size of the benchmark process | {rss:.0f} MiB | everything "
              "above |")
    else:
        for label, elapsed, created in results:
            print(f"{label}: {elapsed:.1f} s ({created} created)")
        print(f"peak Python memory (check): {check_peak / 2**20:.1f} MiB; peak RSS {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
