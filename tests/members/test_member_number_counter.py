"""Member numbers (R-M2) come from a locked counter row (issue #13): it starts at the highest
number in use and skips a number given outside it. The burst of twenty simultaneous
admissions is in test_concurrency.py (PostgreSQL)."""

from members.models import MemberNumberCounter
from members.services import member_admit
from tests.factories import MemberFactory
from tests.members.factories import ready_for_admission


def test_r_m2_member_numbers_follow_the_counter_and_skip_one_already_in_use(dirk, anna,
                                                                          body_a):
    """R-M2: the counter starts at the highest number in use and skips one taken since."""
    MemberFactory(member_number="L00007")
    first, second = (ready_for_admission(body=body_a, by=anna.user) for _ in range(2))

    assert member_admit(member=first, motivation="Positief.", actor=dirk).member_number == \
        "L00008"
    MemberFactory(member_number="L00009")  # e.g. imported by hand
    assert member_admit(member=second, motivation="Positief.", actor=dirk).member_number == \
        "L00010"
    assert MemberNumberCounter.objects.get().last_number == 10
