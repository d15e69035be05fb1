"""The Bestuur's read-only lists (R-Z4 postponements, R-M1 new members) and the publication
choice for suspensions (R-S7)."""

import datetime as dt

import pytest
from django.urls import reverse

from certificates.services import postponement_decide
from core.models import Decision, DecisionKind, Role
from members.models import Admission, MemberState
from suspensions.models import Publication
from tests.factories import MemberFactory
from tests.portals.director_helpers import (
    certificate_for,
    count_queries,
    messages_of,
    postponement_for,
    suspended,
    text_of,
    travel,
)


@pytest.fixture
def board(client, bram):
    client.force_login(bram)
    return client


def _granted_postponements(n, *, body, dirk, bea):
    for _i in range(n):
        postponement = postponement_for(certificate_for(MemberFactory(), body=body), by=bea)
        postponement_decide(postponement=postponement, grant=True, motivation="Gegrond.",
                            actor=dirk, today=dt.date(2026, 4, 8))


def test_r_z4_the_bestuur_sees_the_long_postponements_it_was_informed_of(board, body_a, dirk,
                                                                        bea):
    """R-Z4: the bestuur sees the long postponements it was informed of."""
    _granted_postponements(1, body=body_a, dirk=dirk, bea=bea)
    page = text_of(board.get(reverse("board:postponements")))
    assert "30 september 2026" in page and "8 april 2026" in page
    assert 'class="decision-form"' not in page  # read-only: the Bestuur is informed


def test_r_z4_the_postponement_list_has_a_constant_number_of_queries(board, body_a, dirk,
                                                                     bea):
    """R-Z4: the postponement list has a constant number of queries."""
    _granted_postponements(3, body=body_a, dirk=dirk, bea=bea)
    few = count_queries(board, reverse("board:postponements"))
    _granted_postponements(27, body=body_a, dirk=dirk, bea=bea)
    assert count_queries(board, reverse("board:postponements")) == few


def _new_members(n, *, informed=True):
    for i in range(n):
        member = MemberFactory(name=f"Nieuw lid {i}", member_since=dt.date(2026, 5, 1))
        Admission.objects.create(member=member, submitted_on=dt.date(2026, 1, 5),
                                 decided_on=dt.date(2026, 5, 1),
                                 board_informed_on=dt.date(2026, 5, 4) if informed else None)


def test_r_m1_the_bestuur_sees_the_new_members(board):
    """R-M1: the bestuur sees the new members."""
    _new_members(1)
    rejected = MemberFactory(name="Afgewezen", state=MemberState.REJECTED, member_since=None)
    Admission.objects.create(member=rejected, submitted_on=dt.date(2026, 1, 5),
                             decided_on=dt.date(2026, 5, 1))
    page = text_of(board.get(reverse("board:new_members")))
    assert "Nieuw lid 0" in page and "4 mei 2026" in page
    assert "Afgewezen" not in page


def test_r_m1_the_new_member_list_has_a_constant_number_of_queries(board):
    """R-M1: the new member list has a constant number of queries."""
    _new_members(3)
    few = count_queries(board, reverse("board:new_members"))
    _new_members(27, informed=False)
    assert count_queries(board, reverse("board:new_members")) == few


def test_r_s7_the_bestuur_records_the_publication_choice(board, bram, member_x, dirk):
    """R-S7: the bestuur records the publication choice."""
    suspension = suspended(member_x, by=dirk)
    url = reverse("board:suspension_publication", args=[suspension.pk])
    with travel(dt.date(2026, 2, 2)):
        assert url in text_of(board.get(reverse("board:suspensions")))
        assert "R-S7" in text_of(board.get(url))
        response = board.post(url, {"publication": "register_and_press",
                                    "motivation": "Publiek belang."})
    assert response["Location"] == reverse("board:suspensions")
    suspension.refresh_from_db()
    assert suspension.publication == Publication.REGISTER_AND_PRESS
    decision = Decision.objects.get(kind=DecisionKind.PUBLICATION)
    assert decision.role == Role.BOARD and decision.decided_by == bram


def test_r_s7_an_unchanged_choice_is_refused_with_the_rule(board, member_x, dirk):
    """R-S7: an unchanged choice is refused with the rule."""
    suspension = suspended(member_x, by=dirk)
    with travel(dt.date(2026, 2, 2)):
        response = board.post(reverse("board:suspension_publication", args=[suspension.pk]),
                              {"publication": "none", "motivation": "Niets."})
    assert "R-S7" in " ".join(messages_of(response))


def test_the_suspension_list_has_a_constant_number_of_queries(board, dirk):
    for _i in range(3):
        suspended(MemberFactory(), by=dirk)
    few = count_queries(board, reverse("board:suspensions"))
    for _i in range(27):
        suspended(MemberFactory(), by=dirk)
    assert count_queries(board, reverse("board:suspensions")) == few
