"""The directeur's withdrawal of a certificate (R-Z5): reason, motivation and confirmation;
the register reflects it the same day; the member is flagged (R-M3)."""

import datetime as dt

import pytest
from django.urls import reverse

from certificates.models import CertificateState
from certificates.selectors import register_status
from core.models import Decision, DecisionKind
from tests.portals.director_helpers import certificate_for, messages_of, text_of, travel

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def desk(client, dirk):
    client.force_login(dirk)
    return client


@pytest.fixture
def certificate(member_x, body_a):
    return certificate_for(member_x, body=body_a)


def _url(certificate):
    return reverse("director:withdrawal", args=[certificate.pk])


def _post(desk, certificate, **data):
    payload = {"reason": "bankruptcy", "motivation": "Faillissement aangevraagd.",
               "confirm": "on"}
    payload.update(data)
    with travel(TODAY):
        return desk.post(_url(certificate), {k: v for k, v in payload.items() if v is not None})


def test_the_page_quotes_r_z5_and_asks_for_confirmation(desk, certificate):
    """R-Z5: the page quotes R-Z5 and asks for confirmation."""
    with travel(TODAY):
        page = text_of(desk.get(_url(certificate)))
    assert "R-Z5" in page and 'name="confirm"' in page and 'name="reason"' in page


def test_r_z5_withdrawal_without_confirmation_stores_nothing(desk, certificate):
    """R-Z5: withdrawal without confirmation stores nothing."""
    response = _post(desk, certificate, confirm=None)
    assert response.status_code == 400
    certificate.refresh_from_db()
    assert certificate.state == CertificateState.VALID


def test_r_z5_a_confirmed_withdrawal_shows_in_the_register_the_same_day(desk, dirk,
                                                                        certificate):
    """R-Z5: a confirmed withdrawal shows in the register the same day."""
    response = _post(desk, certificate)
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.state == CertificateState.WITHDRAWN
    assert register_status(member=certificate.member, today=TODAY).code == "withdrawn"
    decision = Decision.objects.get(kind=DecisionKind.WITHDRAWAL)
    assert decision.motivation == "Faillissement aangevraagd." and decision.decided_by == dirk
    certificate.member.refresh_from_db()
    assert certificate.member.without_certificate_since == TODAY  # R-M3


def test_r_z5_a_withdrawn_certificate_cannot_be_withdrawn_again(desk, certificate):
    """R-Z5: a withdrawn certificate cannot be withdrawn again."""
    _post(desk, certificate)
    response = _post(desk, certificate)
    assert response.status_code == 200
    assert "R-Z5" in " ".join(messages_of(response))
    assert Decision.objects.count() == 1


def test_r_z5_after_a_decided_renewal_the_director_withdraws_today_and_the_renewal(
        desk, member_x, body_a):
    """R-Z5/R-Z3 (issue #9): the certificate valid today was superseded by an early renewal.
    The member page still offers to withdraw it, the page names both certificates, and the
    confirmed withdrawal shows in the register the same day."""
    from certificates.models import Certificate
    from tests.factories import CertificateFactory

    current = CertificateFactory(number="NVVK-2023-0101", audit__member=member_x,
                                 audit__body=body_a, valid_from=dt.date(2023, 6, 1),
                                 valid_until=dt.date(2026, 5, 31))
    Certificate.objects.filter(pk=current.pk).update(state=CertificateState.SUPERSEDED)
    renewal = CertificateFactory(number="NVVK-2026-0101", audit__member=member_x,
                                 audit__body=body_a, previous=current,
                                 valid_from=dt.date(2026, 6, 1), valid_until=dt.date(2029, 5, 31))
    with travel(TODAY):
        member_page = text_of(desk.get(reverse("director:member", args=[member_x.pk])))
        assert _url(current) in member_page and _url(renewal) in member_page
        page = text_of(desk.get(_url(current)))
        assert "NVVK-2026-0101" in page and 'name="confirm"' in page
    response = _post(desk, current)
    assert response.status_code == 302
    for certificate in (current, renewal):
        certificate.refresh_from_db()
        assert certificate.state == CertificateState.WITHDRAWN
    assert register_status(member=member_x, today=TODAY).code == "withdrawn"
