"""The directeur's postponement decision (R-Z4): more than three months in total is the
directeur's; a grant informs the Bestuur; the certificate is never extended."""

import datetime as dt

import pytest
from django.urls import reverse

from certificates.models import PostponementState
from core.models import Decision, Flag, FlagAudience
from tests.portals.director_helpers import (
    certificate_for,
    messages_of,
    postponement_for,
    text_of,
    travel,
)

TODAY = dt.date(2026, 4, 8)


@pytest.fixture
def desk(client, dirk):
    client.force_login(dirk)
    return client


@pytest.fixture
def postponement(member_x, body_a, xena):
    """Four months asked on 1 April 2026 for a certificate valid up to 31 May 2026."""
    return postponement_for(certificate_for(member_x, body=body_a), by=xena.user)


def _url(postponement):
    return reverse("director:postponement", args=[postponement.pk])


def test_the_page_shows_the_request_the_deadline_and_the_rule(desk, postponement):
    with travel(TODAY):
        page = text_of(desk.get(_url(postponement)))
    assert "Wisseling van de directie" in page
    assert "R-Z4" in page and 'class="rule-text"' in page
    # R-Z4: 31 May 2026 + 4 months; the certificate itself stays valid up to 31 May.
    assert "30 september 2026" in page
    assert "het Bestuur bij verlening geïnformeerd" in page


def test_r_z4_granting_informs_the_board_and_never_extends_the_certificate(
        desk, dirk, postponement):
    """R-Z4: granting informs the board and never extends the certificate."""
    with travel(TODAY):
        response = desk.post(_url(postponement), {
            "confirm": "on", "decision": "grant", "motivation": "Gegronde reden.", "body_advice": "Akkoord."})
    assert response.status_code == 302
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.GRANTED
    assert postponement.audit_deadline == dt.date(2026, 9, 30)
    assert postponement.board_informed_on == TODAY
    assert postponement.body_advice == "Akkoord."
    assert postponement.certificate.valid_until == dt.date(2026, 5, 31)
    assert Flag.objects.filter(audience=FlagAudience.BOARD, rule_id="R-Z4").exists()
    assert Decision.objects.get().decided_by == dirk


def test_r_z4_a_decided_request_is_refused_with_the_rule(desk, postponement):
    """R-Z4: a decided request is refused with the rule."""
    with travel(TODAY):
        desk.post(_url(postponement), {"confirm": "on", "decision": "refuse",
                                       "motivation": "Geen reden."})
        response = desk.post(_url(postponement), {"confirm": "on", "decision": "grant",
                                                  "motivation": "Toch."})
    assert response.status_code == 200
    assert "R-Z4" in " ".join(messages_of(response))
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.REFUSED
    assert Decision.objects.count() == 1


def test_r_0_3_without_motivation_nothing_is_stored(desk, postponement):
    """R-0.3: without motivation nothing is stored."""
    with travel(TODAY):
        response = desk.post(_url(postponement), {"confirm": "on", "decision": "grant",
                                                  "motivation": ""})
    assert response.status_code == 400
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.REQUESTED


@pytest.mark.parametrize("decision", ["grant", "refuse"])
def test_r_z4_a_decision_without_the_confirmation_stores_nothing(desk, postponement, decision):
    """R-Z4 (issue #9, confirmations bind): granting or refusing without the confirmation
    ticked is refused with a form error; the request stays open, no decision is recorded."""
    with travel(TODAY):
        response = desk.post(_url(postponement), {"decision": decision,
                                                  "motivation": "Gegronde reden."})
    assert response.status_code == 400
    assert "Bevestig deze stap" in response.content.decode()
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.REQUESTED
    assert not Decision.objects.exists()
