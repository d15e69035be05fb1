"""Stored documents are served only through an access-checked view (R-A1, R-A2)."""

import pytest
from django.urls import reverse

from audits.models import AuditState
from core.documents import document_store
from tests.factories import AuditFactory


@pytest.fixture
def report_x(anna, member_x, body_a):
    AuditFactory(member=member_x, body=body_a, state=AuditState.CONCEPT_REPORT)
    return document_store(content=b"%PDF-1.4 rapport", name="../../etc/Rapport X.pdf",
                          mime_type="application/pdf", actor=anna.user, member=member_x)


def _get(client, user, document):
    client.force_login(user)
    return client.get(reverse("document_download", kwargs={"pk": document.pk}))


@pytest.mark.parametrize("who", ["bea", "dirk", "xena", "anna"])
def test_r_a1_those_involved_download_the_document_as_an_attachment(
        request, client, report_x, who):
    """R-A1: those involved download the document as an attachment."""
    user = request.getfixturevalue(who)
    response = _get(client, getattr(user, "user", user), report_x)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 rapport"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "etc" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["yuri", "bob"])
def test_r_a1_another_organisation_gets_404(request, client, report_x, who):
    """R-A1: another organisation gets 404."""
    user = request.getfixturevalue(who).user
    assert _get(client, user, report_x).status_code == 404


def test_r_a1_anonymous_is_sent_to_the_login_page(client, report_x):
    """R-A1: anonymous is sent to the login page."""
    response = client.get(reverse("document_download", kwargs={"pk": report_x.pk}))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_r_a2_the_stored_name_never_derives_from_the_uploaded_name(report_x):
    """R-A2: the stored name never derives from the uploaded name."""
    assert "etc" not in report_x.file.name and "Rapport" not in report_x.file.name
    assert report_x.original_name == "Rapport X.pdf"


def test_r_u2_a_member_cannot_open_a_concept_report_before_it_is_presented(
        client, xena, anna, member_x, body_a):
    """R-U2/R-A1: the concept is for the body's internal review until it is presented."""
    from audits.models import AuditReport, ReportVersion

    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.CONCEPT_REPORT)
    concept = document_store(content=b"%PDF-1.4 concept", name="concept.pdf",
                             mime_type="application/pdf", actor=anna.user, member=member_x)
    AuditReport.objects.create(audit=audit, version=ReportVersion.CONCEPT, document=concept,
                               uploaded_by=anna.user)
    assert _get(client, xena.user, concept).status_code == 404
    assert _get(client, anna.user, concept).status_code == 200


def test_r_m1_the_quality_team_opens_definitive_admission_reports_only(
        client, kim, anna, member_x, body_a, report_x):
    """R-M1: the quality team opens the definitive admission reports of its cases only."""
    from audits.models import AuditKind, AuditReport, ReportVersion
    from members.models import Member, MemberState

    Member.objects.filter(pk=member_x.pk).update(state=MemberState.ADMISSION_AUDIT)
    audit = AuditFactory(member=member_x, body=body_a, kind=AuditKind.ADMISSION,
                         state=AuditState.DEFINITIVE)
    definitive = document_store(content=b"%PDF-1.4 def", name="def.pdf",
                                mime_type="application/pdf", actor=anna.user, member=member_x)
    AuditReport.objects.create(audit=audit, version=ReportVersion.DEFINITIVE,
                               document=definitive, uploaded_by=anna.user)
    assert _get(client, kim, definitive).status_code == 200
    assert _get(client, kim, report_x).status_code == 404
