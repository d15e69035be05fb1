"""Issue #10: the plan-of-approach clock (R-F3) is defined once, so the bureau's dashboard,
the ICS feeds (member and auditor), the member timeline and the reminders agree on every step
of a plan: due, under review (no deadline anywhere), rejected (due again), approved (gone)."""

import datetime as dt

import pytest

from core.deadlines import Audience, open_deadlines
from findings.models import FindingKind
from findings.services import investigation_order, plan_approve, plan_reject, plan_submit
from notifications.models import Notification
from notifications.reminders import reminders_send
from tests.deadline_views import (
    assert_auditor_views_agree,
    assert_member_views_agree,
    assert_staff_views_agree,
)
from tests.factories import UserFactory

D = dt.date
pytestmark = pytest.mark.django_db


def _plan_dates(views) -> set[dt.date]:
    return {on for uid, on in views["registry"] if uid.startswith("plan-")}


@pytest.fixture
def bureau_user(db):
    from core.models import Role

    return UserFactory(email="bureau@example.org", roles=[Role.BUREAU])


def test_r_f3_every_reader_agrees_on_a_plan_through_its_life(audit_x, record, anna, xena,
                                                               bureau_user):
    """R-F3: due, under review, rejected, approved: the same answer on every page and feed."""
    finding = record(audit_x, FindingKind.NONCONFORMITY, on=D(2026, 1, 31))
    member = audit_x.member

    views = assert_member_views_agree(member, D(2026, 2, 5), contact_user=xena.user)
    assert _plan_dates(views) == {D(2026, 3, 31)}
    assert assert_auditor_views_agree(anna, D(2026, 2, 5)) >= {(f"plan-{finding.pk}",
                                                                 D(2026, 3, 31))}
    assert_staff_views_agree(bureau_user, D(2026, 2, 5))

    plan = plan_submit(finding=finding, text="Plan.", actor=xena.user, today=D(2026, 2, 10))
    views = assert_member_views_agree(member, D(2026, 3, 20), contact_user=xena.user)
    assert _plan_dates(views) == set()  # under review: no deadline anywhere
    assert not [d for d in assert_auditor_views_agree(anna, D(2026, 3, 20))
                if d[0].startswith("plan-")]
    assert_staff_views_agree(bureau_user, D(2026, 3, 20))
    # Nor a reminder two weeks before the deadline.
    reminders_send(today=D(2026, 3, 17))
    assert not Notification.objects.filter(template="plan-deadline-reminder").exists()

    plan_reject(plan=plan, assessment="Te vaag.", actor=anna.user, today=D(2026, 3, 21))
    views = assert_member_views_agree(member, D(2026, 3, 22), contact_user=xena.user)
    assert _plan_dates(views) == {D(2026, 3, 31)}  # due again
    reminders_send(today=D(2026, 3, 22))
    assert Notification.objects.filter(template="plan-deadline-reminder").exists()

    plan = plan_submit(finding=finding, text="Beter plan.", actor=xena.user,
                       today=D(2026, 3, 25))
    plan_approve(plan=plan, assessment="Goed.", actor=anna.user, today=D(2026, 3, 26))
    views = assert_member_views_agree(member, D(2026, 3, 27), contact_user=xena.user)
    assert _plan_dates(views) == set()
    assert_staff_views_agree(bureau_user, D(2026, 3, 27))


def test_r_f4_r_f5_investigation_and_tekortkoming_agree(audit_x, record, anna, xena,
                                                         bureau_user):
    """R-F4/R-F5: an ordered investigation and an open tekortkoming are the same deadline for
    the member, its auditor and the bureau."""
    risky = record(audit_x, FindingKind.NONCONFORMITY, on=D(2026, 1, 31), risk=True)
    investigation_order(finding=risky, actor=anna.user, today=D(2026, 2, 2))
    record(audit_x, FindingKind.MAJOR, norm="4.10", on=D(2026, 2, 1))
    today = D(2026, 2, 5)
    views = assert_member_views_agree(audit_x.member, today, contact_user=xena.user)
    clocks = {d.clock for d in open_deadlines(today=today, audience=Audience.MEMBER,
                                              member=audit_x.member)}
    assert {"findings.investigation", "findings.major", "findings.plan"} <= clocks
    assert views["ics"]
    assert_auditor_views_agree(anna, today)
    assert_staff_views_agree(bureau_user, today)


def test_another_bodys_auditor_sees_none_of_these_deadlines_r_a1(audit_x, record, bob):
    """R-A1: the registry gives an auditor only its own body's deadlines."""
    record(audit_x, FindingKind.NONCONFORMITY, on=D(2026, 1, 31))
    assert assert_auditor_views_agree(bob, D(2026, 2, 5)) == set()
