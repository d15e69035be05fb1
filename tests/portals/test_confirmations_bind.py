"""Issue #9 "confirmations bind": each irreversible decision of the directeur (admit, suspend,
extend, expel, lift, lift after re-audit) and the Bestuur's appeal ruling is refused with a form
error while its confirmation is not ticked, and stores nothing (R-0.3)."""

import datetime as dt

import pytest
from django.urls import reverse

from core.models import Decision
from members.models import AdmissionAdvice, MemberState
from suspensions.models import Appeal, AppealState, Suspension, SuspensionState
from tests.portals.director_helpers import (
    admission_case,
    hearing_for,
    pending_appeal,
    suspended,
    text_of,
    travel,
)
from tests.suspensions.factories import re_audit_with_advice

ENDED = dt.date(2026, 5, 4)


@pytest.fixture
def desk(client, dirk):
    client.force_login(dirk)
    return client


def _refused(response):
    assert response.status_code == 400
    assert 'name="confirm"' in text_of(response)
    assert "bevestig" in text_of(response).lower()


def test_r_m1_admitting_without_the_confirmation_stores_nothing(desk, anna, body_a):
    """R-M1: admitting without the confirmation ticked stores nothing."""
    member = admission_case(body=body_a, by=anna.user, qt_advice=AdmissionAdvice.POSITIVE)
    with travel(dt.date(2026, 5, 1)):
        response = desk.post(reverse("director:admission", args=[member.pk]),
                             {"decision": "admit", "motivation": "Voldoet."})
    _refused(response)
    assert "Vink aan dat u het besluit bevestigt" in text_of(response)
    member.refresh_from_db()
    assert member.state == MemberState.ADMISSION_AUDIT
    assert not Decision.objects.exists()


def test_r_s1_suspending_without_the_confirmation_stores_nothing(desk, dirk, member_x):
    """R-S1, R-S2: suspending without the confirmation ticked stores nothing."""
    hearing = hearing_for(member_x, by=dirk, held=True)
    with travel(dt.date(2026, 1, 31)):
        response = desk.post(reverse("director:suspend", args=[hearing.pk]), {
            "starts_on": "2026-01-31", "months": "3", "notified_on": "2026-01-31",
            "publication": "none", "motivation": "Geen certificaat."})
    _refused(response)
    assert not Suspension.objects.exists()
    member_x.refresh_from_db()
    assert member_x.state == MemberState.MEMBER


@pytest.mark.parametrize("outcome", ["extend", "expel", "lift"])
def test_r_s5_an_outcome_without_the_confirmation_stores_nothing(desk, dirk, member_x,
                                                                 outcome):
    """R-S5: extending, expelling or lifting without the confirmation ticked stores nothing."""
    suspension = suspended(member_x, by=dirk)
    decisions = Decision.objects.count()
    with travel(ENDED):
        response = desk.post(reverse(f"director:suspension_{outcome}", args=[suspension.pk]),
                             {"notified_on": "2026-05-04", "motivation": "Besluit."})
    _refused(response)
    suspension.refresh_from_db()
    assert suspension.state == SuspensionState.ACTIVE
    assert Decision.objects.count() == decisions


def test_r_s6_lifting_after_a_re_audit_without_the_confirmation_stores_nothing(
        desk, dirk, member_x, body_a, anna):
    """R-S6: lifting after a positive re-audit without the confirmation stores nothing."""
    suspension = suspended(member_x, by=dirk)
    audit = re_audit_with_advice(member_x, body=body_a, given_on=dt.date(2026, 3, 15),
                                 by=anna.user)
    with travel(dt.date(2026, 3, 20)):
        response = desk.post(
            reverse("director:suspension_lift_reaudit", args=[suspension.pk]),
            {"audit": audit.pk, "notified_on": "2026-03-20", "motivation": "Positief."})
    _refused(response)
    suspension.refresh_from_db()
    assert suspension.state == SuspensionState.ACTIVE


def test_r_s4_a_ruling_without_the_confirmation_stores_nothing(client, bram, dirk, member_x,
                                                               xena):
    """R-S4: the Bestuur's ruling without the confirmation ticked stores nothing."""
    appeal = pending_appeal(suspended(member_x, by=dirk), by=xena.user)
    client.force_login(bram)
    decisions = Decision.objects.count()
    with travel(dt.date(2026, 3, 1)):
        response = client.post(reverse("board:appeal", args=[appeal.pk]),
                               {"verdict": "uphold", "ruling": "Gegrond."})
    _refused(response)
    assert Appeal.objects.get().state == AppealState.PENDING
    assert Decision.objects.count() == decisions
