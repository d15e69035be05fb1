"""The directeur's member pages and the pause (R-M4, R-M3): the list, the member page with
the options for a member without a valid certificate, pausing and ending the pause."""

import datetime as dt

import pytest
from django.urls import reverse

from core.models import Decision, DecisionKind
from members.models import MemberState
from tests.factories import MemberFactory
from tests.portals.director_helpers import (
    certificate_for,
    count_queries,
    hearing_for,
    messages_of,
    set_state,
    text_of,
    travel,
)

TODAY = dt.date(2026, 6, 10)


@pytest.fixture
def desk(client, dirk):
    client.force_login(dirk)
    return client


def test_the_member_list_searches_by_name_and_state(desk, member_x, member_y):
    response = desk.get(reverse("director:members"), {"q": "Zwolle"})
    page = text_of(response)
    assert member_x.name in page and member_y.name not in page
    response = desk.get(reverse("director:members"), {"state": "paused"})
    assert "Geen leden gevonden." in text_of(response)


def test_the_member_list_issues_the_same_number_of_queries_for_3_and_30_rows(desk):
    MemberFactory.create_batch(3)
    few = count_queries(desk, reverse("director:members"))
    MemberFactory.create_batch(27)
    assert count_queries(desk, reverse("director:members")) == few


def test_r_m3_the_member_page_offers_pause_or_preparing_a_suspension(desk, member_x, dirk,
                                                                     body_a):
    """R-M3: the member page offers pause or preparing a suspension."""
    member_x.without_certificate_since = dt.date(2026, 6, 1)
    member_x.save()
    certificate_for(member_x, body=body_a)  # expired on 31 May 2026
    hearing_for(member_x, by=dirk)
    with travel(TODAY):
        page = text_of(desk.get(reverse("director:member", args=[member_x.pk])))
    assert "R-M3" in page and "geen geldig certificaat" in page
    assert reverse("director:pause", args=[member_x.pk]) in page
    assert reverse("director:hearing_summon", args=[member_x.pk]) in page
    assert "Certificaat verlopen op" in page
    assert reverse("director:hearing_record", args=[member_x.hearings.get().pk]) in page


def test_r_m4_pausing_records_the_decision(desk, dirk, member_x):
    """R-M4: pausing records the decision."""
    with travel(TODAY):
        response = desk.post(reverse("director:pause", args=[member_x.pk]),
                             {"motivation": "Heraudit gepland in augustus."})
    assert response.status_code == 302
    member_x.refresh_from_db()
    assert member_x.state == MemberState.PAUSED
    decision = Decision.objects.get(kind=DecisionKind.PAUSE)
    assert decision.rule_id == "R-M4" and decision.decided_by == dirk


def test_r_m3_the_pause_ends_only_with_a_valid_certificate(desk, member_x, body_a):
    """R-M3: the pause ends only with a valid certificate."""
    set_state(member_x, MemberState.PAUSED)
    url = reverse("director:resume", args=[member_x.pk])
    with travel(TODAY):
        response = desk.post(url, {"motivation": "Weer gecertificeerd."})
        assert response.status_code == 200
        assert "R-M3" in " ".join(messages_of(response))
        member_x.refresh_from_db()
        assert member_x.state == MemberState.PAUSED
        certificate_for(member_x, body=body_a, valid_from=dt.date(2026, 6, 1),
                        valid_until=dt.date(2029, 5, 31))
        response = desk.post(url, {"motivation": "Weer gecertificeerd."})
    assert response.status_code == 302
    member_x.refresh_from_db()
    assert member_x.state == MemberState.MEMBER


def test_r_m4_pausing_a_paused_member_is_refused_with_the_rule(desk, member_x):
    """R-M4, R-0.5: pausing a paused member is refused with the rule, and the page says so
    before the click (disabled button)."""
    set_state(member_x, MemberState.PAUSED)
    with travel(TODAY):
        page = text_of(desk.get(reverse("director:pause", args=[member_x.pk])))
        assert "pauzering kan alleen vanuit: Lid" in page
        assert 'disabled aria-disabled="true"' in page
        response = desk.post(reverse("director:pause", args=[member_x.pk]),
                             {"motivation": "Nogmaals."})
    assert "R-M4" in " ".join(messages_of(response))
    assert not Decision.objects.exists()


def test_r_0_3_a_pause_without_motivation_stores_nothing(desk, member_x):
    """R-0.3: a pause without motivation stores nothing."""
    response = desk.post(reverse("director:pause", args=[member_x.pk]), {"motivation": ""})
    assert response.status_code == 400
    member_x.refresh_from_db()
    assert member_x.state == MemberState.MEMBER
