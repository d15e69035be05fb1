"""Complaint references (R-K1) come from a locked counter per year (issue #13): a reference
given outside the counter is skipped, each year starts at 0001, and a row the database still
refuses is a refusal to try again, never a server error. The burst of twenty simultaneous
registrations is in test_concurrency.py (PostgreSQL)."""

from unittest import mock

import pytest
from django.db import IntegrityError

from complaints.models import Complaint, ComplaintReferenceCounter
from core.exceptions import RuleViolation
from tests.complaints.factories import at, register


def test_r_k1_references_follow_the_counter_and_skip_one_already_in_use(bea, member_x):
    """R-K1: the counter skips a reference already in use."""
    first = register(by=bea, member=member_x)
    Complaint.objects.filter(pk=first.pk).update(reference="K-2026-0002")

    assert register(by=bea, member=member_x).reference == "K-2026-0003"
    assert ComplaintReferenceCounter.objects.get(year=2026).last_number == 3


def test_r_k1_each_year_of_receipt_has_its_own_sequence(bea, member_x):
    """R-K1: each year of receipt starts at 0001."""
    register(by=bea, member=member_x)
    assert register(by=bea, member=member_x,
                    received_at=at(2027, 1, 5)).reference == "K-2027-0001"


def test_r_k1_the_counter_starts_at_the_highest_reference_in_use(bea, member_x):
    """R-K1: references from before the counter existed are not handed out again."""
    register(by=bea, member=member_x)
    ComplaintReferenceCounter.objects.all().delete()
    Complaint.objects.update(reference="K-2026-0041")

    assert register(by=bea, member=member_x).reference == "K-2026-0042"


def test_r_k1_a_refused_row_is_a_refusal_not_a_server_error(bea, member_x):
    """R-K1 / issue #13: an IntegrityError never escapes; nothing is stored."""
    with mock.patch("complaints.services.save_with_history",
                    side_effect=IntegrityError("duplicate key")), \
            pytest.raises(RuleViolation) as refusal:
        register(by=bea, member=member_x)

    assert refusal.value.rule_id == "R-K1"
    assert not Complaint.objects.exists()
