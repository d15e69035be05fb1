"""Who sees which audit (R-A1) and the audits' part of the member timeline (R-U2, R-T1)."""

import datetime as dt

import pytest

from audits.models import AuditKind, AuditState, InterimTrigger
from audits.selectors import audits_for_auditor, audits_for_member, audits_for_user, timeline_events
from audits.services import (
    audit_agree_quote,
    audit_impose_interim,
    audit_start_preparation,
)
from core.timeline import member_timeline
from members.models import ScopeItem
from tests.factories import AuditFactory

pytestmark = pytest.mark.django_db


def test_auditor_sees_only_audits_of_its_own_body_r_a1(anna, bob, member_x, member_y, body_a,
                                                        body_b):
    """R-A1: auditor sees only audits of its own body."""
    own = AuditFactory(member=member_x, body=body_a)
    other = AuditFactory(member=member_y, body=body_b)

    assert list(audits_for_auditor(user=anna.user)) == [own]
    assert list(audits_for_auditor(user=bob.user)) == [other]


def test_inactive_auditor_and_non_auditors_see_nothing_r_a1(anna, xena, bea, member_x, body_a):
    """R-A1: inactive auditor and non auditors see nothing."""
    AuditFactory(member=member_x, body=body_a)
    assert list(audits_for_auditor(user=xena.user)) == []
    assert list(audits_for_auditor(user=bea)) == []
    anna.active = False
    anna.save()
    assert list(audits_for_auditor(user=anna.user)) == []


def test_audits_for_user_per_audience_r_a1(bea, kim, xena, yuri, anna, member_x, member_y,
                                           body_a, body_b):
    """R-A1: audits for user per audience."""
    x_audit = AuditFactory(member=member_x, body=body_b)
    y_admission = AuditFactory(member=member_y, body=body_a, kind=AuditKind.ADMISSION)

    assert set(audits_for_user(user=bea)) == {x_audit, y_admission}
    assert list(audits_for_user(user=xena.user)) == [x_audit]
    assert list(audits_for_user(user=yuri.user)) == [y_admission]
    assert list(audits_for_user(user=anna.user)) == [y_admission]
    assert list(audits_for_user(user=kim)) == [y_admission]
    assert list(audits_for_member(member=member_x)) == [x_audit]


def test_timeline_shows_steps_and_planned_fieldwork_r_u2(anna, xena, member_x, body_a):
    """R-U2: timeline shows steps and planned fieldwork."""
    audit = AuditFactory(member=member_x, body=body_a, fieldwork_starts_on=dt.date(2026, 3, 2),
                         fieldwork_ends_on=dt.date(2026, 3, 3))
    audit.scope.set(ScopeItem.objects.filter(number=1))
    audit_agree_quote(audit=audit, actor=xena.user, on=dt.date(2026, 1, 20),
                      today=dt.date(2026, 1, 21))
    audit_start_preparation(audit=audit, actor=anna.user)

    events = member_timeline(member=member_x, today=dt.date(2026, 2, 1))
    by_title = {event.title.split(" – ")[0]: event for event in events}

    assert by_title["Offerte en scope akkoord"].on == dt.date(2026, 1, 20)
    assert by_title["Voorbereiding gestart"].rule_id == "R-U2"
    planned = by_title["Audit op locatie gepland"]
    assert planned.kind == "deadline" and planned.on == dt.date(2026, 3, 2)
    assert planned.detail == "tot en met 2026-03-03"
    assert by_title["CI gekozen: Hercertificeringsaudit (CI Alfa B.V.)"].rule_id == "R-C2"


def test_timeline_shows_fieldwork_as_past_once_on_site_r_u2(member_x, body_a):
    """R-U2: timeline shows fieldwork as past once on site."""
    AuditFactory(member=member_x, body=body_a, state=AuditState.ORAL_FEEDBACK,
                 fieldwork_starts_on=dt.date(2026, 3, 2), oral_feedback_on=dt.date(2026, 3, 3))
    events = timeline_events(member=member_x, today=dt.date(2026, 3, 10))
    fieldwork = [e for e in events if e.title.startswith("Audit op locatie")]
    assert [(e.kind, e.on) for e in fieldwork] == [("event", dt.date(2026, 3, 2))]


def test_timeline_shows_interim_audit_with_its_trigger_r_t1_r_t2(dirk, member_x, body_a):
    """R-T1, R-T2: timeline shows interim audit with its trigger."""
    audit_impose_interim(member=member_x, body=body_a,
                         trigger=InterimTrigger.ORGANISATIONAL_CHANGE,
                         trigger_source="Fusie met Schuldhulp W", motivation="Fusie.",
                         actor=dirk)
    events = timeline_events(member=member_x, today=dt.date(2026, 9, 14))
    interim = next(e for e in events if e.title.startswith("Tussentijdse audit opgelegd"))
    assert interim.rule_id == "R-T1"
    assert "R-T2" in interim.detail and "Fusie met Schuldhulp W" in interim.detail
