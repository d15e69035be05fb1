"""R-C1 in the bureau portal: an audit whose body lost its recognition says so on its page, with
the way to reassign it to the body the member chose; while the body may audit the page offers
nothing and the service refuses."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import AuditKind, AuditState
from tests.factories import AuditFactory
from tests.portals.bureau_helpers import messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_on_site(member_x, body_a):
    return AuditFactory(member=member_x, body=body_a, kind=AuditKind.RECERTIFICATION,
                        state=AuditState.FIELDWORK, fieldwork_starts_on=dt.date(2026, 3, 2))


def test_bureau_reassigns_an_audit_whose_body_lost_recognition_r_c1(client, bea, body_a, body_b,
                                                                    audit_on_site):
    """R-C1: the page shows the stop and the link; posting the form cancels the old audit and
    starts a new one with the chosen body."""
    body_a.recognised = False
    body_a.save()
    client.force_login(bea)
    page = client.get(reverse("bureau:audit_detail", args=[audit_on_site.pk])).content.decode()
    assert reverse("bureau:audit_reassign", args=[audit_on_site.pk]) in page
    response = client.post(reverse("bureau:audit_reassign", args=[audit_on_site.pk]),
                           {"body": body_b.pk, "reason": "Erkenning ingetrokken.",
                            "confirm": "on"})
    assert response.status_code == 302
    audit_on_site.refresh_from_db()
    assert audit_on_site.state == AuditState.CANCELLED
    assert audit_on_site.member.audits.get(state=AuditState.BODY_CHOSEN).body == body_b


def test_no_reassignment_while_the_body_may_audit_r_c1(client, bea, body_b, audit_on_site):
    """R-C1/R-C2: while the body may audit, no link, and a post is refused naming R-C1."""
    client.force_login(bea)
    page = client.get(reverse("bureau:audit_detail", args=[audit_on_site.pk])).content.decode()
    assert reverse("bureau:audit_reassign", args=[audit_on_site.pk]) not in page
    response = client.post(reverse("bureau:audit_reassign", args=[audit_on_site.pk]),
                           {"body": body_b.pk, "reason": "x", "confirm": "on"})
    assert response.status_code == 400
    assert any("R-C1" in m for m in messages_of(response))
    audit_on_site.refresh_from_db()
    assert audit_on_site.state == AuditState.FIELDWORK
