"""The bureau's admission steps (R-M1): start the review, record the check with the scope
(R-M5), record the contact, open the admission audit (refused naming R-M1 and what is missing),
inform the Bestuur and record the completion."""

import datetime as dt

import pytest
from django.urls import reverse

from core.models import Decision
from members.models import Admission, MemberState
from tests.factories import MemberFactory
from tests.members.factories import AdmissionFactory, applicant_in
from tests.portals.bureau_helpers import messages_of, text_of, travel

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 20)


def step_url(name, member):
    return reverse(f"bureau:admission_{name}", kwargs={"pk": member.pk})


@pytest.fixture
def applicant(db):
    return applicant_in(MemberState.APPLICANT)


def test_the_bureau_takes_an_application_through_step_one_r_m1(client, bea, applicant):
    """R-M1 step 1: review, check with scope, contact; then the admission audit (step 2)."""
    client.force_login(bea)
    with travel(TODAY):
        detail = text_of(client.get(reverse("bureau:member_detail", kwargs={"pk": applicant.pk})))
        assert step_url("start_review", applicant) in detail
        assert "In behandeling nemen" in text_of(client.get(step_url("start_review", applicant)))
        assert client.post(step_url("start_review", applicant)).status_code == 302
        applicant.refresh_from_db()
        assert applicant.state == MemberState.UNDER_REVIEW

        response = client.post(step_url("check", applicant), {
            "meets_conditions": "on", "notes": "Statuten en KvK in orde.",
            "scope": ["1", "6", "8"]})
        assert response.status_code == 302
        admission = Admission.objects.get(member=applicant)
        assert admission.meets_conditions and admission.checked_on == TODAY
        assert admission.checked_by == bea
        assert set(applicant.scope.values_list("number", flat=True)) == {1, 6, 8}

        response = client.post(step_url("contact", applicant), {"contacted_on": "2026-01-19"})
        assert response.status_code == 302
        assert Admission.objects.get(member=applicant).contacted_on == dt.date(2026, 1, 19)

        response = client.post(step_url("start_audit", applicant), {"confirm": "on"})
        assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.state == MemberState.ADMISSION_AUDIT
    assert applicant.history.order_by("-history_id").first().history_user == bea


def test_the_admission_audit_is_refused_naming_r_m1_and_what_is_missing(client, bea):
    """R-M1/R-0.5: the page lists what is missing; the refusal names R-M1."""
    member = applicant_in(MemberState.UNDER_REVIEW)
    client.force_login(bea)
    page = text_of(client.get(step_url("start_audit", member)))
    assert "de controle door het Verenigingsbureau" in page
    assert "contact met de organisatie" in page
    response = client.post(step_url("start_audit", member), {"confirm": "on"})
    assert response.status_code == 400
    assert any("R-M1" in m and "nog niet compleet" in m for m in messages_of(response))
    member.refresh_from_db()
    assert member.state == MemberState.UNDER_REVIEW


def test_the_admission_audit_needs_the_confirmation(client, bea):
    member = applicant_in(MemberState.UNDER_REVIEW, checked=True)
    client.force_login(bea)
    response = client.post(step_url("start_audit", member), {})
    assert response.status_code == 400
    assert "Bevestig deze stap" in text_of(response)
    member.refresh_from_db()
    assert member.state == MemberState.UNDER_REVIEW


def test_check_without_scope_stores_nothing(client, bea):
    member = applicant_in(MemberState.UNDER_REVIEW)
    client.force_login(bea)
    response = client.post(step_url("check", member), {"meets_conditions": "on", "notes": ""})
    assert response.status_code == 400
    assert Admission.objects.get(member=member).checked_on is None


def test_a_step_in_the_wrong_state_is_refused_naming_r_m1(client, bea, member_x):
    """R-M1: a member (not an applicant) cannot be taken into review."""
    AdmissionFactory(member=member_x, checked=True)
    client.force_login(bea)
    response = client.post(step_url("start_review", member_x))
    assert response.status_code == 400
    assert any("R-M1" in m for m in messages_of(response))


def test_the_director_cannot_take_the_bureaus_steps_r_m1(client, dirk, applicant):
    """R-M1: the check is the bureau's; the directeur in the bureau portal is refused."""
    client.force_login(dirk)
    response = client.post(step_url("start_review", applicant))
    assert response.status_code == 400
    assert any("R-M1" in m for m in messages_of(response))


def test_inform_board_and_complete_after_the_directors_decision_r_m1(client, bea, dirk):
    """R-M1 steps 3 and 4: the Bestuur informed, then the completion dates."""
    member = MemberFactory(state=MemberState.MEMBER, member_since=dt.date(2026, 5, 4))
    AdmissionFactory(member=member, checked=True, decided_on=dt.date(2026, 5, 4))
    client.force_login(bea)
    with travel(dt.date(2026, 5, 20)):
        response = client.post(step_url("complete", member),
                               {"introduction_meeting_on": "2026-05-11"})
        assert response.status_code == 400  # the Bestuur must be informed first
        assert any("Bestuur" in m and "R-M1" in m for m in messages_of(response))
        assert client.post(step_url("inform_board", member),
                           {"informed_on": "2026-05-06"}).status_code == 302
        assert client.post(step_url("complete", member), {
            "introduction_meeting_on": "2026-05-11", "published_on": "2026-05-12",
        }).status_code == 302
    admission = Admission.objects.get(member=member)
    assert admission.board_informed_on == dt.date(2026, 5, 6)
    assert admission.introduction_meeting_on == dt.date(2026, 5, 11)
    assert admission.published_on == dt.date(2026, 5, 12)
    assert not Decision.objects.filter(member=member).exists()  # no decision of the bureau


def test_complete_needs_at_least_one_date(client, bea, member_x):
    client.force_login(bea)
    response = client.post(step_url("complete", member_x), {})
    assert response.status_code == 400
    assert "Vul ten minste één datum in." in text_of(response)
