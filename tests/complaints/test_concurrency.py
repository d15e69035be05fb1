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
