"""The audit summary PDF (issue #5) for the director and the member (R-A1)."""

import io

from django.urls import reverse
from pypdf import PdfReader

from audits.models import AuditState
from tests.factories import AuditFactory, FindingFactory


def _text(response):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(
        response.content)).pages)


def test_the_director_and_the_member_download_the_summary_with_its_findings(
        client, dirk, xena, member_x, body_a):
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP)
    FindingFactory(audit=audit)
    for user, url in ((dirk, reverse("director:audit_summary_pdf", args=[audit.pk])),
                      (xena.user, reverse("member:audit_summary_pdf", args=[audit.pk]))):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        text = _text(response)
        assert member_x.name in text and "4.11" in text


def test_r_a1_another_members_summary_is_a_404(client, yuri, member_x, body_a):
    """R-A1: another members summary is a 404."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP)
    client.force_login(yuri.user)
    assert client.get(reverse("member:audit_summary_pdf", args=[audit.pk])).status_code == 404
