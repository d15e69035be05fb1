"""R-C2: the member chooses its certification body; R-C1: only a recognised, contracted one."""

import pytest
from django.urls import reverse

from audits.models import Audit, AuditKind, AuditState
from members.models import MemberState
from tests.factories import CertificationBodyFactory

URL = reverse("member:choose_body")


@pytest.fixture
def x_client(client, xena):
    client.force_login(xena.user)
    return client


def test_r_c2_a_member_chooses_the_body_for_its_recertification(x_client, member_x, body_a):
    """R-C2: a member chooses the body for its recertification."""
    response = x_client.post(URL, {"body": body_a.pk})
    audit = Audit.objects.get(member=member_x)
    assert response.status_code == 302
    assert response["Location"] == reverse("member:audit_detail", args=[audit.pk])
    assert (audit.kind, audit.body, audit.state) == (
        AuditKind.RECERTIFICATION, body_a, AuditState.BODY_CHOSEN)


def test_r_c1_a_body_without_a_contract_is_refused_and_nothing_is_stored(x_client, member_x):
    """R-C1: a body without a contract is refused and nothing is stored."""
    uncontracted = CertificationBodyFactory(name="Zonder Contract B.V.", contract=False)
    response = x_client.post(URL, {"body": uncontracted.pk})
    assert response.status_code == 400
    assert "Niet toegestaan" in response.content.decode()
    assert not Audit.objects.filter(member=member_x).exists()


def test_an_unrecognised_body_is_not_offered_and_an_empty_choice_is_explained(
        x_client, member_x, body_a):
    CertificationBodyFactory(name="Niet Erkend B.V.", recognised=False)
    page = x_client.get(URL).content.decode()
    assert body_a.name in page and "Niet Erkend" not in page
    response = x_client.post(URL, {})
    assert response.status_code == 400
    assert "Kies een certificerende instelling." in response.content.decode()
    assert not Audit.objects.exists()


def test_an_applicant_in_admission_chooses_for_its_admission_audit(client, xena, member_x,
                                                                    body_a):
    member_x.__dict__["state"] = MemberState.ADMISSION_AUDIT  # protected field: set via dict
    member_x.save()
    client.force_login(xena.user)
    client.post(URL, {"body": body_a.pk})
    assert Audit.objects.get(member=member_x).kind == AuditKind.ADMISSION
