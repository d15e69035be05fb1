"""Issue #9: the auditor corrects or withdraws a finding from the auditor portal before the
report is definitive (R-U2); afterwards the page shows why it cannot, before the click."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import Audit, AuditState
from findings.models import FindingKind, FindingStatus
from findings.services import finding_record
from tests.portals.auditor_helpers import audit_in, messages_of, travel

pytestmark = pytest.mark.django_db


def _finding(audit, anna, kind=FindingKind.NONCONFORMITY):
    return finding_record(audit=audit, norm_code="4.11", kind=kind,
                          description="Dossiers zijn niet volledig.", actor=anna.user,
                          today=dt.date(2026, 3, 3))


def test_the_auditor_corrects_a_finding_from_the_findings_page_r_u2(client, anna, body_a,
                                                                    member_x):
    """R-U2: the findings page links to the correction; the corrected kind and the reason are
    shown in the list afterwards."""
    audit = audit_in(AuditState.CONCEPT_REPORT, member=member_x, body=body_a, lead=anna)
    finding = _finding(audit, anna)
    client.force_login(anna.user)
    url = reverse("auditor:finding_correct", args=[audit.pk, finding.pk])

    listing = client.get(reverse("auditor:audit_findings", args=[audit.pk])).content.decode()
    with travel():
        response = client.post(url, {
            "action": "correct", "correct-norm_code": "4.11", "correct-kind": "observation",
            "correct-description": "Dossiers zijn niet volledig.",
            "correct-reason": "Norm deels gehaald: een kanttekening."})

    assert url in listing
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.kind == FindingKind.OBSERVATION
    after = client.get(reverse("auditor:audit_findings", args=[audit.pk])).content.decode()
    assert "Norm deels gehaald: een kanttekening." in after


def test_the_auditor_withdraws_a_finding_with_confirmation_r_u2(client, anna, body_a, member_x):
    """R-U2: withdrawing needs the reason and the confirmation; then the finding is
    withdrawn."""
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    finding = _finding(audit, anna)
    client.force_login(anna.user)
    url = reverse("auditor:finding_correct", args=[audit.pk, finding.pk])

    unconfirmed = client.post(url, {"action": "withdraw", "withdraw-reason": "Dubbel."})
    response = client.post(url, {"action": "withdraw", "withdraw-reason": "Dubbel.",
                                 "withdraw-confirm": "on"})

    assert unconfirmed.status_code == 400
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.WITHDRAWN


def test_after_the_definitive_report_the_page_shows_why_and_refuses_r_u2(client, anna, body_a,
                                                                        member_x):
    """R-U2: once definitive, the list offers no correction, the page shows the buttons
    disabled with the reason, and a POST is refused naming R-U2."""
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    finding = _finding(audit, anna)
    Audit.objects.filter(pk=audit.pk).update(state=AuditState.DEFINITIVE)
    client.force_login(anna.user)
    url = reverse("auditor:finding_correct", args=[audit.pk, finding.pk])

    listing = client.get(reverse("auditor:audit_findings", args=[audit.pk])).content.decode()
    page = client.get(url).content.decode()
    response = client.post(url, {"action": "withdraw", "withdraw-reason": "x",
                                 "withdraw-confirm": "on"})

    assert url not in listing
    assert "Wat staat corrigeren of intrekken in de weg?" in page
    assert page.count('disabled aria-disabled="true"') == 2
    assert response.status_code == 400
    assert any("R-U2" in m for m in messages_of(response))
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN


def test_another_bodys_auditor_gets_a_404(client, anna, bob, body_a, member_x):
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    finding = _finding(audit, anna)
    client.force_login(bob.user)
    url = reverse("auditor:finding_correct", args=[audit.pk, finding.pk])
    assert client.get(url).status_code == 404
