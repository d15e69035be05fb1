"""Who sees which member (R-A1) and the members' part of the timeline (R-M1, R-M4)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from core.timeline import member_timeline
from members.models import MemberState
from members.selectors import applications_waiting, members_for_user, timeline_events
from members.services import member_pause
from tests.factories import AuditFactory, MemberFactory
from tests.members.factories import AdmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    member = MemberFactory(name="Aanvrager Z", state=MemberState.UNDER_REVIEW, member_since=None)
    AdmissionFactory(member=member)
    return member


def test_staff_see_every_member_r_a1(bea, dirk, bram, member_x, member_y, applicant):
    """R-A1: staff see every member."""
    for person in (bea, dirk, bram):
        assert set(members_for_user(user=person)) == {member_x, member_y, applicant}


def test_member_contact_sees_only_its_own_organisation_r_a1(xena, yuri, member_x, member_y):
    """R-A1: member contact sees only its own organisation."""
    assert list(members_for_user(user=xena.user)) == [member_x]
    assert list(members_for_user(user=yuri.user)) == [member_y]


def test_auditor_sees_members_audited_by_its_own_body_r_a1(anna, bob, member_x, member_y,
                                                          body_a):
    """R-A1: auditor sees members audited by its own body."""
    AuditFactory(member=member_x, body=body_a)
    assert list(members_for_user(user=anna.user)) == [member_x]
    assert list(members_for_user(user=bob.user)) == []


def test_quality_team_sees_the_applicants_it_advises_on_r_a1(kim, member_x, applicant):
    """R-A1: quality team sees the applicants it advises on."""
    assert list(members_for_user(user=kim)) == [applicant]


def test_anonymous_sees_no_member_through_this_selector_r_a2(member_x):
    """R-A2: anonymous sees no member through this selector."""
    assert list(members_for_user(user=AnonymousUser())) == []
    assert list(members_for_user(user=None)) == []


def test_applications_waiting_for_a_check_r_n1(applicant, member_x):
    """R-N1: applications waiting for a check."""
    assert list(applications_waiting()) == [applicant]


def test_timeline_shows_admission_steps_and_pause_r_m1_r_m4(dirk):
    """R-M1, R-M4: timeline shows admission steps and pause."""
    member = MemberFactory(state=MemberState.MEMBER, member_since=dt.date(2026, 5, 4))
    AdmissionFactory(member=member, checked=True, quality_team_advice="positive",
                     quality_team_advised_on=dt.date(2026, 4, 27),
                     decided_on=dt.date(2026, 5, 4), board_informed_on=dt.date(2026, 5, 11),
                     published_on=dt.date(2026, 5, 22))
    member_pause(member=member, motivation="Certificaat verlopen.", actor=dirk)

    events = timeline_events(member=member, today=dt.date(2026, 7, 1))
    titles = {event.title: event for event in events}

    assert titles["Aanmelding ontvangen"].on == dt.date(2026, 1, 5)
    assert titles["Aanmelding ontvangen"].rule_id == "R-M1"
    assert titles["Advies kernteam Kwaliteit"].detail == "Positief"
    assert titles["Bestuur geïnformeerd over nieuw lid"].on == dt.date(2026, 5, 11)
    assert titles["Geïntroduceerd op de website"].on == dt.date(2026, 5, 22)
    pause = titles["Besluit pauzering: lidmaatschap gepauzeerd"]
    assert pause.rule_id == "R-M4" and pause.kind == "event"
    merged = member_timeline(member=member, today=dt.date(2026, 7, 1))
    assert [e.on for e in merged] == sorted(e.on for e in merged)
