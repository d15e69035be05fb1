"""Every list page of the member portal issues the same number of queries with 3 rows as with
30 (issue #4 acceptance). The register and the document list have their own tests."""

import datetime as dt

import pytest

from audits.models import AuditEvaluation, AuditState
from certificates.models import Postponement, PostponementState
from complaints.services import complaint_submit_by_member
from findings.models import FindingKind, PlanOfApproach
from suspensions.models import Appeal
from tests.factories import AuditFactory, FindingFactory
from tests.portals.member_helpers import certify, count_queries, suspend_directly, travel

pytestmark = pytest.mark.django_db


def add_findings(n, *, start, member, body, by):
    for i in range(start, start + n):
        audit = AuditFactory(member=member, body=body, state=AuditState.FOLLOW_UP)
        finding = FindingFactory(audit=audit, recorded_by=by.user,
                                 kind=[FindingKind.NONCONFORMITY, FindingKind.OBSERVATION,
                                       FindingKind.MAJOR][i % 3])
        if i % 3 == 0:
            PlanOfApproach.objects.create(finding=finding, text=f"Plan {i}",
                                          submitted_on=dt.date(2026, 2, 1),
                                          submitted_by=member.contacts.first().user)


def add_audits(n, *, start, member, body, by):
    for i in range(start, start + n):
        audit = AuditFactory(member=member, body=body, state=AuditState.DECIDED)
        if i % 2:
            AuditEvaluation.objects.create(audit=audit, score=7)


def add_complaints(n, *, start, member, body, by):
    AuditFactory(member=member, body=body)
    for i in range(start, start + n):
        complaint_submit_by_member(member=member, body=body, content=f"Klacht {i}",
                                   actor=member.contacts.first().user)


def add_certificates(n, *, start, member, body, by):
    for i in range(start, start + n):
        certificate = certify(member, body=body, number=f"NVVK-2020-{i:04d}",
                              valid_from=dt.date(2000 + i % 20, 1, 1) + dt.timedelta(days=i),
                              valid_until=dt.date(2002 + i % 20, 12, 31))
        Postponement.objects.create(certificate=certificate, state=PostponementState.GRANTED,
                                    requested_on=dt.date(2020, 1, 1), months=1, reason="R",
                                    requested_by=by.user, decided_on=dt.date(2020, 1, 5),
                                    audit_deadline=dt.date(2020, 3, 1))


def add_suspensions(n, *, start, member, body, by):
    for i in range(start, start + n):
        suspension = suspend_directly(member, by=by.user,
                                      starts_on=dt.date(2020, 1, 1) + dt.timedelta(days=40 * i))
        Appeal.objects.create(suspension=suspension, subject="suspension",
                              announced_on=suspension.notified_on,
                              decision_notified_on=suspension.notified_on, motivation="M",
                              filed_by=by.user, board_deadline=dt.date(2026, 6, 1))


@pytest.mark.parametrize(("url", "add"), [
    ("/portaal/bevindingen/", add_findings),
    ("/portaal/audits/", add_audits),
    ("/portaal/klachten/", add_complaints),
    ("/portaal/certificaat/", add_certificates),
    ("/portaal/schorsing/", add_suspensions),
    ("/portaal/", add_findings),
])
def test_a_member_list_page_issues_the_same_number_of_queries_for_3_and_30_rows(
        client, xena, member_x, body_a, anna, url, add):
    client.force_login(xena.user)
    with travel():
        add(3, start=0, member=member_x, body=body_a, by=anna)
        few = count_queries(client, url)
        add(27, start=3, member=member_x, body=body_a, by=anna)
        many = count_queries(client, url)
    assert few == many, (url, few, many)
