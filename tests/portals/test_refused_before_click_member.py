"""R-0.5 "refused before the click" (issue #9) in the member portal: a request the rules forbid
now is shown disabled with why, in the words of the check the service refuses with and without
rule-id chips (member text); the POST refuses with that same text and stores nothing. Where the
request is possible, the button is live."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import Audit, AuditKind, AuditState
from certificates.models import Postponement
from members.models import MemberState
from suspensions.models import Appeal
from tests.factories import AuditFactory
from tests.portals.member_helpers import certify, messages_of, suspend_directly, travel

pytestmark = pytest.mark.django_db

DISABLED = 'disabled aria-disabled="true"'


@pytest.fixture
def x_client(client, xena):
    client.force_login(xena.user)
    return client


def _refused(client, url, data, *, text: str):
    """GET shows the box with ``text`` (no rule chip) and a disabled button; the POST is
    refused with the same text."""
    page = client.get(url).content.decode()
    assert "blockers-box" in page and DISABLED in page and text in page
    assert '<span class="rule">' not in page.split("blockers-box", 1)[1].split("</div>", 1)[0]
    response = client.post(url, data)
    assert text in " ".join(messages_of(response))


def _allowed(client, url):
    page = client.get(url).content.decode()
    assert "blockers-box" not in page and DISABLED not in page


# --- R-Z4 postponement ----------------------------------------------------------------------


def test_r_0_5_r_z4_a_second_open_request_is_disabled(x_client, member_x, body_a, xena):
    """R-0.5, R-Z4: one open request at a time: the page says so before the click, the
    certificate page shows why instead of a live link, and the POST stores nothing."""
    certificate = certify(member_x, body=body_a, number="NVVK-2023-0042",
                          valid_from=dt.date(2023, 6, 1), valid_until=dt.date(2026, 5, 31))
    Postponement.objects.create(certificate=certificate, requested_on=dt.date(2026, 3, 1),
                                requested_by=xena.user, months=2, reason="Verbouwing.")
    text = "Er loopt al een uitstelverzoek voor dit certificaat."
    with travel(dt.date(2026, 3, 10)):
        _refused(x_client, reverse("member:postponement_request"),
                 {"months": "2", "reason": "Nogmaals."}, text=text)
        overview = x_client.get(reverse("member:certificate")).content.decode()
    assert text in overview
    assert reverse("member:postponement_request") not in overview
    assert Postponement.objects.count() == 1


def test_r_0_5_r_z4_a_first_request_is_offered(x_client, member_x, body_a):
    """R-0.5, R-Z4: without an open request the button is live."""
    certify(member_x, body=body_a, number="NVVK-2023-0042", valid_from=dt.date(2023, 6, 1),
            valid_until=dt.date(2026, 5, 31))
    with travel(dt.date(2026, 3, 10)):
        _allowed(x_client, reverse("member:postponement_request"))
        assert reverse("member:postponement_request") in x_client.get(
            reverse("member:certificate")).content.decode()


# --- R-S3 appeal ----------------------------------------------------------------------------


def test_r_0_5_r_s3_an_appeal_after_the_window_is_disabled(x_client, member_x, dirk):
    """R-0.5, R-S3: after the one-month window the appeal page says why before the click and
    the POST is refused; the appeals list shows no live link."""
    suspension = suspend_directly(member_x, by=dirk, starts_on=dt.date(2026, 3, 1))
    url = reverse("member:appeal_file", args=[suspension.pk])
    with travel(dt.date(2026, 4, 20)):
        _refused(x_client, url, {"subject": "suspension", "motivation": "Onterecht."},
                 text="Te laat: het besluit is op 1 maart 2026 bekendgemaakt")
        overview = x_client.get(reverse("member:appeals")).content.decode()
    assert url not in overview
    assert not Appeal.objects.exists()


def test_r_0_5_r_s3_an_appeal_in_time_is_offered(x_client, member_x, dirk):
    """R-0.5, R-S3: within the window the appeal button is live."""
    suspension = suspend_directly(member_x, by=dirk, starts_on=dt.date(2026, 3, 1))
    with travel(dt.date(2026, 3, 10)):
        _allowed(x_client, reverse("member:appeal_file", args=[suspension.pk]))


# --- R-C2 choosing a body -------------------------------------------------------------------


def test_r_0_5_r_c2_a_second_recertification_audit_is_disabled(x_client, member_x, body_a):
    """R-0.5, R-C2: with a recertification audit under way, choosing another body is disabled
    with why (cancel the open one first); the POST stores nothing."""
    AuditFactory(member=member_x, body=body_a, kind=AuditKind.RECERTIFICATION,
                 state=AuditState.BODY_CHOSEN)
    text = "annuleer die eerst om een andere instelling te kiezen."
    _refused(x_client, reverse("member:choose_body"), {"body": body_a.pk}, text=text)
    assert text in x_client.get(reverse("member:audits")).content.decode()
    assert Audit.objects.filter(member=member_x).count() == 1


def test_r_0_5_r_c2_choosing_a_body_is_offered(x_client, body_a):
    """R-0.5, R-C2: without an open audit the button is live, and so is the link."""
    _allowed(x_client, reverse("member:choose_body"))
    assert reverse("member:choose_body") in x_client.get(
        reverse("member:audits")).content.decode()


# --- R-M2 resignation -----------------------------------------------------------------------


def test_r_0_5_r_m2_a_suspended_member_cannot_resign(x_client, member_x):
    """R-0.5, R-M2: a suspended member: disabled with why, the POST refused."""
    type(member_x).objects.filter(pk=member_x.pk).update(state=MemberState.SUSPENDED)
    _refused(x_client, reverse("member:resign"), {"reason": "Weg.", "confirm": "on"},
             text="opzegging kan alleen vanuit")
    member_x.refresh_from_db()
    assert member_x.state == MemberState.SUSPENDED


def test_r_0_5_r_m2_a_member_can_resign(x_client):
    """R-0.5, R-M2: a member: the resignation button is live."""
    _allowed(x_client, reverse("member:resign"))
