"""Two complaints registered at the same moment (PostgreSQL) get distinct references."""


import pytest

from complaints.models import Complaint
from tests.complaints.factories import register
from tests.concurrency import run_together


@pytest.mark.django_db(transaction=True)
def test_r_k1_simultaneous_registrations_get_distinct_references(postgres, bea, member_x):
    """R-K1: simultaneous registrations get distinct references."""
    results = run_together(*[lambda: register(by=bea, member=member_x)] * 2)
    assert not [result for result in results if isinstance(result, Exception)]
    assert sorted(Complaint.objects.values_list("reference", flat=True)) == [
        "K-2026-0001", "K-2026-0002"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_k1_a_burst_of_twenty_registrations_all_succeed_with_distinct_references(
        postgres, bea, member_x):
    """R-K1 / issue #13: twenty complaints registered at the same moment all succeed, with
    references K-2026-0001 … K-2026-0020 (the locked counter; no IntegrityError escapes)."""
    results = run_together(*[lambda: register(by=bea, member=member_x)] * 20)

    assert all(isinstance(result, Complaint) for result in results), results
    assert sorted(result.reference for result in results) == [
        f"K-2026-{n:04d}" for n in range(1, 21)]
