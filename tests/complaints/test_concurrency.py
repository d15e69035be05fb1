"""Two complaints registered at the same moment (PostgreSQL) get distinct references."""

import threading

import pytest
from django.db import connections

from complaints.models import Complaint
from tests.complaints.factories import register


@pytest.mark.django_db(transaction=True)
def test_r_k1_simultaneous_registrations_get_distinct_references(postgres, bea, member_x):
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            register(by=bea, member=member_x)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Complaint.objects.values_list("reference", flat=True)) == [
        "K-2026-0001", "K-2026-0002"]
