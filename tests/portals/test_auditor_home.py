"""The auditor's home page and lists: own body's audits grouped by step, next actions and
deadlines (R-F3 plans, R-F4/R-F5 investigations, R-C4 reviews), a constant number of queries
(R-A1: nothing of another body)."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import AuditState
from findings.models import AdditionalInvestigation, FindingKind, PlanOfApproach
from tests.factories import FindingFactory, MemberFactory
from tests.portals.auditor_helpers import audit_in, count_queries


def _work(n, *, body, auditor, second=None):
    """``n`` open audits of ``body`` (steps spread over the R-U2 steps), each with an afwijking,
    a plan awaiting assessment and an ordered investigation."""
    states = [AuditState.BODY_CHOSEN, AuditState.PREPARATION, AuditState.CONCEPT_REPORT,
              AuditState.FOLLOW_UP]
    for i in range(n):
        member = MemberFactory()
        audit = audit_in(states[i % len(states)], member=member, body=body, lead=auditor,
                         second=second)
        finding = FindingFactory(audit=audit, kind=FindingKind.NONCONFORMITY,
                                 risk_to_clients=True, recorded_by=auditor.user,
                                 recorded_on=dt.date(2026, 2, 1))
        PlanOfApproach.objects.create(finding=finding, text=f"Plan {i}",
                                      submitted_on=dt.date(2026, 3, 1),
                                      submitted_by=auditor.user)
        AdditionalInvestigation.objects.create(
            finding=finding, rule_id="R-F4", ordered_on=dt.date(2026, 2, 2),
            due_on=dt.date(2026, 8, 1), ordered_by=auditor.user)


def test_home_groups_open_audits_by_step_with_next_actions(client, anna, arie, bob, body_a,
                                                           body_b, member_x, member_y):
    audit_in(AuditState.PREPARATION, member=member_x, body=body_a, lead=anna)
    review = audit_in(AuditState.CONCEPT_REPORT, member=member_x, body=body_a, lead=arie,
                      second=anna)
    audit_in(AuditState.DECIDED, member=member_x, body=body_a, lead=anna)
    audit_in(AuditState.PREPARATION, member=member_y, body=body_b, lead=bob)
    client.force_login(anna.user)

    response = client.get(reverse("auditor:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Voorbereiding" in html and "Conceptrapport" in html
    assert response.context["open_count"] == 2  # the decided audit is not open
    assert [a.pk for a in response.context["reviews"]] == [review.pk]  # R-C4: arie leads it
    assert member_y.name not in html  # R-A1


def test_home_lists_plans_awaiting_assessment_and_investigations_due_r_f3_r_f4(
        client, anna, body_a):
    """R-F3, R-F4: home lists plans awaiting assessment and investigations due."""
    _work(2, body=body_a, auditor=anna)
    client.force_login(anna.user)

    response = client.get(reverse("auditor:home"))

    assert len(response.context["plans"]) == 2
    assert len(response.context["investigations"]) == 2
    html = response.content.decode()
    assert "termijn plan 1 april 2026" in html  # R-F3: two months after 1 February
    assert "uiterlijk 1 augustus 2026" in html


def test_the_lead_auditor_is_not_offered_the_review_r_c4(client, anna, arie, body_a,
                                                          member_x):
    """R-C4: the lead auditor is not offered the review."""
    audit_in(AuditState.CONCEPT_REPORT, member=member_x, body=body_a, lead=anna, second=arie)
    client.force_login(anna.user)
    assert client.get(reverse("auditor:home")).context["reviews"] == []
    client.force_login(arie.user)
    assert len(client.get(reverse("auditor:home")).context["reviews"]) == 1


@pytest.mark.parametrize("name", ["auditor:home", "auditor:audit_list", "auditor:plan_list",
                                  "auditor:investigation_list"])
def test_list_pages_issue_the_same_number_of_queries_for_3_and_30_rows(client, anna, arie,
                                                                        body_a, name):
    client.force_login(anna.user)
    url = reverse(name)
    _work(3, body=body_a, auditor=anna, second=arie)
    few = count_queries(client, url)
    _work(27, body=body_a, auditor=anna, second=arie)
    many = count_queries(client, url)
    assert few == many


def test_audit_list_filters_by_step_and_member_and_paginates(client, anna, body_a, member_x):
    _work(30, body=body_a, auditor=anna)
    audit_in(AuditState.DECIDED, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)

    first = client.get(reverse("auditor:audit_list"))
    assert len(first.context["page"]) == 25
    assert first.context["page"].paginator.count == 31
    decided = client.get(reverse("auditor:audit_list"), {"state": "decided"})
    assert [a.member for a in decided.context["page"]] == [member_x]
    by_name = client.get(reverse("auditor:audit_list"), {"member": "Schuldhulp X"})
    assert [a.member for a in by_name.context["page"]] == [member_x]
    second = client.get(reverse("auditor:audit_list"), {"state": "", "pagina": 2})
    assert len(second.context["page"]) == 6
