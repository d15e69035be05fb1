"""Member portal: open findings with their deadlines and plans of approach for afwijkingen
(R-F3), the member's own findings only (R-A1)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audits.models import AuditState
from core.models import Document
from findings.models import FindingKind, PlanOfApproach, PlanState
from tests.factories import AuditFactory, FindingFactory
from tests.portals.member_helpers import PDF, messages_of, travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def x_client(client, xena):
    client.force_login(xena.user)
    return client


@pytest.fixture
def afwijking(member_x, body_a, anna):
    """An afwijking on norm 4.11 of 31 January 2026: the plan is due on 31 March 2026."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP)
    return FindingFactory(audit=audit, kind=FindingKind.NONCONFORMITY, recorded_by=anna.user)


def submit(client, finding, day=dt.date(2026, 3, 10), **data):
    with travel(day):
        return client.post(f"/portaal/bevindingen/{finding.pk}/plan/", data)


def test_r_f3_the_findings_page_shows_the_plan_deadline_and_a_submit_link(x_client, afwijking):
    """R-F3: the findings page shows the plan deadline and a submit link."""
    with travel():
        response = x_client.get("/portaal/bevindingen/")
    html = response.content.decode()
    assert "Plan van aanpak uiterlijk" in html and "31 maart 2026" in html
    assert f"/portaal/bevindingen/{afwijking.pk}/plan/" in html


def test_r_f3_a_plan_van_aanpak_goes_to_the_body_through_the_service(x_client, afwijking, xena):
    """R-F3: a plan van aanpak goes to the body through the service."""
    response = submit(x_client, afwijking, text="Dossiers worden per 1 april compleet.",
                      document=SimpleUploadedFile("plan.pdf", PDF))
    assert response.status_code == 302
    plan = PlanOfApproach.objects.get()
    assert (plan.state, plan.submitted_by, plan.submitted_on) == (
        PlanState.SUBMITTED, xena.user, dt.date(2026, 3, 10))
    assert plan.document.member_id == afwijking.member_id
    assert plan.document.title == "Plan van aanpak norm 4.11"
    with travel():
        html = x_client.get("/portaal/bevindingen/").content.decode()
    assert "ter beoordeling" in html and "Dossiers worden per 1 april compleet." in html


def test_r_f3_a_second_plan_while_one_is_under_review_is_refused_naming_the_rule(
        x_client, afwijking):
    """R-F3: a second plan while one is under review is refused naming the rule."""
    submit(x_client, afwijking, text="Eerste plan.")
    response = submit(x_client, afwijking, text="Tweede plan.",
                      document=SimpleUploadedFile("plan.pdf", PDF))
    assert response.status_code == 400
    message = messages_of(response)[-1]  # after the first plan's success message
    assert "R-F3" not in message and "ter beoordeling" in message
    assert PlanOfApproach.objects.count() == 1
    assert Document.objects.count() == 0  # the refused plan's attachment is not kept


def test_r_f3_after_the_two_months_the_plan_is_refused(x_client, afwijking):
    """R-F3: after the two months the plan is refused."""
    response = submit(x_client, afwijking, day=dt.date(2026, 4, 1), text="Te laat.")
    assert response.status_code == 400
    assert "twee maanden" in messages_of(response)[0] and "R-F3" not in messages_of(response)[0]
    assert not PlanOfApproach.objects.exists()


def test_an_empty_plan_or_a_wrong_file_type_stores_nothing(x_client, afwijking):
    assert submit(x_client, afwijking, text="  ").status_code == 400
    response = submit(x_client, afwijking, text="Plan",
                      document=SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 geen pdf"))
    assert response.status_code == 400
    assert not PlanOfApproach.objects.exists() and not Document.objects.exists()


def test_r_a1_another_members_finding_is_a_404(x_client, member_y, body_b, bob):
    """R-A1: another members finding is a 404."""
    audit = AuditFactory(member=member_y, body=body_b, state=AuditState.FOLLOW_UP)
    finding = FindingFactory(audit=audit, recorded_by=bob.user)
    with travel():
        assert x_client.get(f"/portaal/bevindingen/{finding.pk}/plan/").status_code == 404
    assert submit(x_client, finding, text="Plan").status_code == 404
    assert not PlanOfApproach.objects.exists()
