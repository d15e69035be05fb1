"""The Bestuur's appeals (R-S3, R-S4): pending appeals with the three-month deadline and the
days left, the appeal with what it rests on, and the ruling through ``appeal_rule``."""

import datetime as dt

import pytest
from django.urls import reverse

from core.models import Decision, DecisionKind
from members.models import MemberState
from suspensions.models import AppealState, SuspensionState
from tests.factories import MemberFactory
from tests.portals.director_helpers import (
    count_queries,
    messages_of,
    pending_appeal,
    suspended,
    text_of,
    travel,
)

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def board(client, bram):
    client.force_login(bram)
    return client


@pytest.fixture
def appeal(member_x, dirk, xena):
    """Member X appealed on 10 February 2026 against its suspension of 31 January; the Bestuur
    decides by 10 May 2026 (R-S4)."""
    return pending_appeal(suspended(member_x, by=dirk), by=xena.user)


def test_r_s4_the_home_page_lists_pending_appeals_with_deadline_and_days_left(board, appeal):
    """R-S4: the home page lists pending appeals with deadline and days left."""
    with travel(TODAY):
        page = text_of(board.get(reverse("board:home")))
    assert reverse("board:appeal", args=[appeal.pk]) in page
    assert "10 mei 2026" in page
    assert "70 dagen" in page  # 1 March → 10 May 2026


def test_r_s4_an_overdue_appeal_shows_how_late(board, appeal):
    """R-S4: an overdue appeal shows how late."""
    with travel(dt.date(2026, 5, 13)):
        page = text_of(board.get(reverse("board:home")))
    assert "3 dagen te laat" in page


def test_the_home_page_issues_the_same_number_of_queries_for_3_and_30_appeals(board, dirk,
                                                                              bea):
    def appeals(n):
        for _i in range(n):
            pending_appeal(suspended(MemberFactory(), by=dirk), by=bea)
    appeals(3)
    with travel(TODAY):
        few = count_queries(board, reverse("board:home"))
    appeals(27)
    with travel(TODAY):
        assert count_queries(board, reverse("board:home")) == few


def test_the_appeal_shows_the_decision_the_motivation_and_the_hearing(board, appeal):
    with travel(TODAY):
        page = text_of(board.get(reverse("board:appeal", args=[appeal.pk])))
    assert "Het lid betwist dat het geen certificaat had." in page  # the member's motivation
    assert "Geen geldig certificaat sinds 1 december 2025 (R-M3)." in page  # the decision
    assert "Het lid verwacht de heraudit" in page  # the hearing record
    assert "R-S4" in page and 'name="verdict"' in page


def test_r_s4_upholding_the_appeal_lifts_the_suspension(board, bram, appeal):
    """R-S4: upholding the appeal lifts the suspension."""
    with travel(TODAY):
        response = board.post(reverse("board:appeal", args=[appeal.pk]), {
            "verdict": "uphold", "ruling": "De hoorzitting was te kort na de oproep.",
            "confirm": "on"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == AppealState.UPHELD and appeal.ruled_on == TODAY
    appeal.suspension.refresh_from_db()
    assert appeal.suspension.state == SuspensionState.LIFTED
    appeal.suspension.member.refresh_from_db()
    assert appeal.suspension.member.state == MemberState.MEMBER
    assert Decision.objects.get(kind=DecisionKind.APPEAL_RULING).decided_by == bram


def test_r_s4_a_ruling_without_text_or_confirmation_stores_nothing(board, appeal):
    """R-S4: a ruling without text or confirmation stores nothing."""
    with travel(TODAY):
        response = board.post(reverse("board:appeal", args=[appeal.pk]),
                              {"verdict": "dismiss"})
    assert response.status_code == 400
    appeal.refresh_from_db()
    assert appeal.state == AppealState.PENDING


def test_r_s4_a_second_ruling_is_refused_with_the_rule(board, appeal):
    """R-S4: a second ruling is refused with the rule."""
    url = reverse("board:appeal", args=[appeal.pk])
    with travel(TODAY):
        board.post(url, {"verdict": "dismiss", "ruling": "Ongegrond.", "confirm": "on"})
        response = board.post(url, {"verdict": "uphold", "ruling": "Toch.", "confirm": "on"})
    assert "R-S4" in " ".join(messages_of(response))
    appeal.refresh_from_db()
    assert appeal.state == AppealState.DISMISSED


def test_r_s4_the_directeur_sees_the_appeal_but_only_the_bestuur_rules(client, dirk, appeal):
    """R-S4, R-0.5: the directeur sees the appeal but only the bestuur rules: the ruling
    button is disabled with the service's own reason."""
    client.force_login(dirk)
    url = reverse("board:appeal", args=[appeal.pk])
    with travel(TODAY):
        page = text_of(client.get(url))
        assert 'disabled aria-disabled="true"' in page
        assert '<span class="rule">R-S4</span> Alleen het bestuur beslist op een beroep.' in page
        response = client.post(url, {"verdict": "uphold", "ruling": "Gegrond.",
                                     "confirm": "on"})
    assert "R-S4" in " ".join(messages_of(response))
    appeal.refresh_from_db()
    assert appeal.state == AppealState.PENDING


def test_decided_appeals_are_listed_with_a_constant_number_of_queries(board, dirk, bea,
                                                                      bram):
    from suspensions.services import appeal_rule

    def decided(n):
        for _i in range(n):
            appeal = pending_appeal(suspended(MemberFactory(), by=dirk), by=bea)
            appeal_rule(appeal=appeal, uphold=False, ruling="Ongegrond.", actor=bram,
                        today=TODAY)
    decided(3)
    few = count_queries(board, reverse("board:appeals_decided"))
    assert "Ongegrond" in text_of(board.get(reverse("board:appeals_decided")))
    decided(27)
    assert count_queries(board, reverse("board:appeals_decided")) == few
