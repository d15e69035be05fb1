"""The directeur's certification decision page (R-Z1, R-Z2, R-F6, R-F7, R-F8): the report,
findings, advice and limits on the page; the decision through ``certificate_decide``."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import AuditKind, AuditState, Norm
from certificates.models import Certificate
from core.models import Decision, DecisionKind
from findings.models import FindingKind, FindingKindChange, LimitsFollowUp
from tests.factories import AuditFactory, FindingFactory
from tests.portals.director_helpers import (
    advised_with_report,
    messages_of,
    text_of,
    travel,
)

TODAY = dt.date(2026, 4, 15)


@pytest.fixture
def desk(client, dirk):
    client.force_login(dirk)
    return client


@pytest.fixture
def audit(member_x, body_a, anna):
    """Member X's recertification audit of 2 March 2026, advised positively on 16 March."""
    return advised_with_report(member_x, body=body_a, by=anna.user)


def _url(audit):
    return reverse("director:certification", args=[audit.pk])


def test_the_page_shows_report_findings_advice_limits_and_rule(desk, audit, anna):
    """R-Z1 with R-F8: a finding that changed kind shows its history; R-F6: the counts."""
    finding = FindingFactory(audit=audit, kind=FindingKind.NONCONFORMITY,
                             recorded_by=anna.user, description="Dossiers onvolledig.")
    FindingKindChange.objects.create(
        finding=finding, from_kind=FindingKind.OBSERVATION, to_kind=FindingKind.NONCONFORMITY,
        changed_on=dt.date(2026, 3, 3), rule_id="R-F2", reason="Onvoldoende opgevolgd.",
        audit=audit)
    report = audit.reports.get()
    with travel(TODAY):
        response = desk.get(_url(audit))
    assert response.status_code == 200
    page = text_of(response)
    assert reverse("document_download", args=[report.document.pk]) in page
    assert "afwijking (was kanttekening bij audit 2026)" in page
    assert "Dossiers onvolledig." in page
    assert "Positief advies" in page
    assert "0 kanttekeningen, 1 afwijking, 0 tekortkomingen." in page
    assert "Binnen de grenzen." in page
    assert 'class="rule-text"' in page and "R-Z1" in page and "R-F6" in page
    assert 'class="radar"' in page  # the Kwaliteitskader picture (R-U3)
    assert 'name="decision"' in page
    # R-Z2: four years is no option after an ordinary recertification audit.
    assert 'name="four_years_swn"' not in page


def test_r_f6_exceeded_limits_and_the_body_decision_are_shown(desk, audit, anna):
    """R-F6: exceeded limits and the body decision are shown."""
    for code in ("1.1", "1.2", "1.3", "1.4"):
        FindingFactory(audit=audit, kind=FindingKind.NONCONFORMITY, recorded_by=anna.user,
                       norm=Norm.objects.get(code=code))
    LimitsFollowUp.objects.create(audit=audit, decision_text="Extra onderzoek na 3 maanden.",
                                  decided_on=dt.date(2026, 3, 10), decided_by=anna.user)
    with travel(TODAY):
        page = text_of(desk.get(_url(audit)))
    assert "meer dan drie afwijkingen" in page
    assert "Extra onderzoek na 3 maanden." in page


def test_r_z1_certifying_on_a_positive_advice_issues_the_certificate(desk, dirk, audit):
    """R-Z1: certifying on a positive advice issues the certificate."""
    with travel(TODAY):
        response = desk.post(_url(audit), {"confirm": "on", "decision": "certify", "motivation": ""},
                             follow=True)
    certificate = Certificate.objects.get(audit=audit)
    assert certificate.valid_from == TODAY
    assert certificate.valid_until == dt.date(2029, 4, 14)
    audit.refresh_from_db()
    assert audit.state == AuditState.DECIDED
    decision = Decision.objects.get(kind=DecisionKind.CERTIFICATION)
    assert decision.decided_by == dirk and decision.rule_id == "R-Z1"
    assert response.redirect_chain[-1][0] == reverse("director:home")
    assert any(certificate.number in message for message in messages_of(response))


def test_r_z1_refusing_against_a_positive_advice_needs_a_motivation(desk, audit):
    """R-Z1: refusing against a positive advice needs a motivation."""
    with travel(TODAY):
        response = desk.post(_url(audit), {"decision": "refuse", "confirm": "on",
                                           "motivation": ""})
    assert response.status_code == 200
    assert "R-Z1" in " ".join(messages_of(response))
    assert "wijkt af van het advies" in text_of(response)
    audit.refresh_from_db()
    assert audit.state == AuditState.ADVISED
    assert not Decision.objects.exists()


def test_r_z1_refusing_with_a_motivation_is_recorded_without_certificate(desk, audit):
    """R-Z1: refusing with a motivation is recorded without certificate."""
    with travel(TODAY):
        response = desk.post(_url(audit), {"decision": "refuse", "confirm": "on",
                                           "motivation": "Klachten wegen zwaarder."})
    assert response.status_code == 302
    assert not Certificate.objects.exists()
    decision = Decision.objects.get()
    assert "afwijkend van het advies" in decision.outcome
    assert decision.motivation == "Klachten wegen zwaarder."


def test_refusing_certification_asks_for_confirmation(desk, audit):
    with travel(TODAY):
        response = desk.post(_url(audit), {"decision": "refuse", "motivation": "Nee."})
    assert response.status_code == 400
    assert "Bevestig deze stap" in text_of(response)
    audit.refresh_from_db()
    assert audit.state == AuditState.ADVISED


def test_bad_input_stores_nothing(desk, audit):
    with travel(TODAY):
        response = desk.post(_url(audit), {"decision": "maybe"})
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_r_z2_four_years_after_a_combined_swn_audit(desk, member_y, body_b, bob):
    """R-Z2: four years after a combined SWN audit."""
    audit = advised_with_report(member_y, body=body_b, by=bob.user,
                                kind=AuditKind.COMBINED_SWN)
    with travel(TODAY):
        assert 'name="four_years_swn"' in text_of(desk.get(_url(audit)))
        desk.post(_url(audit), {"confirm": "on", "decision": "certify", "four_years_swn": "on"})
    certificate = Certificate.objects.get(audit=audit)
    assert certificate.four_years_swn
    assert certificate.valid_until == dt.date(2030, 4, 14)


def test_r_z2_four_years_is_ignored_for_another_audit_kind(desk, audit):
    """R-Z2: four years is ignored for another audit kind."""
    with travel(TODAY):
        desk.post(_url(audit), {"confirm": "on", "decision": "certify", "four_years_swn": "on"})
    assert Certificate.objects.get(audit=audit).valid_until == dt.date(2029, 4, 14)


def test_r_u2_an_audit_not_yet_advised_shows_the_form_disabled_and_refuses(desk, member_y,
                                                                          body_b):
    """R-U2, R-0.5: an audit not yet advised shows the form disabled with what stands in the
    way, and refuses."""
    follow_up = AuditFactory(member=member_y, body=body_b, state=AuditState.FOLLOW_UP)
    url = _url(follow_up)  # in follow-up, no advice yet
    with travel(TODAY):
        page = text_of(desk.get(url))
        assert 'disabled aria-disabled="true"' in page
        assert "de directeur besluit pas na het advies" in page
        response = desk.post(url, {"confirm": "on", "decision": "certify"})
    assert response.status_code == 200
    assert "R-U2" in " ".join(messages_of(response))
    assert not Certificate.objects.filter(audit=follow_up).exists()


def test_r_z1_certifying_without_the_confirmation_issues_nothing(desk, audit):
    """R-Z1 (issue #9, confirmations bind): the page says "Ik bevestig dit besluit"; a
    certification without that box ticked is refused with a form error and stores nothing."""
    with travel(TODAY):
        response = desk.post(_url(audit), {"decision": "certify", "motivation": ""})
    assert response.status_code == 400
    assert "Bevestig deze stap" in text_of(response)
    audit.refresh_from_db()
    assert audit.state == AuditState.ADVISED
    assert not Certificate.objects.exists()
    assert not Decision.objects.exists()
