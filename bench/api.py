#!/usr/bin/env python
"""Throughput of the public API's register endpoint (issue #12) — not a test.

    .venv/bin/python bench/api.py [--members 5000] [--requests 200]
                                  [--database-url postgres://…] [--markdown]

Builds a throw-away database as ``bench/run.py`` does (``bench.data.generate``: members in
the register with two certificates each, four bodies) and sends ``--requests`` requests per
scenario through Django's whole stack in-process (``django.test.Client``: URL resolving,
middleware, the view, JSON rendering; no network, no web server, one thread). Scenarios:
the first page of ``/api/v1/members/`` without the cache and with it (``API_CACHE_SECONDS``),
a search, 100 rows a page, a deep page, the verification of a certificate number, and the
whole register as CSV (not cached, and cached). The database is analysed (``ANALYZE``) after
it is generated, as a live database is. Prints requests per second and the median and 95th-percentile time.
"""

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import _cpu, _database_label, _setup  # noqa: E402


def _measure(client, url: str, requests: int) -> dict:
    client.get(url)  # warm-up (and, with the cache on, the one miss)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    total = sum(times)
    times.sort()
    return {"url": url, "rps": requests / total, "median_ms": statistics.median(times) * 1000,
            "p95_ms": times[int(len(times) * 0.95) - 1] * 1000, "bytes": len(response.content)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", help="a PostgreSQL server to use instead of SQLite")
    parser.add_argument("--markdown", action="store_true", help="print the README table")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="keurmerk-bench-") as tmp:
        workdir = Path(tmp)
        vendor, base = _setup(workdir, args.database_url)
        import time_machine
        from django.core.cache import cache
        from django.db import connection
        from django.test import Client, override_settings

        from bench.data import TODAY, create_schema, generate
        from bench.databases import Databases
        from certificates.models import Certificate
        from core.dates import AMSTERDAM

        databases = Databases(vendor=vendor, base=base, workdir=workdir)
        databases.create_base()
        try:
            create_schema()
            database = _database_label(vendor)
            created = generate(certificates=2 * args.members)
            # A live database has planner statistics (PostgreSQL's autovacuum); without them
            # SQLite picks the certificates' state index for the register's per-member
            # subqueries and a sorted page takes seconds instead of milliseconds.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            number = Certificate.objects.order_by("-pk").values_list("number", flat=True)[0]
            client = Client()
            members = "/api/v1/members/"
            middle = max(created["members"] // 50, 1)
            scenarios = [
                ("Members, first page (25), no cache", members, 0),
                ("Members, first page (25), cached", members, 60),
                ("Members, search `q=00042`", f"{members}?q=00042", 0),
                ("Members, 100 a page", f"{members}?page_size=100", 0),
                (f"Members, page {middle} (the middle), sorted by validity",
                 f"{members}?page={middle}&sort=valid_until", 0),
                ("Certificate verification (never cached)", f"/api/v1/certificates/{number}/",
                 0),
            ]
            results = []
            noon = dt.datetime.combine(TODAY, dt.time(12), tzinfo=AMSTERDAM)
            with (time_machine.travel(noon, tick=True),
                  override_settings(ALLOWED_HOSTS=["testserver"])):
                for label, url, seconds in scenarios:
                    cache.clear()
                    with override_settings(API_CACHE_SECONDS=seconds):
                        results.append((label, _measure(client, url, args.requests)))
                for label, seconds in (("no cache", 0), ("cached", 60)):
                    cache.clear()
                    with override_settings(API_CACHE_SECONDS=seconds):
                        results.append((
                            f"Whole register as CSV ({created['members']} rows), {label}",
                            _measure(client, "/register/open-data/ledenregister.csv",
                                     max(args.requests // 20, 3) if not seconds
                                     else args.requests)))
        finally:
            databases.drop_all()

    machine = f"{os.cpu_count()} cores ({_cpu()}), Python {platform.python_version()}"
    if args.markdown:
        print(f"Measured on {dt.date.today().isoformat()}: {machine}, {database}; "
              f"{created['members']} members in the register, in-process "
              f"(django.test.Client, one thread).\n")
        print("| Request | Requests/s | Median | 95th pct | Response |")
        print("|---|---|---|---|---|")
        for label, r in results:
            rps = f"{r['rps']:.1f}" if r["rps"] < 10 else f"{r['rps']:.0f}"
            print(f"| {label} | {rps} | {r['median_ms']:.1f} ms | "
                  f"{r['p95_ms']:.1f} ms | {r['bytes'] // 1024} KiB |")
        return 0
    print(f"Keurmerk API benchmark — {dt.date.today().isoformat()} — {machine} — {database}")
    print(f"{created['members']} members, {created['certificates']} certificates")
    for label, r in results:
        print(f"{label}: {r['rps']:.0f} req/s, median {r['median_ms']:.1f} ms, "
              f"p95 {r['p95_ms']:.1f} ms, {r['bytes']} bytes ({r['url']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
