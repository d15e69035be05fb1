"""Member portal: a complaint about the member's certifier (R-C2, R-K1, R-K2)."""

import pytest

from complaints.models import Complaint
from tests.factories import AuditFactory, CertificationBodyFactory
from tests.portals.member_helpers import travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def x_client(client, xena):
    client.force_login(xena.user)
    return client


@pytest.fixture
def audited(member_x, body_a):
    return AuditFactory(member=member_x, body=body_a)


def test_r_c2_the_member_files_a_complaint_about_its_certifier_and_sees_it(x_client, audited,
                                                                         body_a):
    """R-C2: the member files a complaint about its certifier and sees it."""
    with travel():
        form = x_client.get("/portaal/klachten/nieuw/")
        response = x_client.post("/portaal/klachten/nieuw/", {
            "body": body_a.pk, "content": "Het rapport kwam vier maanden te laat."})
        listing = x_client.get("/portaal/klachten/")
    assert form.status_code == 200 and "CI Alfa B.V." in form.content.decode()
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.body == body_a
    html = listing.content.decode()
    assert complaint.reference in html and "Ontvangen" in html
    assert "Klacht indienen" in html


def test_r_c2_a_body_that_never_audited_the_member_cannot_be_chosen(x_client, audited):
    """R-C2: a body that never audited the member cannot be chosen."""
    stranger = CertificationBodyFactory(name="CI Gamma B.V.")
    with travel():
        form = x_client.get("/portaal/klachten/nieuw/")
        response = x_client.post("/portaal/klachten/nieuw/", {
            "body": stranger.pk, "content": "Klacht."})
    assert "CI Gamma B.V." not in form.content.decode()
    assert response.status_code == 400 and not Complaint.objects.exists()


def test_an_empty_complaint_stores_nothing(x_client, audited, body_a):
    with travel():
        response = x_client.post("/portaal/klachten/nieuw/", {"body": body_a.pk, "content": ""})
    assert response.status_code == 400 and not Complaint.objects.exists()


def test_r_a1_the_list_shows_only_the_members_own_complaints(x_client, audited, body_a, yuri,
                                                            member_y):
    """R-A1: the list shows only the members own complaints."""
    from complaints.services import complaint_submit_by_member

    AuditFactory(member=member_y, body=body_a)
    theirs = complaint_submit_by_member(member=member_y, body=body_a, content="Van Y.",
                                        actor=yuri.user)
    with travel():
        html = x_client.get("/portaal/klachten/").content.decode()
    assert theirs.reference not in html
