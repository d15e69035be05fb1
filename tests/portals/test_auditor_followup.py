"""Follow-up in the auditor portal: plans of approach (R-F3), additional investigations (R-F4,
R-F5), the limits (R-F6) and the advice (R-F7), with what blocks it shown before submitting."""

import datetime as dt

from django.urls import reverse

from audits.models import AuditState, Norm
from core.models import Decision, DecisionKind
from findings.models import (
    AdditionalInvestigation,
    Advice,
    FindingKind,
    FindingStatus,
    InvestigationState,
    LimitsFollowUp,
    PlanOfApproach,
    PlanState,
)
from tests.factories import FindingFactory
from tests.portals.auditor_helpers import audit_in, messages_of, travel

FOUND = dt.date(2026, 2, 1)  # plan due 1 April 2026 (R-F3); investigation 1 August (R-F4)


def _follow_up(anna, body_a, member_x, *, kind=FindingKind.NONCONFORMITY, risk=False):
    audit = audit_in(AuditState.FOLLOW_UP, member=member_x, body=body_a, lead=anna)
    finding = FindingFactory(audit=audit, kind=kind, risk_to_clients=risk, recorded_on=FOUND,
                             recorded_by=anna.user)
    return audit, finding


def _plan(finding, contact):
    return PlanOfApproach.objects.create(finding=finding, text="Dossiers aanvullen.",
                                         submitted_on=dt.date(2026, 3, 1),
                                         submitted_by=contact.user)


# --- plans of approach (R-F3) -----------------------------------------------------------------


def test_a_plan_is_approved_with_an_assessment_r_f3(client, anna, xena, body_a, member_x):
    """R-F3: a plan is approved with an assessment."""
    _audit, finding = _follow_up(anna, body_a, member_x)
    plan = _plan(finding, xena)
    client.force_login(anna.user)
    url = reverse("auditor:plan_assess", args=[plan.pk])

    page = client.get(url).content.decode()
    with travel():
        response = client.post(url, {"decision": "approve", "assessment": "Concreet.",
                                     "confirm": "on"})

    assert "Dossiers aanvullen." in page and "1 april 2026" in page
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.assessment, plan.assessed_by) == (PlanState.APPROVED, "Concreet.",
                                                               anna.user)


def test_a_rejection_without_motivation_is_refused_naming_r_f3(client, anna, xena, body_a,
                                                               member_x):
    """R-F3: a rejection without motivation is refused naming R-F3."""
    _audit, finding = _follow_up(anna, body_a, member_x)
    plan = _plan(finding, xena)
    client.force_login(anna.user)

    with travel():
        response = client.post(reverse("auditor:plan_assess", args=[plan.pk]),
                               {"decision": "reject", "assessment": "", "confirm": "on"})

    assert response.status_code == 400
    assert any("R-F3" in m for m in messages_of(response))
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED


def test_a_rejection_on_the_deadline_warns_and_escalates_r_f3(client, anna, xena, body_a,
                                                              member_x):
    """R-F3: a rejection on the deadline warns and escalates."""
    _audit, finding = _follow_up(anna, body_a, member_x)
    plan = _plan(finding, xena)
    client.force_login(anna.user)
    url = reverse("auditor:plan_assess", args=[plan.pk])

    with travel(dt.date(2026, 4, 1)):
        page = client.get(url).content.decode()
        client.post(url, {"decision": "reject", "assessment": "Niet concreet.",
                          "confirm": "on"})

    assert "afkeuren maakt de afwijking direct een tekortkoming" in page
    finding.refresh_from_db()
    assert finding.kind == FindingKind.MAJOR


def test_plan_list_shows_plans_awaiting_assessment_by_default(client, anna, xena, body_a,
                                                              member_x):
    _audit, finding = _follow_up(anna, body_a, member_x)
    _plan(finding, xena)
    other = FindingFactory(audit=finding.audit, recorded_by=anna.user)
    PlanOfApproach.objects.create(finding=other, text="Oud", submitted_on=dt.date(2026, 2, 5),
                                  submitted_by=xena.user, state=PlanState.APPROVED)
    client.force_login(anna.user)

    assert len(client.get(reverse("auditor:plan_list")).context["page"]) == 1
    assert len(client.get(reverse("auditor:plan_list"), {"status": "all"}).context["page"]) == 2
    assert len(client.get(reverse("auditor:plan_list"),
                          {"status": "approved"}).context["page"]) == 1


# --- additional investigations (R-F4, R-F5) ---------------------------------------------------


def test_an_investigation_for_an_afwijking_without_risk_is_refused_naming_r_f4(
        client, anna, body_a, member_x):
    """R-F4: an investigation for an afwijking without risk is refused naming R-F4."""
    _audit, finding = _follow_up(anna, body_a, member_x, risk=False)
    client.force_login(anna.user)

    with travel():
        response = client.post(reverse("auditor:investigation_order", args=[finding.pk]),
                               {"confirm": "on"})

    assert response.status_code == 400
    assert any("R-F4" in m for m in messages_of(response))
    assert not AdditionalInvestigation.objects.exists()


def test_an_investigation_is_ordered_and_completed_r_f4(client, anna, body_a, member_x):
    """R-F4: an investigation is ordered and completed."""
    _audit, finding = _follow_up(anna, body_a, member_x, risk=True)
    client.force_login(anna.user)
    order_url = reverse("auditor:investigation_order", args=[finding.pk])

    page = client.get(order_url).content.decode()
    with travel():
        ordered = client.post(order_url, {"confirm": "on"})
    investigation = AdditionalInvestigation.objects.get()
    complete_url = reverse("auditor:investigation_complete", args=[investigation.pk])
    with travel(dt.date(2026, 6, 1)):
        completed = client.post(complete_url, {"held_on": "2026-05-28",
                                               "outcome": "insufficient",
                                               "notes": "Geen voortgang.", "confirm": "on"})

    assert "uiterlijk uit te voeren" in page.lower() and "1 augustus 2026" in page
    assert ordered.status_code == 302 and completed.status_code == 302
    investigation.refresh_from_db()
    assert investigation.state == InvestigationState.COMPLETED
    finding.refresh_from_db()
    assert finding.kind == FindingKind.MAJOR  # R-F4: insufficient progress


def test_an_investigation_for_a_tekortkoming_names_r_f5(client, anna, body_a, member_x):
    """R-F5: an investigation for a tekortkoming names R-F5."""
    _audit, finding = _follow_up(anna, body_a, member_x, kind=FindingKind.MAJOR)
    client.force_login(anna.user)
    page = client.get(reverse("auditor:investigation_order", args=[finding.pk]))
    assert page.context["rule_id"] == "R-F5"
    with travel():
        client.post(reverse("auditor:investigation_order", args=[finding.pk]), {"confirm": "on"})
    assert AdditionalInvestigation.objects.get().rule_id == "R-F5"


def test_completing_with_a_date_in_the_future_is_refused(client, anna, body_a, member_x):
    _audit, finding = _follow_up(anna, body_a, member_x, risk=True)
    investigation = AdditionalInvestigation.objects.create(
        finding=finding, rule_id="R-F4", ordered_on=dt.date(2026, 3, 1),
        due_on=dt.date(2026, 8, 1), ordered_by=anna.user)
    client.force_login(anna.user)
    with travel():
        response = client.post(
            reverse("auditor:investigation_complete", args=[investigation.pk]),
            {"held_on": "2026-04-01", "outcome": "sufficient", "notes": "x", "confirm": "on"})
    assert "R-F4" in response.content.decode()
    investigation.refresh_from_db()
    assert investigation.state == InvestigationState.ORDERED


# --- limits (R-F6) and advice (R-F7) ----------------------------------------------------------


def test_the_advice_page_explains_blockers_and_limits_before_submitting_r_f7_r_f6(
        client, anna, body_a, member_x):
    """R-F7, R-F6: the advice page explains blockers and limits before submitting."""
    audit = audit_in(AuditState.FOLLOW_UP, member=member_x, body=body_a, lead=anna)
    for code in ("1.1", "1.2", "1.3", "1.4"):
        FindingFactory(audit=audit, norm=Norm.objects.get(code=code), recorded_by=anna.user,
                       kind=FindingKind.NONCONFORMITY)
    client.force_login(anna.user)

    response = client.get(reverse("auditor:audit_advice", args=[audit.pk]))

    html = response.content.decode()
    assert "meer dan drie afwijkingen" in html  # R-F6 reason
    assert "Het besluit van de CI over het vervolg ontbreekt nog." in html
    assert "heeft nog geen goedgekeurd plan van aanpak" in html  # R-F7 with R-F3
    rules = [rule for rule, _text in response.context["positive_blockers"]]
    assert "R-F7" in rules and "R-F6" in rules
    assert [rule for rule, _text in response.context["negative_blockers"]] == ["R-F6"]


def test_a_positive_advice_with_an_open_afwijking_is_refused_naming_r_f7(client, anna, body_a,
                                                                         member_x):
    """R-F7: a positive advice with an open afwijking is refused naming R-F7."""
    audit, _finding = _follow_up(anna, body_a, member_x)
    client.force_login(anna.user)

    with travel():
        response = client.post(reverse("auditor:audit_advice", args=[audit.pk]), {
            "kind": "positive", "motivation": "Goed.", "confirm": "on"})

    assert response.status_code == 400
    assert any(m.startswith('<span class="rule">R-F7</span>') for m in messages_of(response))
    assert not Advice.objects.exists()
    audit.refresh_from_db()
    assert audit.state == AuditState.FOLLOW_UP


def test_the_limits_decision_then_the_advice_r_f6_r_f7(client, anna, body_a, member_x):
    """R-F6, R-F7: the limits decision then the advice."""
    audit = audit_in(AuditState.FOLLOW_UP, member=member_x, body=body_a, lead=anna)
    for _ in range(6):
        FindingFactory(audit=audit, kind=FindingKind.OBSERVATION, recorded_by=anna.user)
    client.force_login(anna.user)

    with travel():
        refused = client.post(reverse("auditor:audit_advice", args=[audit.pk]), {
            "kind": "negative", "motivation": "Te veel.", "confirm": "on"})
        decided = client.post(reverse("auditor:audit_limits", args=[audit.pk]), {
            "decision_text": "Extra steekproef na zes maanden.", "confirm": "on"})
        advised = client.post(reverse("auditor:audit_advice", args=[audit.pk]), {
            "kind": "conditional", "conditions": "Steekproef binnen zes maanden.",
            "motivation": "Voldoet onder voorwaarden.", "confirm": "on"})

    assert any("R-F6" in m for m in messages_of(refused))
    assert decided.status_code == 302 and advised.status_code == 302
    assert LimitsFollowUp.objects.get(audit=audit).decided_by == anna.user
    advice = Advice.objects.get(audit=audit)
    assert (advice.kind, advice.conditions) == ("conditional", "Steekproef binnen zes maanden.")
    assert Decision.objects.filter(kind=DecisionKind.AUDIT_ADVICE).count() == 1
    audit.refresh_from_db()
    assert audit.state == AuditState.ADVISED
    page = client.get(reverse("auditor:audit_advice", args=[audit.pk])).content.decode()
    assert "Gegeven advies" in page and "Positief advies onder voorwaarden" in page


def test_a_limits_decision_within_the_limits_is_refused_naming_r_f6(client, anna, body_a,
                                                                    member_x):
    """R-F6: a limits decision within the limits is refused naming R-F6."""
    audit = audit_in(AuditState.FOLLOW_UP, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)
    response = client.post(reverse("auditor:audit_limits", args=[audit.pk]), {
        "decision_text": "Niet nodig.", "confirm": "on"})
    assert "R-F6" in response.content.decode()
    assert not LimitsFollowUp.objects.exists()


def test_resolved_findings_still_count_for_the_limits(client, anna, body_a, member_x):
    """R-F6 counts what the audit found, also when resolved since."""
    audit = audit_in(AuditState.FOLLOW_UP, member=member_x, body=body_a, lead=anna)
    for _ in range(6):
        FindingFactory(audit=audit, kind=FindingKind.OBSERVATION, status=FindingStatus.RESOLVED,
                       recorded_by=anna.user)
    client.force_login(anna.user)
    limits = client.get(reverse("auditor:audit_limits", args=[audit.pk])).context["limits"]
    assert limits.body_decision_missing
