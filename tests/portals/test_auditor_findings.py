"""Findings per norm in the auditor portal (R-F1, R-F8, R-U5) and the follow-up of earlier
findings at this audit (R-F2, R-F3, R-F5)."""

import datetime as dt

from django.urls import reverse

from audits.models import AuditState, CoveredNorm, Norm
from findings.models import (
    Finding,
    FindingJudgement,
    FindingKind,
    FindingKindChange,
    FindingStatus,
    PlanOfApproach,
)
from tests.factories import FindingFactory
from tests.portals.auditor_helpers import audit_in, count_queries, messages_of, travel


def _url(audit):
    return reverse("auditor:audit_findings", args=[audit.pk])


def test_record_form_offers_the_fifty_norms_grouped_by_area(client, anna, body_a, member_x):
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)
    html = client.get(_url(audit)).content.decode()
    assert html.count("<optgroup") == 7
    assert Norm.objects.count() == 50
    assert all(f'value="{code}"' in html for code in Norm.objects.values_list("code", flat=True))


def test_a_finding_is_recorded_on_a_norm_r_f1(client, anna, body_a, member_x):
    """R-F1: a finding is recorded on a norm."""
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)

    with travel():
        response = client.post(_url(audit), {
            "norm_code": "4.11", "kind": FindingKind.NONCONFORMITY,
            "description": "Dossiers onvolledig.", "risk_to_clients": "on"})

    assert response.status_code == 302
    finding = Finding.objects.get(audit=audit)
    assert (finding.norm.code, finding.kind, finding.risk_to_clients) == (
        "4.11", FindingKind.NONCONFORMITY, True)
    assert finding.recorded_by == anna.user
    page = client.get(_url(audit)).content.decode()
    assert "Dossiers onvolledig." in page
    assert "plan van aanpak uiterlijk 10 mei 2026" in page  # R-F3: two months
    assert "Aanvullend onderzoek opdragen" in page  # R-F4: an afwijking with risk


def test_a_kanttekening_with_risk_is_refused_naming_r_f1(client, anna, body_a, member_x):
    """R-F1: a kanttekening with risk is refused naming R-F1."""
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)

    response = client.post(_url(audit), {"norm_code": "1.1", "kind": FindingKind.OBSERVATION,
                                          "description": "Deels.", "risk_to_clients": "on"})

    assert response.status_code == 400
    assert any("R-F1" in m for m in messages_of(response))
    assert not Finding.objects.exists()


def test_a_finding_on_a_norm_covered_elsewhere_is_refused_naming_r_u5(client, anna, body_a,
                                                                      member_x):
    """R-U5: a finding on a norm covered elsewhere is refused naming R-U5."""
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    CoveredNorm.objects.create(audit=audit, norm=Norm.objects.get(code="3.6"),
                               other_mark="ISO 9001", reference="ISO-17")
    client.force_login(anna.user)

    response = client.post(_url(audit), {"norm_code": "3.6", "kind": FindingKind.OBSERVATION,
                                          "description": "Klachtenregeling."})

    assert "R-U5" in response.content.decode()
    assert not Finding.objects.exists()


def test_a_finding_before_the_fieldwork_is_refused_naming_r_u2(client, anna, body_a,
                                                                member_x):
    """R-U2: a finding before the fieldwork is refused naming R-U2."""
    audit = audit_in(AuditState.PREPARATION, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)
    response = client.post(_url(audit), {"norm_code": "1.1", "kind": FindingKind.OBSERVATION,
                                          "description": "Te vroeg."})
    assert "R-U2" in response.content.decode()
    assert not Finding.objects.exists()


def test_an_empty_form_stores_nothing(client, anna, body_a, member_x):
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)
    response = client.post(_url(audit), {"norm_code": "", "kind": "", "description": ""})
    assert response.status_code == 400
    assert not Finding.objects.exists()


def test_the_list_shows_the_escalation_history_r_f8(client, anna, body_a, member_x):
    """R-F8: the list shows the escalation history."""
    old = audit_in(AuditState.DECIDED, member=member_x, body=body_a,
                   fieldwork_starts_on=dt.date(2023, 3, 1))
    current = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    finding = FindingFactory(audit=old, kind=FindingKind.NONCONFORMITY,
                             recorded_on=dt.date(2023, 3, 2))
    FindingKindChange.objects.create(finding=finding, from_kind=FindingKind.OBSERVATION,
                                     to_kind=FindingKind.NONCONFORMITY,
                                     changed_on=dt.date(2026, 3, 2), rule_id="R-F2",
                                     reason="Onvoldoende.", audit=current)
    FindingJudgement.objects.create(finding=finding, audit=current, outcome="escalated",
                                    kind_before=FindingKind.OBSERVATION, notes="Onvoldoende.",
                                    judged_on=dt.date(2026, 3, 2), judged_by=anna.user)
    client.force_login(anna.user)

    html = client.get(_url(current)).content.decode()

    assert "afwijking (was kanttekening bij audit 2023)" in html


def test_the_follow_up_of_an_earlier_finding_is_judged_at_this_audit_r_f2(client, anna,
                                                                           body_a, member_x):
    """R-F2: the follow up of an earlier finding is judged at this audit."""
    old = audit_in(AuditState.DECIDED, member=member_x, body=body_a,
                   fieldwork_starts_on=dt.date(2023, 3, 1))
    current = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    finding = FindingFactory(audit=old, kind=FindingKind.OBSERVATION,
                             recorded_on=dt.date(2023, 3, 2))
    client.force_login(anna.user)
    url = reverse("auditor:finding_judge", args=[current.pk, finding.pk])

    listed = client.get(_url(current)).content.decode()
    with travel():
        response = client.post(url, {"outcome": "escalated", "notes": "Niets gedaan.",
                                     "confirm": "on"})

    assert url in listed
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.kind == FindingKind.NONCONFORMITY  # R-F2: same finding, escalated (R-F8)
    assert "afwijking (was kanttekening bij audit 2023)" in client.get(
        _url(current)).content.decode()


def test_maintaining_a_kanttekening_with_big_risk_is_refused_naming_r_f2(client, anna, body_a,
                                                                         member_x):
    """R-F2: maintaining a kanttekening with big risk is refused naming R-F2."""
    old = audit_in(AuditState.DECIDED, member=member_x, body=body_a,
                   fieldwork_starts_on=dt.date(2023, 3, 1))
    current = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    finding = FindingFactory(audit=old, kind=FindingKind.OBSERVATION,
                             recorded_on=dt.date(2023, 3, 2))
    client.force_login(anna.user)

    response = client.post(reverse("auditor:finding_judge", args=[current.pk, finding.pk]),
                           {"outcome": "maintained", "notes": "Iets.", "confirm": "on"})

    assert response.status_code == 400
    assert "R-F2" in response.content.decode()
    assert not FindingJudgement.objects.exists()


def test_a_finding_of_this_audit_is_not_judged_here(client, anna, body_a, member_x):
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    finding = FindingFactory(audit=audit)
    client.force_login(anna.user)
    assert client.get(reverse("auditor:finding_judge",
                              args=[audit.pk, finding.pk])).status_code == 404


def test_findings_list_issues_the_same_number_of_queries_for_3_and_30_rows(
        client, anna, body_a, member_x):
    old = audit_in(AuditState.DECIDED, member=member_x, body=body_a,
                   fieldwork_starts_on=dt.date(2023, 3, 1))
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)

    def add(n):
        for _ in range(n):
            finding = FindingFactory(audit=audit, risk_to_clients=True)
            PlanOfApproach.objects.create(finding=finding, text="Plan", submitted_by=anna.user,
                                          submitted_on=dt.date(2026, 3, 5))
            earlier = FindingFactory(audit=old, kind=FindingKind.OBSERVATION,
                                     status=FindingStatus.OPEN)
            FindingKindChange.objects.create(
                finding=earlier, from_kind=FindingKind.OBSERVATION,
                to_kind=FindingKind.NONCONFORMITY, changed_on=dt.date(2024, 1, 1),
                rule_id="R-F2", reason="x", audit=old)

    add(3)
    few = count_queries(client, _url(audit))
    add(27)
    assert count_queries(client, _url(audit)) == few


def test_a_finding_of_a_later_audit_is_not_judged_at_an_earlier_one(client, anna, body_a,
                                                                    member_x):
    earlier = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna,
                       fieldwork_starts_on=dt.date(2026, 3, 2))
    later = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna,
                     fieldwork_starts_on=dt.date(2027, 3, 1))
    finding = FindingFactory(audit=later)
    client.force_login(anna.user)
    assert client.get(_url(earlier)).context["earlier"] == []
    assert client.get(reverse("auditor:finding_judge",
                              args=[earlier.pk, finding.pk])).status_code == 404
