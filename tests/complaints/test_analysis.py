"""R-K4: the periodic analysis of complaints — by subject, by CI, by member, lead times in
working days, deadlines missed."""

import datetime as dt

import pytest

from complaints.selectors import complaint_analysis
from complaints.services import complaint_acknowledge, complaint_resolve, complaint_respond
from tests.complaints.factories import at, register

D = dt.date
pytestmark = pytest.mark.django_db


def handle(complaint, bea, *, responded, resolved=None):
    complaint_respond(complaint=complaint, response="…", actor=bea, today=responded)
    if resolved:
        complaint_resolve(complaint=complaint, outcome="…", actor=bea, today=resolved)


@pytest.fixture
def first_quarter(bea, body_a, body_b, member_x):
    """Four complaints received in the first quarter of 2026 and one in April."""
    on_time = register(by=bea, body=body_a, received_at=at(2026, 3, 6))
    complaint_acknowledge(complaint=on_time, at=at(2026, 3, 6, 14), actor=bea,
                          today=D(2026, 3, 6))
    handle(on_time, bea, responded=D(2026, 3, 12), resolved=D(2026, 4, 1))   # 4 and 18 days
    late = register(by=bea, body=body_a, received_at=at(2026, 3, 2), channel="phone")
    handle(late, bea, responded=D(2026, 3, 10), resolved=D(2026, 5, 4))      # 6 and 42 days
    register(by=bea, body=body_b, received_at=at(2026, 2, 10))               # never handled
    spoken = register(by=bea, member=member_x, received_at=at(2026, 3, 20),
                      channel="in_person")
    handle(spoken, bea, responded=D(2026, 3, 23), resolved=D(2026, 3, 30))   # 1 and 6 days
    register(by=bea, member=member_x, received_at=at(2026, 4, 2))            # next quarter


def test_r_k4_counts_by_subject_body_member_and_channel(first_quarter, body_a, body_b,
                                                        member_x):
    """R-K4: counts by subject body member and channel."""
    analysis = complaint_analysis(start=D(2026, 1, 1), end=D(2026, 3, 31),
                                  as_of=D(2026, 6, 30))
    assert analysis.total == 4
    assert analysis.by_subject_kind == {"body": 3, "member": 1}
    assert analysis.by_body == [(body_a, 2), (body_b, 1)]
    assert analysis.by_member == [(member_x, 1)]
    assert analysis.by_channel == {"email": 2, "phone": 1, "in_person": 1}


def test_r_k4_lead_times_in_working_days(first_quarter):
    """R-K4: lead times in working days."""
    analysis = complaint_analysis(start=D(2026, 1, 1), end=D(2026, 3, 31),
                                  as_of=D(2026, 6, 30))
    assert (analysis.response_median, analysis.response_mean) == (4, 3.7)
    assert (analysis.resolution_median, analysis.resolution_mean) == (18, 22.0)


def test_r_k4_number_past_deadline(first_quarter):
    """R-K4: The phone complaint of 2 March was answered after 5 working days and resolved after
    34; the e-mail of 10 February was never acknowledged, answered or resolved."""
    analysis = complaint_analysis(start=D(2026, 1, 1), end=D(2026, 3, 31),
                                  as_of=D(2026, 6, 30))
    assert analysis.past_deadline == {"acknowledgement": 1, "response": 2, "resolution": 2}
    assert analysis.past_any_deadline == 2


def test_r_k4_per_body_for_the_yearly_evaluation(first_quarter, body_a):
    """R-K4: per body for the yearly evaluation."""
    analysis = complaint_analysis(start=D(2026, 1, 1), end=D(2026, 12, 31), body=body_a,
                                  as_of=D(2026, 6, 30))
    assert analysis.total == 2
    assert analysis.past_any_deadline == 1


def test_r_k4_period_bounds_are_inclusive_amsterdam_days(bea, member_x):
    """R-K4: period bounds are inclusive Amsterdam days."""
    register(by=bea, member=member_x, received_at=at(2026, 3, 31, 23, 30))
    register(by=bea, member=member_x, received_at=at(2026, 1, 1, 0, 15))
    assert complaint_analysis(start=D(2026, 1, 1), end=D(2026, 3, 31)).total == 2
    assert complaint_analysis(start=D(2026, 4, 1), end=D(2026, 4, 30)).total == 0


def test_r_k4_empty_period(db):
    """R-K4: empty period."""
    analysis = complaint_analysis(start=D(2026, 1, 1), end=D(2026, 3, 31))
    assert analysis.total == 0
    assert analysis.response_median is None
