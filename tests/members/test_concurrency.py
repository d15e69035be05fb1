"""On PostgreSQL: a member is admitted once even when the directeur clicks twice (R-M2), and
simultaneous admissions draw different member numbers."""

import datetime as dt

import pytest

from audits.models import Audit, AuditKind
from audits.services import audit_create
from core.exceptions import RuleViolation
from core.models import Decision, DecisionKind
from members.models import Member
from members.services import member_admit
from tests.concurrency import run_together
from tests.members.factories import ready_for_admission


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_m2_two_simultaneous_admissions_of_one_member_admit_once(postgres, dirk, anna, body_a):
    """R-M2: two simultaneous admissions of one member admit once."""
    member = ready_for_admission(body=body_a, by=anna.user)

    def admit():
        return member_admit(member=member, motivation="Positief.", actor=dirk,
                            today=dt.date(2026, 5, 4))

    results = run_together(admit, admit)

    admitted = [r for r in results if isinstance(r, Member)]
    refusals = [r for r in results if isinstance(r, RuleViolation)]
    assert len(admitted) == 1 and len(refusals) == 1, results
    assert refusals[0].rule_id == "R-M2"
    assert Decision.objects.filter(kind=DecisionKind.ADMISSION).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_m2_simultaneous_admissions_draw_different_member_numbers(postgres, dirk, anna,
                                                                    body_a):
    """R-M2: simultaneous admissions draw different member numbers."""
    members = [ready_for_admission(body=body_a, by=anna.user) for _ in range(4)]
    calls = [lambda m=m: member_admit(member=m, motivation="Positief.", actor=dirk)
             for m in members]

    results = run_together(*calls)

    assert all(isinstance(r, Member) for r in results), results
    assert sorted(r.member_number for r in results) == ["L00001", "L00002", "L00003", "L00004"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_m2_a_burst_of_twenty_admissions_all_succeed_with_distinct_numbers(postgres, dirk,
                                                                            anna, body_a):
    """R-M2 / issue #13: twenty admissions at the same moment all succeed, numbered
    L00001 … L00020 (the locked counter; the old highest-plus-one refused some)."""
    members = [ready_for_admission(body=body_a, by=anna.user) for _ in range(20)]
    calls = [lambda m=m: member_admit(member=m, motivation="Positief.", actor=dirk)
             for m in members]

    results = run_together(*calls)

    assert all(isinstance(r, Member) for r in results), results
    assert sorted(r.member_number for r in results) == [f"L{n:05d}" for n in range(1, 21)]
    assert Decision.objects.filter(kind=DecisionKind.ADMISSION).count() == 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_c2_one_open_audit_per_kind_even_when_chosen_twice_at_once(postgres, xena, member_x,
                                                                     body_a, body_b):
    """R-C2: one open audit per kind even when chosen twice at once."""
    def choose(body):
        return lambda: audit_create(member=member_x, kind=AuditKind.RECERTIFICATION, body=body,
                                    actor=xena.user, today=dt.date(2026, 1, 10))

    results = run_together(choose(body_a), choose(body_b))

    assert len([r for r in results if isinstance(r, Audit)]) == 1, results
    assert [r.rule_id for r in results if isinstance(r, RuleViolation)] == ["R-C2"]
    assert Audit.objects.filter(member=member_x).count() == 1
