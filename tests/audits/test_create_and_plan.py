"""Creating an audit: the member's free choice (R-C2) of a recognised, contracted body (R-C1),
of a kind that fits the member (R-U1); planning its size (R-U6), levels (R-U4) and scope (R-M5)."""

import datetime as dt

import pytest

from audits.models import AuditKind, AuditState, Contract
from audits.services import audit_cancel, audit_create, audit_plan
from core.exceptions import RuleViolation
from core.history import change_reason_text
from members.models import CoreData, MemberState
from tests.factories import AuditFactory, CertificationBodyFactory, MemberFactory

pytestmark = pytest.mark.django_db

JAN_10 = dt.date(2026, 1, 10)


def test_member_chooses_its_body_r_c2(xena, member_x, body_a):
    """R-C2: member chooses its body."""
    audit = audit_create(member=member_x, kind=AuditKind.RECERTIFICATION, body=body_a,
                         development_levels=True, actor=xena.user, today=JAN_10)

    assert audit.state == AuditState.BODY_CHOSEN
    assert audit.development_levels is True
    assert audit.history.count() == 1
    assert audit.history.first().history_user == xena.user
    assert change_reason_text(audit.history.first().history_change_reason) == "CI gekozen: CI Alfa B.V. (R-C2, R-U2)"


def test_bureau_may_register_the_members_choice_r_c2(bea, member_x, body_a):
    """R-C2: bureau may register the members choice."""
    assert audit_create(member=member_x, kind=AuditKind.RECERTIFICATION, body=body_a,
                        actor=bea, today=JAN_10).body == body_a


@pytest.mark.parametrize("person", ["yuri", "anna", "dirk"])
def test_others_cannot_choose_for_the_member_r_c2(request, member_x, body_a, person):
    """R-C2: others cannot choose for the member."""
    actor = request.getfixturevalue(person)
    actor = getattr(actor, "user", actor)
    with pytest.raises(RuleViolation) as refused:
        audit_create(member=member_x, kind=AuditKind.RECERTIFICATION, body=body_a, actor=actor,
                     today=JAN_10)
    assert refused.value.rule_id == "R-C2"


def test_auditor_may_order_an_additional_investigation_r_c2_r_f4(anna, member_x, body_a):
    """R-C2, R-F4: auditor may order an additional investigation."""
    audit = audit_create(member=member_x, kind=AuditKind.ADDITIONAL, body=body_a,
                         actor=anna.user, today=JAN_10)
    assert audit.kind == AuditKind.ADDITIONAL


def test_unrecognised_body_is_refused_r_c1(xena, member_x):
    """R-C1: unrecognised body is refused."""
    body = CertificationBodyFactory(name="Niet Erkend B.V.", recognised=False)
    with pytest.raises(RuleViolation) as refused:
        audit_create(member=member_x, kind=AuditKind.RECERTIFICATION, body=body,
                     actor=xena.user, today=JAN_10)
    assert refused.value.rule_id == "R-C1"
    assert "niet door de NVVK erkend" in refused.value.message


def test_body_without_contract_is_refused_r_c1(xena, member_x):
    """R-C1: body without contract is refused."""
    body = CertificationBodyFactory(name="Zonder Contract B.V.", contract=False)
    with pytest.raises(RuleViolation) as refused:
        audit_create(member=member_x, kind=AuditKind.RECERTIFICATION, body=body,
                     actor=xena.user, today=JAN_10)
    assert refused.value.rule_id == "R-C1"


def test_contract_must_cover_the_planned_date_r_c1(xena, member_x):
    """R-C1: A contract 1 January – 31 March 2026 covers a fieldwork date of 2 March,
    not of 2 April."""
    body = CertificationBodyFactory(name="Kort Contract B.V.", contract=False)
    Contract.objects.create(body=body, starts_on=dt.date(2026, 1, 1),
                            ends_on=dt.date(2026, 3, 31))
    with pytest.raises(RuleViolation) as refused:
        audit_create(member=member_x, kind=AuditKind.RECERTIFICATION, body=body,
                     fieldwork_starts_on=dt.date(2026, 4, 2), actor=xena.user, today=JAN_10)
    assert refused.value.rule_id == "R-C1" and "2026-04-02" in refused.value.message
    audit = audit_create(member=member_x, kind=AuditKind.RECERTIFICATION, body=body,
                         fieldwork_starts_on=dt.date(2026, 3, 2), actor=xena.user, today=JAN_10)
    assert audit.fieldwork_starts_on == dt.date(2026, 3, 2)


def test_contract_ended_before_today_r_c1(xena, member_x):
    """R-C1: contract ended before today."""
    body = CertificationBodyFactory(name="Oud Contract B.V.", contract=False)
    Contract.objects.create(body=body, starts_on=dt.date(2020, 1, 1),
                            ends_on=dt.date(2025, 12, 31))
    with pytest.raises(RuleViolation) as refused:
        audit_create(member=member_x, kind=AuditKind.RECERTIFICATION, body=body,
                     actor=xena.user, today=JAN_10)
    assert refused.value.rule_id == "R-C1"


def test_interim_audits_are_imposed_not_requested_r_t1(bea, member_x, body_a):
    """R-T1: interim audits are imposed not requested."""
    with pytest.raises(RuleViolation) as refused:
        audit_create(member=member_x, kind=AuditKind.INTERIM, body=body_a, actor=bea)
    assert refused.value.rule_id == "R-T1"


@pytest.mark.parametrize(("kind", "state", "rule"), [
    (AuditKind.ADMISSION, MemberState.MEMBER, "R-M1"),
    (AuditKind.ADMISSION, MemberState.UNDER_REVIEW, "R-M1"),
    (AuditKind.RECERTIFICATION, MemberState.APPLICANT, "R-U1"),
    (AuditKind.RE_AUDIT, MemberState.MEMBER, "R-U1"),
    (AuditKind.COMBINED_SWN, MemberState.EXPELLED, "R-U1"),
    ("inspection", MemberState.MEMBER, "R-U1"),
])
def test_kind_must_fit_the_member_r_u1(bea, body_a, kind, state, rule):
    """R-U1: kind must fit the member."""
    member = MemberFactory(state=state)
    with pytest.raises(RuleViolation) as refused:
        audit_create(member=member, kind=kind, body=body_a, actor=bea, today=JAN_10)
    assert refused.value.rule_id == rule


@pytest.mark.parametrize(("kind", "state"), [
    (AuditKind.ADMISSION, MemberState.ADMISSION_AUDIT),
    (AuditKind.RECERTIFICATION, MemberState.PAUSED),
    (AuditKind.RE_AUDIT, MemberState.SUSPENDED),
    (AuditKind.COMBINED_SWN, MemberState.MEMBER),
    (AuditKind.ADDITIONAL, MemberState.MEMBER),
])
def test_every_kind_of_audit_r_u1(bea, body_a, kind, state):
    """R-U1: every kind of audit."""
    member = MemberFactory(state=state)
    assert audit_create(member=member, kind=kind, body=body_a, actor=bea,
                        today=JAN_10).kind == kind


def test_one_open_audit_per_kind_but_the_member_may_switch_body_r_c2(xena, member_x, body_a,
                                                                      body_b):
    """R-C2: one open audit per kind but the member may switch body."""
    first = audit_create(member=member_x, kind=AuditKind.RECERTIFICATION, body=body_a,
                         actor=xena.user, today=JAN_10)
    with pytest.raises(RuleViolation) as refused:
        audit_create(member=member_x, kind=AuditKind.RECERTIFICATION, body=body_b,
                     actor=xena.user, today=JAN_10)
    assert refused.value.rule_id == "R-C2"
    audit_cancel(audit=first, reason="Liever CI Beta.", actor=xena.user)
    assert audit_create(member=member_x, kind=AuditKind.RECERTIFICATION, body=body_b,
                        actor=xena.user, today=JAN_10).body == body_b


# --- planning (R-U6, R-U4, R-M5, R-M6) ----------------------------------------------------------


def test_body_plans_size_scope_and_levels_and_core_data_is_frozen_r_u6_r_m6(audit_x, anna,
                                                                            core_x):
    """R-U6, R-M6: body plans size scope and levels and core data is frozen."""
    audit = audit_plan(audit=audit_x, fieldwork_starts_on=dt.date(2026, 3, 9),
                       fieldwork_ends_on=dt.date(2026, 3, 10), planned_days="2.5",
                       planned_auditors=2, scope_numbers=[1, 3], development_levels=True,
                       actor=anna.user, today=JAN_10)

    assert audit.fieldwork_starts_on == dt.date(2026, 3, 9)
    assert str(audit.planned_days) == "2.5" and audit.planned_auditors == 2
    assert audit.development_levels is True
    assert sorted(audit.scope.values_list("number", flat=True)) == [1, 3]
    snapshot = CoreData.objects.get(audit=audit)
    assert str(snapshot.formation_fte) == "12.50"
    assert change_reason_text(audit.history.first().history_change_reason) == "audit gepland (R-U6)"


@pytest.mark.parametrize(("changes", "rule"), [
    ({"fieldwork_starts_on": dt.date(2026, 3, 9), "fieldwork_ends_on": dt.date(2026, 3, 8)},
     "R-U6"),
    ({"planned_days": 0}, "R-U6"),
    ({"planned_auditors": 0}, "R-U6"),
    ({"scope_numbers": [1, 9]}, "R-M5"),
])
def test_invalid_plans_are_refused(audit_x, anna, core_x, changes, rule):
    with pytest.raises(RuleViolation) as refused:
        audit_plan(audit=audit_x, actor=anna.user, today=JAN_10, **changes)
    assert refused.value.rule_id == rule


def test_plan_needs_core_data_r_u6_r_m6(audit_x, anna):
    """R-U6, R-M6: plan needs core data."""
    with pytest.raises(RuleViolation) as refused:
        audit_plan(audit=audit_x, planned_days=2, actor=anna.user, today=JAN_10)
    assert refused.value.rule_id == "R-M6"


def test_new_date_must_be_under_contract_r_c1(member_x, anna, core_x):
    """R-C1: new date must be under contract."""
    body = anna.body
    contract = body.contracts.get()
    contract.ends_on = dt.date(2026, 3, 31)
    contract.save()
    audit = AuditFactory(member=member_x, body=body)
    with pytest.raises(RuleViolation) as refused:
        audit_plan(audit=audit, fieldwork_starts_on=dt.date(2026, 4, 7), actor=anna.user,
                   today=JAN_10)
    assert refused.value.rule_id == "R-C1"


def test_levels_choice_is_fixed_in_the_levels_step_r_u4(member_x, body_a, anna, core_x):
    """R-U4: levels choice is fixed in the levels step."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.DEVELOPMENT_LEVELS,
                         development_levels=True)
    with pytest.raises(RuleViolation) as refused:
        audit_plan(audit=audit, development_levels=False, actor=anna.user, today=JAN_10)
    assert refused.value.rule_id == "R-U4"


def test_plan_refused_once_on_site_r_u2(member_x, body_a, anna, core_x):
    """R-U2: plan refused once on site."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FIELDWORK)
    with pytest.raises(RuleViolation) as refused:
        audit_plan(audit=audit, planned_days=3, actor=anna.user, today=JAN_10)
    assert refused.value.rule_id == "R-U2"


def test_only_the_audits_body_plans_r_a1(audit_x, bob, xena, core_x):
    """R-A1: only the audits body plans."""
    for person in (bob.user, xena.user):
        with pytest.raises(RuleViolation) as refused:
            audit_plan(audit=audit_x, planned_days=2, actor=person, today=JAN_10)
        assert refused.value.rule_id == "R-A1"


def _start(route, kind, *, member, body, xena, bea):
    from audits.services import audit_register_combined_swn

    if route == "bureau_combined":
        return audit_register_combined_swn(member=member, body=body, actor=bea, today=JAN_10)
    return audit_create(member=member, kind=kind, body=body, actor=xena.user, today=JAN_10)


@pytest.mark.parametrize(("first", "second", "route"), [
    (AuditKind.RECERTIFICATION, AuditKind.COMBINED_SWN, "create"),
    (AuditKind.RECERTIFICATION, AuditKind.COMBINED_SWN, "bureau_combined"),
    (AuditKind.COMBINED_SWN, AuditKind.RECERTIFICATION, "create"),
    (AuditKind.COMBINED_SWN, AuditKind.COMBINED_SWN, "create"),
    (AuditKind.COMBINED_SWN, AuditKind.COMBINED_SWN, "bureau_combined"),
])
def test_a_combined_audit_and_a_recertification_are_one_open_audit_on_every_route_r_c2(
        xena, bea, member_x, body_a, body_b, first, second, route):
    """R-C2/R-Z2: a combined NVVK + SWN audit takes the place of the recertification: with one
    of them open, neither the member's own route (audit_create) nor the bureau's combined
    route starts another; nothing is stored."""
    audit_create(member=member_x, kind=first, body=body_a, actor=xena.user, today=JAN_10)
    with pytest.raises(RuleViolation) as refused:
        _start(route, second, member=member_x, body=body_b, xena=xena, bea=bea)
    assert refused.value.rule_id == "R-C2"
    assert member_x.audits.count() == 1
