"""The kernteam Kwaliteit's pages (R-M1 step 3, SPEC §1, R-A1): the admission cases it
advises on with report and findings, the advice through
``admission_record_quality_team_advice``, the report download, the recertification list."""

import datetime as dt

import pytest
from django.urls import reverse

from core.models import Decision, DecisionKind
from members.models import AdmissionAdvice
from tests.factories import FindingFactory
from tests.portals.director_helpers import (
    admission_case,
    advised_with_report,
    count_queries,
    messages_of,
    text_of,
    travel,
)

TODAY = dt.date(2026, 4, 27)


@pytest.fixture
def team(client, kim):
    client.force_login(kim)
    return client


@pytest.fixture
def case(anna, body_a):
    return admission_case(body=body_a, by=anna.user)


def test_r_m1_the_home_page_lists_only_cases_with_a_definitive_report(team, case, anna,
                                                                     body_a, member_x):
    """R-M1: the home page lists only cases with a definitive report."""
    unreported = admission_case(body=body_a, by=anna.user, name="Nog zonder rapport")
    unreported.audits.get().reports.all().delete()
    page = text_of(team.get(reverse("quality_team:home")))
    assert reverse("quality_team:case", args=[case.pk]) in page
    assert "Nog zonder rapport" not in page and member_x.name not in page


def test_the_case_list_has_a_constant_number_of_queries(team, anna, body_a):
    for i in range(3):
        admission_case(body=body_a, by=anna.user, name=f"A{i}")
    few = count_queries(team, reverse("quality_team:home"))
    for i in range(27):
        admission_case(body=body_a, by=anna.user, name=f"B{i}",
                       qt_advice=AdmissionAdvice.POSITIVE)
    assert count_queries(team, reverse("quality_team:home")) == few


def test_the_case_shows_the_report_link_findings_and_advice_form(team, case, anna):
    audit = case.audits.get()
    FindingFactory(audit=audit, recorded_by=anna.user, description="Klachtenregeling ontbreekt.")
    report = audit.reports.get()
    page = text_of(team.get(reverse("quality_team:case", args=[case.pk])))
    assert reverse("quality_team:report", args=[report.pk]) in page
    assert "Klachtenregeling ontbreekt." in page and "afwijking" in page
    assert 'name="advice"' in page and "R-M1" in page


def test_r_m1_the_kernteam_records_its_advice(team, kim, case):
    """R-M1: the kernteam records its advice."""
    with travel(TODAY):
        response = team.post(reverse("quality_team:case", args=[case.pk]),
                             {"advice": "positive", "text": "Past bij de vereniging."})
    assert response["Location"] == reverse("quality_team:home")
    case.admission.refresh_from_db()
    assert case.admission.quality_team_advice == AdmissionAdvice.POSITIVE
    assert case.admission.quality_team_advised_on == TODAY
    decision = Decision.objects.get(kind=DecisionKind.QUALITY_TEAM_ADVICE)
    assert decision.decided_by == kim


def test_r_0_3_a_second_advice_corrects_the_first(team, case):
    """R-0.3: a second advice corrects the first."""
    url = reverse("quality_team:case", args=[case.pk])
    team.post(url, {"advice": "positive", "text": "Eerste advies."})
    team.post(url, {"advice": "negative", "text": "Bij nader inzien niet."})
    first, second = Decision.objects.order_by("decided_at", "id")
    assert second.corrects == first
    case.admission.refresh_from_db()
    assert case.admission.quality_team_advice == AdmissionAdvice.NEGATIVE


def test_an_advice_without_text_stores_nothing(team, case):
    response = team.post(reverse("quality_team:case", args=[case.pk]), {"advice": "positive"})
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_r_m1_only_the_kernteam_advises(client, dirk, case):
    """R-M1: only the kernteam advises."""
    client.force_login(dirk)
    url = reverse("quality_team:case", args=[case.pk])
    assert "Alleen het kernteam Kwaliteit legt dit advies vast" in text_of(client.get(url))
    response = client.post(url, {"advice": "positive", "text": "Namens het kernteam."})
    assert "R-M1" in " ".join(messages_of(response))
    assert not Decision.objects.exists()


def test_r_a1_the_report_is_served_to_the_kernteam_as_an_attachment(team, case):
    """R-A1: the report is served to the kernteam as an attachment."""
    report = case.audits.get().reports.get()
    response = team.get(reverse("quality_team:report", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 rapport"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_r_a1_a_report_outside_the_kernteams_cases_is_a_404(team, member_y, body_b, bob):
    """R-A1: a report outside the kernteams cases is a 404."""
    audit = advised_with_report(member_y, body=body_b, by=bob.user)
    response = team.get(reverse("quality_team:report", args=[audit.reports.get().pk]))
    assert response.status_code == 404


def test_recertifications_are_listed_for_information(team, member_y, body_b, bob):
    advised_with_report(member_y, body=body_b, by=bob.user)
    page = text_of(team.get(reverse("quality_team:recertifications")))
    assert member_y.name in page and "Positief advies" in page
    assert 'class="decision-form"' not in page


def test_the_recertification_list_has_a_constant_number_of_queries(team, body_b, bob):
    from tests.factories import MemberFactory

    for _i in range(3):
        advised_with_report(MemberFactory(), body=body_b, by=bob.user)
    few = count_queries(team, reverse("quality_team:recertifications"))
    for _i in range(27):
        advised_with_report(MemberFactory(), body=body_b, by=bob.user)
    assert count_queries(team, reverse("quality_team:recertifications")) == few
