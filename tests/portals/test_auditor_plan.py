"""Planning an audit in the auditor portal: the team (R-C3, R-C4), the plan (R-U4, R-U6,
R-M5, R-M6) and norms covered by another quality mark (R-U5)."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from audits.models import AuditState, CoveredNorm
from members.models import CoreData, ScopeItem
from tests.audits.factories import PriorInvolvementFactory
from tests.factories import AuditorFactory
from tests.members.factories import CoreDataFactory
from tests.portals.auditor_helpers import audit_in, messages_of, travel


def test_team_is_assigned_through_the_service(client, anna, arie, body_a, member_x):
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a)
    client.force_login(anna.user)

    with travel():
        response = client.post(reverse("auditor:audit_team", args=[audit.pk]),
                               {"lead": anna.pk, "second": arie.pk})

    assert response.status_code == 302
    audit.refresh_from_db()
    assert (audit.lead_auditor, audit.second_auditor) == (anna, arie)
    assert audit.history.order_by("-history_id").first().history_user == anna.user


def test_team_of_one_auditor_twice_is_refused_naming_r_c4(client, anna, body_a, member_x):
    """R-C4: team of one auditor twice is refused naming R-C4."""
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a)
    client.force_login(anna.user)

    with travel():
        response = client.post(reverse("auditor:audit_team", args=[audit.pk]),
                               {"lead": anna.pk, "second": anna.pk})

    assert response.status_code == 400
    assert any(m.startswith('<span class="rule">R-C4</span>') for m in messages_of(response))
    audit.refresh_from_db()
    assert audit.lead_auditor is None


def test_auditor_without_confidentiality_or_independence_is_refused_naming_r_c3(
        client, anna, body_a, member_x):
    """R-C3: auditor without confidentiality or independence is refused naming R-C3."""
    unsigned = AuditorFactory(body=body_a, name="Udo Ongetekend",
                              confidentiality_signed_on=None)
    PriorInvolvementFactory(auditor=anna, member=member_x, started_on=dt.date(2024, 1, 1),
                            ended_on=dt.date(2024, 6, 30))
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a)
    client.force_login(anna.user)
    url = reverse("auditor:audit_team", args=[audit.pk])

    page = client.get(url).content.decode()
    with travel():
        unsigned_response = client.post(url, {"lead": unsigned.pk})
        involved_response = client.post(url, {"lead": anna.pk})

    assert "Udo Ongetekend (geen geheimhoudingsverklaring)" in page
    assert "R-C3" in unsigned_response.content.decode()
    assert "geheimhoudingsverklaring" in unsigned_response.content.decode()
    assert "niet onafhankelijk" in involved_response.content.decode()
    audit.refresh_from_db()
    assert audit.lead_auditor is None


def test_another_bodys_auditor_cannot_be_chosen(client, anna, bob, body_a, member_x):
    """R-A1: the form offers only the body's own auditors; bob's id is an invalid choice."""
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a)
    client.force_login(anna.user)
    response = client.post(reverse("auditor:audit_team", args=[audit.pk]), {"lead": bob.pk})
    assert response.status_code == 400
    assert "Bob Beta" not in client.get(
        reverse("auditor:audit_team", args=[audit.pk])).content.decode()


def test_plan_records_dates_days_scope_levels_and_freezes_core_data_r_u6_r_m6(
        client, anna, body_a, member_x):
    """R-U6, R-M6: plan records dates days scope levels and freezes core data."""
    CoreDataFactory(member=member_x)
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a,
                     fieldwork_starts_on=None, fieldwork_ends_on=None)
    client.force_login(anna.user)

    with travel():
        response = client.post(reverse("auditor:audit_plan", args=[audit.pk]), {
            "fieldwork_starts_on": "2026-04-14", "fieldwork_ends_on": "2026-04-15",
            "planned_days": "2.5", "planned_auditors": "2", "scope": ["1", "2"],
            "development_levels": "on"})

    assert response.status_code == 302, messages_of(response)
    audit.refresh_from_db()
    assert audit.fieldwork_starts_on == dt.date(2026, 4, 14)
    assert audit.planned_days == Decimal("2.5")
    assert audit.development_levels is True  # R-U4
    assert sorted(audit.scope.values_list("number", flat=True)) == [1, 2]
    assert CoreData.objects.filter(audit=audit).exists()  # R-M6 snapshot


def test_plan_without_core_data_is_refused_naming_r_m6_and_nothing_is_stored(
        client, anna, body_a, member_x):
    """R-M6: plan without core data is refused naming R-M6 and nothing is stored."""
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a)
    client.force_login(anna.user)

    with travel():
        response = client.post(reverse("auditor:audit_plan", args=[audit.pk]), {
            "fieldwork_starts_on": "2026-04-14", "planned_days": "2",
            "planned_auditors": "2", "scope": ["1"]})

    assert response.status_code == 400
    assert "R-M6" in response.content.decode()
    audit.refresh_from_db()
    assert audit.planned_days is None
    assert audit.fieldwork_starts_on == dt.date(2026, 3, 2)


def test_plan_outside_the_members_scope_is_not_offered_r_m5(client, anna, body_a, member_x):
    """R-M5: plan outside the members scope is not offered."""
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a)
    client.force_login(anna.user)
    outside = ScopeItem.objects.exclude(pk__in=member_x.scope.all()).first()

    response = client.post(reverse("auditor:audit_plan", args=[audit.pk]), {
        "planned_auditors": "2", "scope": [str(outside.number)]})

    assert response.status_code == 400
    assert response.context["form"].errors["scope"]


def test_plan_with_end_before_start_is_a_form_error(client, anna, body_a, member_x):
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a)
    client.force_login(anna.user)
    response = client.post(reverse("auditor:audit_plan", args=[audit.pk]), {
        "fieldwork_starts_on": "2026-04-14", "fieldwork_ends_on": "2026-04-13",
        "planned_auditors": "2"})
    assert response.status_code == 400
    assert "ligt vóór de eerste dag" in response.content.decode()


def test_norm_covered_elsewhere_is_marked_and_not_twice_r_u5(client, anna, body_a, member_x):
    """R-U5: norm covered elsewhere is marked and not twice."""
    audit = audit_in(AuditState.PREPARATION, member=member_x, body=body_a)
    client.force_login(anna.user)
    url = reverse("auditor:audit_covered_norms", args=[audit.pk])
    data = {"norm_code": "3.6", "other_mark": "ISO 9001", "reference": "ISO-2025-17",
            "improvement_follow_up": "Opgevolgd.", "reduction": "Een halve dag minder."}

    first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == 302
    assert CoveredNorm.objects.filter(audit=audit, norm__code="3.6").count() == 1
    audit.refresh_from_db()
    assert audit.overlap_reduction == "Een halve dag minder."
    assert second.status_code == 400 and "R-U5" in second.content.decode()
    assert "ISO-2025-17" in client.get(url).content.decode()
