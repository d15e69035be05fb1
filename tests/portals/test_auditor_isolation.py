"""R-A1: an auditor of CI B sees nothing of CI A anywhere in the auditor portal — not in the
lists, not by URL (404, logged), not by POST, not through a document link."""

import datetime as dt
import logging

import pytest
from django.urls import reverse

from audits.models import AreaAssessment, AuditState, PerformanceArea
from findings.models import AdditionalInvestigation, FindingKind, PlanOfApproach
from tests.audits.factories import add_report
from tests.factories import FindingFactory
from tests.portals.auditor_helpers import audit_in


@pytest.fixture
def ci_a(anna, arie, xena, body_a, member_x):
    """Everything of CI A: open audits in several steps with a finding, a plan, an
    investigation, a report, observations, and an earlier finding to judge."""
    old = audit_in(AuditState.DECIDED, member=member_x, body=body_a, lead=anna,
                   fieldwork_starts_on=dt.date(2023, 3, 1))
    earlier = FindingFactory(audit=old, kind=FindingKind.OBSERVATION, recorded_by=anna.user)
    audit = audit_in(AuditState.FOLLOW_UP, member=member_x, body=body_a, lead=anna,
                     second=arie)
    audit_in(AuditState.CONCEPT_REPORT, member=member_x, body=body_a, lead=arie)
    finding = FindingFactory(audit=audit, kind=FindingKind.NONCONFORMITY, risk_to_clients=True,
                             recorded_by=anna.user, description="Geheim van CI A")
    plan = PlanOfApproach.objects.create(finding=finding, text="Plan van X",
                                         submitted_on=dt.date(2026, 3, 1),
                                         submitted_by=xena.user)
    investigation = AdditionalInvestigation.objects.create(
        finding=finding, rule_id="R-F4", ordered_on=dt.date(2026, 3, 1),
        due_on=dt.date(2026, 8, 1), ordered_by=anna.user)
    report = add_report(audit, by=anna.user)
    AreaAssessment.objects.create(audit=audit, area=PerformanceArea.objects.get(number=1),
                                  observation="B")
    return {"audit": audit, "finding": finding, "plan": plan, "investigation": investigation,
            "report": report, "earlier": earlier}


def _object_urls(objects):
    pk = objects["audit"].pk
    urls = [reverse(f"auditor:{name}", args=[pk]) for name in (
        "audit_detail", "audit_team", "audit_plan", "audit_covered_norms", "audit_assessments",
        "audit_reports", "audit_review", "audit_findings", "audit_limits", "audit_advice")]
    urls += [
        reverse("auditor:audit_step", args=[pk, "start_follow_up"]),
        reverse("auditor:finding_judge", args=[pk, objects["earlier"].pk]),
        reverse("auditor:plan_assess", args=[objects["plan"].pk]),
        reverse("auditor:investigation_order", args=[objects["finding"].pk]),
        reverse("auditor:investigation_complete", args=[objects["investigation"].pk]),
        reverse("document_download", args=[objects["report"].document.pk]),
    ]
    return urls


def test_ci_b_lists_show_nothing_of_ci_a_r_a1(client, bob, ci_a, member_x, body_a):
    """R-A1: CI b lists show nothing of CI a."""
    client.force_login(bob.user)
    for name in ("auditor:home", "auditor:audit_list", "auditor:plan_list",
                 "auditor:investigation_list"):
        for query in ({}, {"status": "all"}, {"state": "follow_up"}):
            html = client.get(reverse(name), query).content.decode()
            for secret in (member_x.name, body_a.name, "Anna Auditor", "Arie Tweede",
                           "Plan van X", "Geheim van CI A"):
                assert secret not in html, (name, secret)


def test_ci_b_gets_404_for_every_ci_a_object_by_get_and_post_r_a1(client, bob, ci_a, caplog):
    """R-A1: CI b gets 404 for every CI a object by get and post."""
    client.force_login(bob.user)
    caplog.set_level(logging.WARNING, logger="keurmerk.access")
    for url in _object_urls(ci_a):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"confirm": "on", "decision": "approve",
                                 "kind": "negative", "motivation": "x"}).status_code == 404, url
    assert "R-A1" in caplog.text  # the attempts are logged
    ci_a["plan"].refresh_from_db()
    assert ci_a["plan"].state == "submitted"
    ci_a["audit"].refresh_from_db()
    assert ci_a["audit"].state == AuditState.FOLLOW_UP


def test_ci_a_sees_its_own_objects(client, anna, ci_a):
    client.force_login(anna.user)
    for url in _object_urls(ci_a):
        assert client.get(url).status_code == 200, url


def test_ci_b_sees_its_own_audit(client, bob, body_b, member_y):
    audit = audit_in(AuditState.FIELDWORK, member=member_y, body=body_b, lead=bob)
    client.force_login(bob.user)
    response = client.get(reverse("auditor:home"))
    assert member_y.name in response.content.decode()
    assert client.get(reverse("auditor:audit_detail", args=[audit.pk])).status_code == 200


def test_other_roles_are_refused_the_portal(client, bea, xena, ci_a):
    for user in (bea, xena.user):
        client.force_login(user)
        assert client.get(reverse("auditor:home")).status_code == 403
        assert client.get(reverse("auditor:audit_detail",
                                  args=[ci_a["audit"].pk])).status_code == 403
    client.logout()
    response = client.get(reverse("auditor:home"))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_an_inactive_auditor_sees_no_audits(client, anna, ci_a):
    anna.active = False
    anna.save()
    client.force_login(anna.user)
    assert client.get(reverse("auditor:home")).context["open_count"] == 0
    assert client.get(reverse("auditor:audit_detail", args=[ci_a["audit"].pk])).status_code \
        == 404
