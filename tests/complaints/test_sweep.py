"""R-K2: the sweep flags overdue acknowledgements, responses and resolutions for the bureau,
idempotently."""

import datetime as dt

import pytest

from complaints.models import Complaint
from complaints.services import (
    complaint_acknowledge,
    complaint_notify_delay,
    complaint_respond,
    complaints_sweep,
)
from core.models import Flag
from tests.complaints.factories import at, register

D = dt.date
pytestmark = pytest.mark.django_db
NOTHING = {"acknowledgements_overdue": 0, "responses_overdue": 0, "resolutions_overdue": 0,
           "expected_dates_passed": 0}


def open_flags(complaint):
    return set(Flag.objects.open().filter(subject_id=complaint.pk, rule_id="R-K2")
               .values_list("key", flat=True))


def test_r_k2_deadlines_flagged_the_day_after_each_one_passes(bea, member_x):
    """R-K2: Received by e-mail on Friday 6 March 2026 10:00: acknowledge by Saturday 7 March 10:00,
    respond by Friday 13 March, resolve by Tuesday 28 April (Easter and King's Day)."""
    complaint = register(by=bea, member=member_x)
    assert complaints_sweep(today=D(2026, 3, 7)) == NOTHING
    assert complaints_sweep(today=D(2026, 3, 8))["acknowledgements_overdue"] == 1
    flag = Flag.objects.get(key=f"complaint-ack-{complaint.pk}")
    assert (flag.audience, flag.rule_id, flag.member) == ("bureau", "R-K2", member_x)
    assert complaints_sweep(today=D(2026, 3, 13))["responses_overdue"] == 0
    assert complaints_sweep(today=D(2026, 3, 14))["responses_overdue"] == 1
    assert complaints_sweep(today=D(2026, 4, 28))["resolutions_overdue"] == 0
    assert complaints_sweep(today=D(2026, 4, 29))["resolutions_overdue"] == 1
    assert Flag.objects.get(key=f"complaint-resolve-{complaint.pk}").due_on == D(2026, 4, 28)


def test_r_k2_sweep_is_idempotent(bea, member_x, body_a):
    """R-K2: sweep is idempotent."""
    register(by=bea, member=member_x)
    register(by=bea, body=body_a, received_at=at(2026, 3, 2))
    first = complaints_sweep(today=D(2026, 5, 1))
    assert first == {"acknowledgements_overdue": 2, "responses_overdue": 2,
                     "resolutions_overdue": 2, "expected_dates_passed": 0}
    flags, rows = Flag.objects.count(), Complaint.history.count()
    assert complaints_sweep(today=D(2026, 5, 1)) == NOTHING
    assert (Flag.objects.count(), Complaint.history.count()) == (flags, rows)


def test_r_k2_spoken_complaints_have_no_acknowledgement_to_flag(bea, member_x):
    """R-K2: spoken complaints have no acknowledgement to flag."""
    register(by=bea, member=member_x, channel="phone")
    assert complaints_sweep(today=D(2026, 3, 9))["acknowledgements_overdue"] == 0


def test_r_k2_acting_resolves_the_flags(bea, member_x):
    """R-K2: acting resolves the flags."""
    complaint = register(by=bea, member=member_x)
    complaints_sweep(today=D(2026, 3, 8))
    complaint_acknowledge(complaint=complaint, at=at(2026, 3, 9, 9), actor=bea,
                          today=D(2026, 3, 9))
    assert open_flags(complaint) == set()
    complaints_sweep(today=D(2026, 3, 16))
    complaint_respond(complaint=complaint, response="…", actor=bea, today=D(2026, 3, 16))
    assert open_flags(complaint) == set()


def test_r_k2_after_the_delay_notice_the_promised_date_is_watched(bea, member_x):
    """R-K2: after the delay notice the promised date is watched."""
    complaint = register(by=bea, member=member_x)
    complaint_respond(complaint=complaint, response="…", actor=bea, today=D(2026, 3, 10))
    complaints_sweep(today=D(2026, 4, 29))
    assert open_flags(complaint) == {f"complaint-resolve-{complaint.pk}"}
    complaint_notify_delay(complaint=complaint, new_expected_on=D(2026, 5, 29), actor=bea,
                           today=D(2026, 4, 29))
    assert open_flags(complaint) == set()
    assert complaints_sweep(today=D(2026, 5, 29)) == NOTHING
    assert complaints_sweep(today=D(2026, 5, 30))["expected_dates_passed"] == 1
    assert open_flags(complaint) == {f"complaint-expected-{complaint.pk}-2026-05-29"}
    assert complaints_sweep(today=D(2026, 5, 30)) == NOTHING
