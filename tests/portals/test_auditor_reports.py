"""Reports (R-U2, PDF only, type by content) and the second auditor's review (R-C4) in the
auditor portal."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import AuditReport, AuditState, ReportVersion
from core.models import Document
from tests.audits.factories import add_report
from tests.portals.auditor_helpers import PDF, PNG, audit_in, count_queries, messages_of, travel


def _upload(client, audit, content, *, name="rapport.pdf", version="concept"):
    return client.post(reverse("auditor:audit_reports", args=[audit.pk]), {
        "version": version,
        "file": SimpleUploadedFile(name, content, content_type="application/pdf")})


def test_a_concept_report_is_uploaded_and_listed_with_a_download_link(client, anna, body_a,
                                                                      member_x):
    audit = audit_in(AuditState.ORAL_FEEDBACK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)

    response = _upload(client, audit, PDF, name="concept rapport.pdf")

    assert response.status_code == 302
    report = AuditReport.objects.get(audit=audit)
    assert report.version == ReportVersion.CONCEPT
    assert report.document.mime_type == "application/pdf"
    page = client.get(reverse("auditor:audit_reports", args=[audit.pk])).content.decode()
    download = reverse("document_download", args=[report.document.pk])
    assert download in page
    got = client.get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF


def test_a_png_renamed_pdf_is_refused_and_nothing_is_stored(client, anna, body_a, member_x):
    """The type is read from the content, not the name: a PNG called rapport.pdf is no PDF."""
    audit = audit_in(AuditState.ORAL_FEEDBACK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)

    response = _upload(client, audit, PNG, name="rapport.pdf")

    assert response.status_code == 400
    assert "Dit bestandstype is niet toegestaan. Toegestaan: PDF." in response.content.decode()
    assert not AuditReport.objects.exists()
    assert not Document.objects.exists()


def test_a_too_large_report_is_refused(client, anna, body_a, member_x, settings):
    settings.UPLOAD_MAX_BYTES = 100
    audit = audit_in(AuditState.ORAL_FEEDBACK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)
    response = _upload(client, audit, PDF + b" " * 200)
    assert response.status_code == 400
    assert "te groot" in response.content.decode()
    assert not Document.objects.exists()


def test_a_definitive_report_before_the_presentation_is_refused_naming_r_u2(
        client, anna, body_a, member_x):
    """R-U2: a definitive report before the presentation is refused naming R-U2."""
    audit = audit_in(AuditState.ORAL_FEEDBACK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)

    response = _upload(client, audit, PDF, version="definitive")

    assert response.status_code == 400
    assert any("R-U2" in m for m in messages_of(response))
    assert not Document.objects.exists()


def test_the_lead_auditor_cannot_review_and_is_told_so_r_c4(client, anna, arie, body_a,
                                                            member_x):
    """R-C4: the lead auditor cannot review and is told so."""
    audit = audit_in(AuditState.CONCEPT_REPORT, member=member_x, body=body_a, lead=anna,
                     second=arie)
    client.force_login(anna.user)
    url = reverse("auditor:audit_review", args=[audit.pk])

    page = client.get(url).content.decode()
    with travel():
        response = client.post(url, {"notes": "Zelf getoetst.", "confirm": "on"})

    assert "u kunt de eigen bevindingen niet toetsen" in page
    assert response.status_code == 400
    assert any(m.startswith('<span class="rule">R-C4</span>') for m in messages_of(response))
    audit.refresh_from_db()
    assert audit.state == AuditState.CONCEPT_REPORT and audit.reviewer is None


def test_the_second_auditor_reviews_r_c4(client, anna, arie, body_a, member_x):
    """R-C4: the second auditor reviews."""
    audit = audit_in(AuditState.CONCEPT_REPORT, member=member_x, body=body_a, lead=anna,
                     second=arie)
    add_report(audit, by=anna.user)
    client.force_login(arie.user)

    with travel():
        response = client.post(reverse("auditor:audit_review", args=[audit.pk]),
                               {"notes": "Bevindingen onderbouwd.", "confirm": "on"})

    assert response.status_code == 302
    audit.refresh_from_db()
    assert (audit.state, audit.reviewer, audit.review_notes) == (
        AuditState.REVIEWED, arie, "Bevindingen onderbouwd.")


def test_the_review_needs_confirmation(client, anna, arie, body_a, member_x):
    audit = audit_in(AuditState.CONCEPT_REPORT, member=member_x, body=body_a, lead=anna,
                     second=arie)
    client.force_login(arie.user)
    response = client.post(reverse("auditor:audit_review", args=[audit.pk]), {"notes": "x"})
    assert response.status_code == 400
    audit.refresh_from_db()
    assert audit.reviewer is None


def test_reports_list_issues_the_same_number_of_queries_for_3_and_30_rows(client, anna,
                                                                          body_a, member_x):
    audit = audit_in(AuditState.CONCEPT_REPORT, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)
    url = reverse("auditor:audit_reports", args=[audit.pk])
    for _ in range(3):
        add_report(audit, by=anna.user)
    few = count_queries(client, url)
    for _ in range(27):
        add_report(audit, by=anna.user)
    assert count_queries(client, url) == few
