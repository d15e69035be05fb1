"""The bureau's dashboard (R-N1): applications waiting, certificates expiring within seven months
without a planned audit, open deadlines by urgency with their rule ids, members without a valid
certificate, suspensions and appeals with their next date, complaints past their deadline."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import AuditKind, AuditState
from core.flags import flag_raise
from core.models import FlagAudience
from findings.models import AdditionalInvestigation, FindingKind
from members.models import MemberState
from overview.dashboard import bureau_deadlines
from suspensions.models import Appeal, AppealSubject
from tests.factories import AuditFactory, CertificateFactory, FindingFactory, MemberFactory
from tests.members.factories import AdmissionFactory
from tests.portals.bureau_helpers import (
    assert_constant_queries,
    complaint_about,
    suspension_of,
    text_of,
    travel,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)  # a Monday


def build_world(n, *, dirk, anna, body_a, tag=""):
    """``n`` of every kind of thing the dashboard shows, as of 16 March 2026."""
    for i in range(n):
        name = f"{tag}{i}"
        AdmissionFactory(member=MemberFactory(name=f"Aanvrager {name}",
                                              state=MemberState.APPLICANT, member_since=None),
                         submitted_on=dt.date(2026, 3, 2))
        expiring = MemberFactory(name=f"Verlopend {name}")
        CertificateFactory(audit=AuditFactory(member=expiring, body=body_a,
                                              state=AuditState.DECIDED),
                           valid_from=dt.date(2023, 9, 1), valid_until=dt.date(2026, 8, 31))
        MemberFactory(name=f"Zonder certificaat {name}",
                      without_certificate_since=dt.date(2026, 2, 1))
        suspended = MemberFactory(name=f"Geschorst {name}", state=MemberState.SUSPENDED)
        suspension = suspension_of(suspended, starts_on=dt.date(2026, 3, 1), by=dirk)
        Appeal.objects.create(
            suspension=suspension, subject=AppealSubject.SUSPENSION,
            announced_on=dt.date(2026, 3, 10), decision_notified_on=dt.date(2026, 3, 1),
            motivation="Wij zijn het niet eens met de schorsing.", filed_by=dirk,
            board_deadline=dt.date(2026, 6, 10))
        complaint_about(member=expiring, received_on=dt.date(2026, 3, 2))
        audit = AuditFactory(member=expiring, body=body_a, state=AuditState.FOLLOW_UP,
                             kind=AuditKind.INTERIM)
        finding = FindingFactory(audit=audit, kind=FindingKind.NONCONFORMITY,
                                 recorded_on=dt.date(2026, 2, 10), recorded_by=anna.user)
        risky = FindingFactory(audit=audit, kind=FindingKind.NONCONFORMITY,
                               recorded_on=dt.date(2026, 2, 11), recorded_by=anna.user,
                               risk_to_clients=True)
        AdditionalInvestigation.objects.create(
            finding=risky, rule_id="R-F4", ordered_on=dt.date(2026, 2, 20),
            due_on=dt.date(2026, 8, 11), ordered_by=anna.user)
        flag_raise(key=f"test-{name}-{finding.pk}", rule_id="R-M3",
                   audience=FlagAudience.BUREAU, today=TODAY, member=expiring,
                   message=f"R-M3: neem contact op met Verlopend {name}",
                   due_on=dt.date(2026, 3, 20))


def test_dashboard_shows_every_block_of_r_n1(client, bea, dirk, anna, body_a):
    """R-N1: each block lists its items with a count and links to them."""
    with travel(TODAY):
        build_world(1, dirk=dirk, anna=anna, body_a=body_a)
        client.force_login(bea)
        response = client.get(reverse("bureau:home"))
    assert response.status_code == 200
    html = text_of(response)
    for expected in ("Aanvrager 0", "Verlopend 0", "Zonder certificaat 0", "Geschorst 0",
                     "31 augustus 2026", "10 juni 2026", "R-F3", "R-F4", "R-S4", "R-S5",
                     "R-K2", "R-M3", "K-2026-"):
        assert expected in html, expected
    assert response.context["applications"]["count"] == 1
    assert response.context["expiring"]["count"] == 1
    assert response.context["late_complaints"]["count"] == 1
    assert response.context["suspensions"]["count"] == 1
    assert response.context["appeals"]["count"] == 1


def test_certificate_with_a_planned_audit_is_not_listed_as_expiring_r_n1(client, bea, body_a):
    """R-N1: only certificates expiring within seven months *without* a planned audit."""
    with travel(TODAY):
        planned = MemberFactory(name="Gepland")
        CertificateFactory(audit=AuditFactory(member=planned, body=body_a,
                                              state=AuditState.DECIDED),
                           valid_from=dt.date(2023, 9, 1), valid_until=dt.date(2026, 8, 31))
        AuditFactory(member=planned, body=body_a, state=AuditState.PREPARATION)
        client.force_login(bea)
        response = client.get(reverse("bureau:home"))
    assert response.context["expiring"]["count"] == 0


def test_deadlines_are_sorted_with_the_overdue_first_r_n1(dirk, anna, body_a):
    """R-N1: one list of open deadlines, soonest first, each with its rule id."""
    with travel(TODAY):
        build_world(1, dirk=dirk, anna=anna, body_a=body_a)
        deadlines = bureau_deadlines(today=TODAY)
    days = [d.on for d in deadlines]
    assert days == sorted(days)
    by_rule = {}
    for deadline in deadlines:  # the first (soonest) of each rule
        by_rule.setdefault(deadline.rule_id, deadline)
    # The e-mailed complaint of 2 March should have been acknowledged within 24 hours.
    assert by_rule["R-K2"].on == dt.date(2026, 3, 3)
    assert by_rule["R-K2"].urgency(TODAY) == "overdue"
    assert by_rule["R-F3"].on == dt.date(2026, 4, 10)  # two months after 10 February
    assert len([d for d in deadlines if d.rule_id == "R-F3"]) == 2  # also the risky one
    assert by_rule["R-F4"].on == dt.date(2026, 8, 11)
    assert by_rule["R-S5"].on == dt.date(2026, 6, 1)  # three months from 1 March
    assert by_rule["R-S4"].on == dt.date(2026, 6, 10)
    assert by_rule["R-M3"].urgency(TODAY) == "soon"


def test_a_plan_under_review_has_no_plan_deadline_r_f3(dirk, anna, body_a, xena, member_x):
    """R-F3: an afwijking whose plan is submitted waits for the body, not for the member."""
    from findings.models import PlanOfApproach

    with travel(TODAY):
        audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP)
        finding = FindingFactory(audit=audit, recorded_on=dt.date(2026, 2, 10),
                                 recorded_by=anna.user)
        PlanOfApproach.objects.create(finding=finding, text="Plan", submitted_on=TODAY,
                                      submitted_by=xena.user)
        assert not [d for d in bureau_deadlines(today=TODAY) if d.rule_id == "R-F3"]


def test_deadline_list_filters_by_urgency(client, bea, dirk, anna, body_a):
    with travel(TODAY):
        build_world(1, dirk=dirk, anna=anna, body_a=body_a)
        client.force_login(bea)
        response = client.get(reverse("bureau:deadline_list") + "?urgentie=overdue")
    assert response.status_code == 200
    assert {urgency for _d, urgency, _url in response.context["rows"]} == {"overdue"}
    assert "/bureau/klachten/" in text_of(response)


def test_dashboard_queries_do_not_grow_with_rows_r_n1(client, bea, dirk, anna, body_a):
    """R-N1: the dashboard costs the same number of queries with 3 rows as with 30."""
    made = {"n": 0}

    def add_rows(n):
        build_world(n, dirk=dirk, anna=anna, body_a=body_a, tag=f"r{made['n']}-")
        made["n"] += 1

    with travel(TODAY):
        client.force_login(bea)
        assert_constant_queries(client, reverse("bureau:home"), add_rows)
        assert_constant_queries(client, reverse("bureau:deadline_list"), add_rows)


def test_the_director_sees_the_dashboard_and_others_do_not(client, dirk, kim, xena):
    client.force_login(dirk)
    assert client.get(reverse("bureau:home")).status_code == 200
    client.force_login(kim)
    assert client.get(reverse("bureau:home")).status_code == 403
    client.force_login(xena.user)
    assert client.get(reverse("bureau:home")).status_code == 403


def test_each_deadline_links_to_its_object_r_n1(client, bea, dirk, anna, body_a):
    """R-N1: a complaint's deadline opens the complaint, a suspension's the suspensions list,
    a plan's the member's file."""
    from complaints.models import Complaint
    from suspensions.models import Suspension

    with travel(TODAY):
        build_world(1, dirk=dirk, anna=anna, body_a=body_a)
        client.force_login(bea)
        rows = client.get(reverse("bureau:deadline_list")).context["rows"]
    urls = {deadline.rule_id: url for deadline, _urgency, url in rows}
    complaint, suspension = Complaint.objects.get(), Suspension.objects.get()
    assert urls["R-K2"] == reverse("bureau:complaint_detail", kwargs={"pk": complaint.pk})
    assert urls["R-S5"] == reverse("bureau:suspension_list") + f"#schorsing-{suspension.pk}"
    assert urls["R-F3"].startswith("/bureau/leden/")
