"""The directeur's hearings and suspensions (R-S1 … R-S7): summon, record the hearing,
suspend, decide the outcome at the end (refused while an appeal is pending), lift after a
re-audit, and the publication choice."""

import datetime as dt

import pytest
from django.urls import reverse

from core.models import Decision, DecisionKind, Role
from members.models import MemberState
from suspensions.models import Hearing, Publication, Suspension, SuspensionState
from tests.portals.director_helpers import (
    hearing_for,
    messages_of,
    pending_appeal,
    suspended,
    text_of,
    travel,
)
from tests.suspensions.factories import re_audit_with_advice

ENDED = dt.date(2026, 5, 4)  # the suspension of 31 January ended on 30 April 2026
RUNNING = dt.date(2026, 3, 1)


@pytest.fixture
def desk(client, dirk):
    client.force_login(dirk)
    return client


@pytest.fixture
def suspension(member_x, dirk):
    """Member X suspended from 31 January up to and including 30 April 2026."""
    return suspended(member_x, by=dirk)


# --- R-S1 summons, hearing, decision -------------------------------------------------------


def test_r_s1_summoning_records_date_way_and_hearing_date(desk, member_x):
    """R-S1: summoning records date way and hearing date."""
    url = reverse("director:hearing_summon", args=[member_x.pk])
    with travel(dt.date(2026, 1, 5)):
        page = text_of(desk.get(url))
        assert "R-S1" in page
        assert 'type="date" name="summoned_on" value="2026-01-05"' in page
        response = desk.post(url, {"summoned_on": "2026-01-05", "method": "letter",
                                   "hearing_on": "2026-01-19"})
    assert response.status_code == 302
    hearing = Hearing.objects.get(member=member_x)
    assert (hearing.summoned_on, hearing.hearing_on) == (dt.date(2026, 1, 5),
                                                         dt.date(2026, 1, 19))


def test_r_s1_a_hearing_before_the_summons_is_refused(desk, member_x):
    """R-S1: a hearing before the summons is refused."""
    url = reverse("director:hearing_summon", args=[member_x.pk])
    with travel(dt.date(2026, 1, 5)):
        response = desk.post(url, {"summoned_on": "2026-01-05", "method": "letter",
                                   "hearing_on": "2026-01-05"})
    assert response.status_code == 200
    assert "R-S1" in " ".join(messages_of(response))
    assert not Hearing.objects.exists()


def test_a_summons_without_its_way_stores_nothing(desk, member_x):
    url = reverse("director:hearing_summon", args=[member_x.pk])
    with travel(dt.date(2026, 1, 5)):
        response = desk.post(url, {"summoned_on": "2026-01-05", "hearing_on": "2026-01-19"})
    assert response.status_code == 400
    assert "Kies hoe het lid is opgeroepen." in text_of(response)
    assert not Hearing.objects.exists()


def test_r_s1_recording_the_hearing_leads_to_the_decision(desk, member_x, dirk):
    """R-S1: recording the hearing leads to the decision."""
    hearing = hearing_for(member_x, by=dirk)
    url = reverse("director:hearing_record", args=[hearing.pk])
    with travel(dt.date(2026, 1, 20)):
        response = desk.post(url, {"held_on": "2026-01-19",
                                   "member_statement": "De heraudit is gepland."})
    assert response["Location"] == reverse("director:suspend", args=[hearing.pk])
    hearing.refresh_from_db()
    assert hearing.held_on == dt.date(2026, 1, 19)


def test_r_s1_a_hearing_without_what_the_member_said_is_refused(desk, member_x, dirk):
    """R-S1: a hearing without what the member said is refused."""
    hearing = hearing_for(member_x, by=dirk)
    with travel(dt.date(2026, 1, 20)):
        response = desk.post(reverse("director:hearing_record", args=[hearing.pk]),
                             {"held_on": "2026-01-19"})
    assert "R-S1" in " ".join(messages_of(response))
    hearing.refresh_from_db()
    assert hearing.held_on is None


def test_r_s1_r_s2_suspending_after_the_hearing(desk, dirk, member_x):
    """R-S1, R-S2: suspending after the hearing."""
    hearing = hearing_for(member_x, by=dirk, held=True)
    url = reverse("director:suspend", args=[hearing.pk])
    with travel(dt.date(2026, 1, 31)):
        page = text_of(desk.get(url))
        assert "R-S1" in page and "R-S2" in page and "R-S7" in page
        response = desk.post(url, {"starts_on": "2026-01-31", "months": "3",
                                   "notified_on": "2026-01-31", "publication": "none",
                                   "confirm": "on", "motivation": "Geen geldig certificaat (R-M3)."})
    suspension = Suspension.objects.get()
    assert response["Location"] == reverse("director:suspension", args=[suspension.pk])
    assert suspension.ends_on == dt.date(2026, 4, 30)
    member_x.refresh_from_db()
    assert member_x.state == MemberState.SUSPENDED
    assert Decision.objects.get(kind=DecisionKind.SUSPENSION).decided_by == dirk


def test_r_s2_more_than_three_months_is_not_an_option(desk, dirk, member_x):
    """R-S2: more than three months is not an option."""
    hearing = hearing_for(member_x, by=dirk, held=True)
    with travel(dt.date(2026, 1, 31)):
        response = desk.post(reverse("director:suspend", args=[hearing.pk]), {
            "starts_on": "2026-01-31", "months": "4", "notified_on": "2026-01-31",
            "publication": "none", "confirm": "on", "motivation": "Te lang."})
    assert response.status_code == 400
    assert not Suspension.objects.exists()


def test_r_s1_no_suspension_before_the_hearing_is_recorded(desk, dirk, member_x):
    """R-S1, R-0.5: no suspension before the hearing is recorded; the page says so before the
    click, with the button disabled."""
    hearing = hearing_for(member_x, by=dirk)
    url = reverse("director:suspend", args=[hearing.pk])
    with travel(dt.date(2026, 1, 31)):
        page = text_of(desk.get(url))
        assert "is nog niet vastgelegd als gehouden" in page
        assert 'disabled aria-disabled="true"' in page
        response = desk.post(url, {"starts_on": "2026-01-31", "months": "3",
                                   "notified_on": "2026-01-31", "publication": "none",
                                   "confirm": "on", "motivation": "Toch."})
    assert "R-S1" in " ".join(messages_of(response))
    assert not Suspension.objects.exists()


# --- R-S5 outcome -----------------------------------------------------------------------------


def test_the_suspension_page_shows_dates_hearing_and_outcome_links(desk, suspension):
    with travel(ENDED):
        page = text_of(desk.get(reverse("director:suspension", args=[suspension.pk])))
    assert "30 april 2026" in page
    assert reverse("director:suspension_extend", args=[suspension.pk]) in page
    assert reverse("director:suspension_expel", args=[suspension.pk]) in page
    assert reverse("director:suspension_lift", args=[suspension.pk]) in page
    assert "Het lid verwacht de heraudit" in page  # the hearing record


def test_r_s5_before_the_end_without_advice_the_outcome_is_refused(desk, suspension):
    """R-S5: before the end without advice the outcome is refused."""
    url = reverse("director:suspension_extend", args=[suspension.pk])
    with travel(RUNNING):
        page = text_of(desk.get(url))
        assert "R-S5" in page and "Wat staat dit besluit in de weg?" in page
        assert 'disabled aria-disabled="true"' in page  # refused before the click
        response = desk.post(url, {"notified_on": "2026-03-01", "confirm": "on", "motivation": "Verlengen."})
    assert "R-S5" in " ".join(messages_of(response))
    suspension.refresh_from_db()
    assert suspension.state == SuspensionState.ACTIVE


def test_r_s5_refused_while_an_appeal_is_pending(desk, suspension, xena):
    """R-S5: refused while an appeal is pending."""
    pending_appeal(suspension, by=xena.user)
    url = reverse("director:suspension_expel", args=[suspension.pk])
    with travel(ENDED):
        page = text_of(desk.get(url))
        assert "Er loopt een beroep bij het bestuur" in page
        response = desk.post(url, {"notified_on": "2026-05-04", "motivation": "Ontzetten.",
                                   "confirm": "on"})
    assert "R-S5" in " ".join(messages_of(response))
    suspension.refresh_from_db()
    assert suspension.state == SuspensionState.ACTIVE


def test_r_s2_extending_once_by_the_same_period(desk, suspension):
    """R-S2: extending once by the same period."""
    url = reverse("director:suspension_extend", args=[suspension.pk])
    with travel(ENDED):
        response = desk.post(url, {"notified_on": "2026-05-04", "confirm": "on", "motivation": "Verlengen."})
        assert response.status_code == 302
        suspension.refresh_from_db()
        assert suspension.state == SuspensionState.EXTENDED
        assert suspension.ends_on == dt.date(2026, 7, 31)
        response = desk.post(url, {"notified_on": "2026-05-04", "confirm": "on", "motivation": "Nogmaals."})
    assert "R-S2" in " ".join(messages_of(response))


def test_r_s5_expulsion_asks_for_confirmation(desk, suspension):
    """R-S5: expulsion asks for confirmation."""
    url = reverse("director:suspension_expel", args=[suspension.pk])
    with travel(ENDED):
        response = desk.post(url, {"notified_on": "2026-05-04", "motivation": "Ontzetten."})
        assert response.status_code == 400
        suspension.refresh_from_db()
        assert suspension.state == SuspensionState.ACTIVE
        response = desk.post(url, {"notified_on": "2026-05-04", "motivation": "Ontzetten.",
                                   "confirm": "on"})
    assert response.status_code == 302
    suspension.refresh_from_db()
    assert suspension.state == SuspensionState.EXPELLED
    suspension.member.refresh_from_db()
    assert suspension.member.state == MemberState.SUSPENDED  # final only after R-S3


def test_r_s5_lifting_at_the_end(desk, suspension):
    """R-S5: lifting at the end."""
    with travel(ENDED):
        response = desk.post(reverse("director:suspension_lift", args=[suspension.pk]),
                             {"notified_on": "2026-05-04", "confirm": "on", "motivation": "Weer in orde."})
    assert response.status_code == 302
    suspension.member.refresh_from_db()
    assert suspension.member.state == MemberState.MEMBER


def test_r_s6_lifting_after_a_positive_re_audit_before_the_end(desk, suspension, body_a,
                                                               anna):
    """R-S6: lifting after a positive re-audit before the end."""
    audit = re_audit_with_advice(suspension.member, body=body_a, given_on=dt.date(2026, 3, 15),
                                 by=anna.user)
    url = reverse("director:suspension_lift_reaudit", args=[suspension.pk])
    with travel(dt.date(2026, 3, 20)):
        page = text_of(desk.get(url))
        assert "R-S6" in page and f'value="{audit.pk}"' in page
        response = desk.post(url, {"audit": audit.pk, "notified_on": "2026-03-20",
                                   "confirm": "on", "motivation": "Heraudit positief."})
    assert response.status_code == 302
    suspension.refresh_from_db()
    assert suspension.state == SuspensionState.LIFTED
    assert Decision.objects.get(kind=DecisionKind.LIFTING).rule_id == "R-S6"


def test_r_s6_without_a_re_audit_there_is_nothing_to_lift_on(desk, suspension):
    """R-S6: without a re-audit there is nothing to lift on."""
    with travel(RUNNING):
        page = text_of(desk.get(reverse("director:suspension_lift_reaudit",
                                        args=[suspension.pk])))
    assert "Er is geen heraudit met een advies" in page


# --- R-S7 publication -----------------------------------------------------------------------


def test_r_s7_the_directeur_records_the_publication_choice(desk, dirk, suspension):
    """R-S7: the directeur records the publication choice."""
    url = reverse("director:suspension_publication", args=[suspension.pk])
    with travel(RUNNING):
        response = desk.post(url, {"publication": "register",
                                   "confirm": "on", "motivation": "Ernstige tekortkomingen."})
        assert response.status_code == 302
        suspension.refresh_from_db()
        assert suspension.publication == Publication.REGISTER
        decision = Decision.objects.get(kind=DecisionKind.PUBLICATION)
        assert decision.role == Role.DIRECTOR
        response = desk.post(url, {"publication": "register", "confirm": "on", "motivation": "Nogmaals."})
    assert "R-S7" in " ".join(messages_of(response))
