"""Member portal: the member's certificates and its postponement request (R-Z4)."""

import datetime as dt

import pytest

from certificates.models import Postponement, PostponementState
from tests.portals.member_helpers import certify, messages_of, travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def x_client(client, xena):
    client.force_login(xena.user)
    return client


@pytest.fixture
def certificate(member_x, body_a):
    """Valid 1 June 2023 up to and including 31 May 2026."""
    return certify(member_x, body=body_a, number="NVVK-2023-0042",
                   valid_from=dt.date(2023, 6, 1), valid_until=dt.date(2026, 5, 31))


def request_postponement(client, day=dt.date(2026, 3, 10), **data):
    with travel(day):
        return client.post("/portaal/certificaat/uitstel/", data)


def test_the_certificate_page_shows_the_certificates_and_the_register_status(x_client,
                                                                           certificate):
    with travel():
        html = x_client.get("/portaal/certificaat/").content.decode()
    for text in ("NVVK-2023-0042", "1 juni 2023", "31 mei 2026", "CI Alfa B.V.",
                 "Geldig tot en met 31 mei 2026", "Uitstel aanvragen", "R-Z4"):
        assert text in html, text


def test_r_z4_the_member_requests_postponement_before_the_certificate_expires(
        x_client, certificate, xena):
    """R-Z4: the member requests postponement before the certificate expires."""
    response = request_postponement(x_client, months="2", reason="Fusie met Budgetbeheer Y.")
    assert response.status_code == 302
    postponement = Postponement.objects.get()
    assert (postponement.months, postponement.state, postponement.requested_by) == (
        2, PostponementState.REQUESTED, xena.user)


def test_r_z4_after_the_certificate_expired_the_request_is_refused_naming_the_rule(
        x_client, certificate):
    """R-Z4: after the certificate expired the request is refused naming the rule."""
    response = request_postponement(x_client, day=dt.date(2026, 6, 1), months="2",
                                     reason="Te laat.")
    assert response.status_code == 400
    assert "verlopen" in messages_of(response)[0] and "R-Z4" not in messages_of(response)[0]
    assert not Postponement.objects.exists()


def test_r_z4_a_reason_is_required_and_at_most_six_months(x_client, certificate):
    """R-Z4: a reason is required and at most six months."""
    assert request_postponement(x_client, months="2", reason="").status_code == 400
    assert request_postponement(x_client, months="7", reason="Lang.").status_code == 400
    assert not Postponement.objects.exists()


def test_without_a_certificate_there_is_nothing_to_postpone(x_client):
    with travel():
        page = x_client.get("/portaal/certificaat/uitstel/")
    assert "geen geldig certificaat" in page.content.decode()
    assert request_postponement(x_client, months="2", reason="Reden").status_code == 200
    assert not Postponement.objects.exists()
