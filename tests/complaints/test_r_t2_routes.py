"""R-T2 at every door: the triggers of an interim audit hold the same on the bureau's (or the
directeur's) own "impose interim audit" route and on the route that starts from a complaint:
a complaint that is the trigger is about this member, was judged serious and public by NVVK,
and leads to at most one (not cancelled) interim audit."""

import datetime as dt

import pytest

from audits.models import Audit, AuditKind, AuditState
from audits.services import audit_impose_interim
from complaints.models import Complaint
from complaints.services import complaint_trigger_interim_audit
from core.exceptions import RuleViolation

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 14)


def _complaint(*, member=None, body=None, serious=True, reference="K-2026-0001"):
    received = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
    return Complaint.objects.create(
        reference=reference, received_at=received, channel="email",
        subject_kind="member" if member else "body", member=member, body=body,
        complainant_name="Klager", content="Misstanden.", serious_and_public=serious,
        acknowledge_by=received + dt.timedelta(hours=24), respond_by=dt.date(2026, 9, 8),
        resolve_by=dt.date(2026, 10, 20))


def _impose(route, *, complaint, member, body, actor):
    if route == "impose":
        return audit_impose_interim(member=member, body=body, trigger="complaint",
                                    trigger_source="", complaint=complaint, motivation="Ernstig.",
                                    actor=actor, today=TODAY)
    return complaint_trigger_interim_audit(complaint=complaint, body=body, motivation="Ernstig.",
                                           actor=actor, today=TODAY)


ROUTES = ["impose", "from_complaint"]


@pytest.mark.parametrize("route", ROUTES)
def test_not_serious_complaint_refused_on_every_route_r_t2(route, dirk, member_x, body_a):
    """R-T2: a complaint NVVK did not judge serious and public is no trigger, on both routes;
    nothing is stored."""
    complaint = _complaint(member=member_x, serious=False)
    with pytest.raises(RuleViolation) as refused:
        _impose(route, complaint=complaint, member=member_x, body=body_a, actor=dirk)
    assert refused.value.rule_id == "R-T2"
    assert not Audit.objects.filter(kind=AuditKind.INTERIM).exists()


@pytest.mark.parametrize("route", ROUTES)
def test_complaint_about_a_body_refused_on_every_route_r_t2(route, dirk, member_x, body_a):
    """R-T2: a complaint about a certification body is not a complaint about this member."""
    complaint = _complaint(body=body_a)
    with pytest.raises(RuleViolation) as refused:
        _impose(route, complaint=complaint, member=member_x, body=body_a, actor=dirk)
    assert refused.value.rule_id == "R-T2"
    assert not Audit.objects.filter(kind=AuditKind.INTERIM).exists()


def test_complaint_about_another_member_refused_r_t2(dirk, member_x, member_y, body_a):
    """R-T2: the bureau's route refuses a complaint about another member."""
    complaint = _complaint(member=member_y)
    with pytest.raises(RuleViolation) as refused:
        _impose("impose", complaint=complaint, member=member_x, body=body_a, actor=dirk)
    assert refused.value.rule_id == "R-T2"


@pytest.mark.parametrize("first", ROUTES)
@pytest.mark.parametrize("second", ROUTES)
def test_one_interim_audit_per_complaint_on_every_route_r_t2(first, second, dirk, bea,
                                                             member_x, body_a):
    """R-T2: a complaint leads to at most one (not cancelled) interim audit, whichever route
    comes first and second."""
    complaint = _complaint(member=member_x)
    audit = _impose(first, complaint=complaint, member=member_x, body=body_a, actor=dirk)
    assert audit.complaint == complaint and audit.state == AuditState.BODY_CHOSEN
    with pytest.raises(RuleViolation) as refused:
        _impose(second, complaint=complaint, member=member_x, body=body_a, actor=bea)
    assert refused.value.rule_id == "R-T2"
    assert Audit.objects.filter(kind=AuditKind.INTERIM).count() == 1


@pytest.mark.parametrize("route", ROUTES)
def test_serious_complaint_about_the_member_allowed_on_every_route_r_t2(route, bea, member_x,
                                                                        body_a):
    """R-T2: a serious and public complaint about the member is a trigger on both routes."""
    complaint = _complaint(member=member_x)
    audit = _impose(route, complaint=complaint, member=member_x, body=body_a, actor=bea)
    assert audit.kind == AuditKind.INTERIM and audit.complaint == complaint
