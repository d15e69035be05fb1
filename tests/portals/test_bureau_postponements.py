"""Postponements in the bureau portal (R-Z4): the bureau decides up to three months in total;
longer ones show "directeur beslist" and cannot be decided here."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import AuditState
from certificates.models import PostponementState
from core.models import Decision, DecisionKind
from tests.factories import AuditFactory, CertificateFactory, MemberFactory
from tests.portals.bureau_helpers import (
    assert_constant_queries,
    messages_of,
    postponement_on,
    text_of,
    travel,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 1)


@pytest.fixture
def certificate_x(member_x, body_a):
    """Member X's certificate, valid until 31 May 2026."""
    return CertificateFactory(audit=AuditFactory(member=member_x, body=body_a,
                                                 state=AuditState.DECIDED),
                              valid_from=dt.date(2023, 6, 1), valid_until=dt.date(2026, 5, 31))


def test_list_says_who_decides_r_z4(client, bea, xena, certificate_x, member_y, body_b):
    """R-Z4: two months the bureau decides; four months the directeur."""
    short = postponement_on(certificate_x, months=2, by=xena.user, requested_on=TODAY)
    other = CertificateFactory(audit=AuditFactory(member=member_y, body=body_b,
                                                  state=AuditState.DECIDED),
                               valid_from=dt.date(2023, 6, 1), valid_until=dt.date(2026, 5, 31))
    long = postponement_on(other, months=4, by=xena.user, requested_on=TODAY)
    client.force_login(bea)
    response = client.get(reverse("bureau:postponement_list"))
    html = text_of(response)
    assert "directeur beslist" in html
    rows = {p.pk: p for p in response.context["rows"]}
    assert not rows[short.pk].needs_director and rows[long.pk].needs_director
    detail = text_of(client.get(reverse("bureau:postponement_decide", kwargs={"pk": long.pk})))
    assert "directeur beslist" in detail and 'name="motivation"' not in detail


def test_the_bureau_grants_two_months_with_a_decision_record_r_z4(client, bea, xena,
                                                                   certificate_x):
    """R-Z4/R-0.3: granted by the bureau; the audit may wait until 31 July, the certificate
    still ends on 31 May."""
    postponement = postponement_on(certificate_x, months=2, by=xena.user, requested_on=TODAY)
    client.force_login(bea)
    url = reverse("bureau:postponement_decide", kwargs={"pk": postponement.pk})
    with travel(TODAY):
        page = text_of(client.get(url))
        assert "31 juli 2026" in page and "R-Z4" in page
        response = client.post(url, {"confirm": "on", "grant": "ja", "motivation": "Directiewissel."})
    assert response.status_code == 302
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.GRANTED
    assert postponement.audit_deadline == dt.date(2026, 7, 31)
    certificate_x.refresh_from_db()
    assert certificate_x.valid_until == dt.date(2026, 5, 31)
    decision = Decision.objects.get(kind=DecisionKind.POSTPONEMENT)
    assert decision.decided_by == bea and decision.role == "bureau"
    assert decision.motivation == "Directiewissel."


def test_a_refusal_is_recorded_too_r_z4(client, bea, xena, certificate_x):
    """R-Z4: a refusal is recorded too."""
    postponement = postponement_on(certificate_x, months=1, by=xena.user, requested_on=TODAY)
    client.force_login(bea)
    with travel(TODAY):
        client.post(reverse("bureau:postponement_decide", kwargs={"pk": postponement.pk}),
                    {"confirm": "on", "grant": "nee", "motivation": "Geen gegronde reden."})
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.REFUSED


def test_more_than_three_months_cannot_be_decided_here_even_by_the_director_r_z4(
        client, dirk, xena, certificate_x):
    """R-Z4: more than three months is the directeur's decision on the directeur's desk; the
    bureau portal refuses it, naming R-Z4."""
    postponement = postponement_on(certificate_x, months=4, by=xena.user, requested_on=TODAY)
    client.force_login(dirk)
    with travel(TODAY):
        response = client.post(
            reverse("bureau:postponement_decide", kwargs={"pk": postponement.pk}),
            {"confirm": "on", "grant": "ja", "motivation": "Akkoord."})
    assert response.status_code == 400
    assert any("R-Z4" in m and "directeur" in m for m in messages_of(response))
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.REQUESTED


def test_earlier_postponement_counts_towards_the_three_months_r_z4(client, bea, xena,
                                                                    certificate_x):
    """R-Z4: two months granted before plus two now is four: the directeur's."""
    earlier = postponement_on(certificate_x, months=2, by=xena.user, requested_on=TODAY)
    client.force_login(bea)
    with travel(TODAY):
        client.post(reverse("bureau:postponement_decide", kwargs={"pk": earlier.pk}),
                    {"confirm": "on", "grant": "ja", "motivation": "Directiewissel."})
        second = postponement_on(certificate_x, months=2, by=xena.user, requested_on=TODAY)
        response = client.get(reverse("bureau:postponement_list"))
        assert response.context["rows"][0].total_months == 4
        response = client.post(reverse("bureau:postponement_decide", kwargs={"pk": second.pk}),
                               {"confirm": "on", "grant": "ja", "motivation": "Nog langer."})
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.state == PostponementState.REQUESTED


def test_a_decision_without_motivation_stores_nothing(client, bea, xena, certificate_x):
    postponement = postponement_on(certificate_x, months=2, by=xena.user, requested_on=TODAY)
    client.force_login(bea)
    response = client.post(reverse("bureau:postponement_decide", kwargs={"pk": postponement.pk}),
                           {"confirm": "on", "grant": "ja", "motivation": ""})
    assert response.status_code == 400
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.REQUESTED
    assert not Decision.objects.exists()


def test_postponement_list_queries_do_not_grow_with_rows(client, bea, xena, body_a):
    def add_rows(n):
        for _ in range(n):
            member = MemberFactory()
            certificate = CertificateFactory(
                audit=AuditFactory(member=member, body=body_a, state=AuditState.DECIDED),
                valid_from=dt.date(2023, 6, 1), valid_until=dt.date(2026, 5, 31))
            postponement_on(certificate, months=2, by=xena.user, requested_on=TODAY)

    client.force_login(bea)
    assert_constant_queries(client, reverse("bureau:postponement_list"), add_rows)


@pytest.mark.parametrize("grant", ["ja", "nee"])
def test_r_z4_the_bureau_decision_without_the_confirmation_stores_nothing(
        client, bea, xena, certificate_x, grant):
    """R-Z4 (issue #9, confirmations bind): the bureau's decision without the confirmation
    ticked is refused with a form error and stores nothing."""
    postponement = postponement_on(certificate_x, months=2, by=xena.user, requested_on=TODAY)
    client.force_login(bea)
    with travel(TODAY):
        response = client.post(reverse("bureau:postponement_decide", kwargs={"pk": postponement.pk}),
                               {"grant": grant, "motivation": "Directiewissel."})
    assert response.status_code == 400
    assert "Bevestig deze stap" in text_of(response)
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.REQUESTED
    assert not Decision.objects.exists()
