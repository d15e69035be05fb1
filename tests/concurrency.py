"""Running calls at the same moment in threads, each with its own database connection (for
the PostgreSQL concurrency tests: row locks, claims, unique constraints)."""

import threading

from django.db import connections


def run_together(*calls, timeout: float = 60):
    """Run each call in its own thread, all released at once by a barrier. Returns each call's
    result or the exception it raised, in the order of ``calls``."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - returned to and asserted by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
