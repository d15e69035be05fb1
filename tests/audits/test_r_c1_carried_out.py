"""R-C1 on the days an audit is carried out: the body is recognised and under contract on every
step from the start of the fieldwork to the definitive report, not only when the audit is
assigned. A body that loses its recognition or contract mid-way is stopped at the audit's next
step; the daily sweep flags the audit to the bureau, which may reassign it (docs/rules.md)."""

import datetime as dt

import pytest

from audits.models import AuditKind, AuditState, Contract
from audits.services import audit_reassign, audits_sweep, step_blockers
from core.exceptions import RuleViolation
from core.models import Flag
from tests.audits.test_steps import MARCH_20, ready_audit, take
from tests.factories import AuditFactory, CertificationBodyFactory

pytestmark = pytest.mark.django_db

S = AuditState
#: Every step taken on the days the audit is carried out, from the state it is taken from.
CARRIED_OUT = [
    ("start_fieldwork", S.PREPARATION, False),
    ("start_fieldwork_after_levels", S.DEVELOPMENT_LEVELS, True),
    ("give_oral_feedback", S.FIELDWORK, False),
    ("submit_concept", S.ORAL_FEEDBACK, False),
    ("review", S.CONCEPT_REPORT, False),
    ("present", S.REVIEWED, False),
    ("make_definitive", S.PRESENTED, False),
]


def _withdraw_recognition(body):
    body.recognised = False
    body.save()


def _end_contract(body, on):
    body.contracts.update(ends_on=on)


@pytest.mark.parametrize(("step", "state", "levels"), CARRIED_OUT)
@pytest.mark.parametrize("loss", ["recognition", "contract"])
def test_step_refused_when_body_lost_recognition_or_contract_r_c1(
        member_x, body_a, anna, arie, step, state, levels, loss):
    """R-C1: a body whose recognition was withdrawn (or whose contract ended) the day before
    cannot take any step of carrying out the audit; nothing is stored."""
    audit = ready_audit(state, member=member_x, body=body_a, lead=anna, levels=levels,
                        by=anna.user)
    if loss == "recognition":
        _withdraw_recognition(body_a)
    else:
        _end_contract(body_a, MARCH_20 - dt.timedelta(days=1))
    before = audit.history.count()

    with pytest.raises(RuleViolation) as refused:
        take(step, audit, anna=anna, arie=arie)

    assert refused.value.rule_id == "R-C1"
    audit.refresh_from_db()
    assert audit.state == state and audit.history.count() == before


@pytest.mark.parametrize(("step", "state", "levels"), CARRIED_OUT)
def test_step_allowed_with_recognised_contracted_body_r_c1(member_x, body_a, anna, arie, step,
                                                           state, levels):
    """R-C1: the same steps pass while the body is recognised and contracted on the day."""
    _end_contract(body_a, MARCH_20)  # the contract's last day still counts
    audit = ready_audit(state, member=member_x, body=body_a, lead=anna, levels=levels,
                        by=anna.user)
    audit = take(step, audit, anna=anna, arie=arie)
    assert audit.state != state


def test_fieldwork_start_refused_when_contract_ends_before_last_fieldwork_day_r_c1(
        member_x, body_a, anna):
    """R-C1: at the start of the fieldwork the contract also covers the planned last day."""
    audit = ready_audit(S.PREPARATION, member=member_x, body=body_a, lead=anna, levels=False,
                        by=anna.user)
    audit.fieldwork_ends_on = dt.date(2026, 3, 21)
    audit.save()
    _end_contract(body_a, MARCH_20)
    assert step_blockers(audit, "start_fieldwork", today=MARCH_20)[0][0] == "R-C1"
    with pytest.raises(RuleViolation) as refused:
        take("start_fieldwork", audit, anna=anna, arie=None)
    assert refused.value.rule_id == "R-C1" and "2026-03-21" in refused.value.message


def test_page_shows_the_r_c1_blocker_before_the_click(member_x, body_a, anna):
    """R-C1/R-0.5: the step's blockers (what the page shows) name R-C1."""
    audit = ready_audit(S.FIELDWORK, member=member_x, body=body_a, lead=anna, levels=False,
                        by=anna.user)
    _withdraw_recognition(body_a)
    assert ("R-C1", f"{body_a} is niet door de NVVK erkend.") in step_blockers(
        audit, "give_oral_feedback", today=MARCH_20)


def test_sweep_flags_an_audit_being_carried_out_once_r_c1(member_x, body_a, anna):
    """R-C1: the daily sweep flags to the bureau, once, an audit being carried out whose body
    lost its recognition."""
    audit = ready_audit(S.ORAL_FEEDBACK, member=member_x, body=body_a, lead=anna, levels=False,
                        by=anna.user)
    _withdraw_recognition(body_a)
    assert audits_sweep(today=MARCH_20)["body_stopped_flags"] == 1
    assert audits_sweep(today=MARCH_20 + dt.timedelta(days=1))["body_stopped_flags"] == 0
    flag = Flag.objects.get(key=f"R-C1:body-stopped:{audit.pk}")
    assert flag.rule_id == "R-C1" and flag.resolved_on is None


def test_bureau_reassigns_a_stopped_audit_r_c1(member_x, body_a, body_b, anna, bea):
    """R-C1: the bureau reassigns the stopped audit to the body the member chose: the old one
    is cancelled with the reason, a new one of the same kind starts with the new body, and
    the flag is resolved."""
    audit = ready_audit(S.FIELDWORK, member=member_x, body=body_a, lead=anna, levels=True,
                        by=anna.user)
    _withdraw_recognition(body_a)
    audits_sweep(today=MARCH_20)

    new = audit_reassign(audit=audit, body=body_b, reason="Erkenning CI A ingetrokken.",
                         actor=bea, today=MARCH_20)

    audit.refresh_from_db()
    assert audit.state == S.CANCELLED
    assert new.body == body_b and new.state == S.BODY_CHOSEN and new.kind == audit.kind
    assert new.development_levels is True
    assert Flag.objects.get(key=f"R-C1:body-stopped:{audit.pk}").resolved_on == MARCH_20


def test_reassign_refused_while_body_may_audit_or_to_unrecognised_body_r_c1(
        member_x, body_a, body_b, anna, bea, xena):
    """R-C1/R-C2: no reassignment while the body may still audit (the member chooses itself),
    not to a body that may not audit either, and only by NVVK staff."""
    audit = AuditFactory(member=member_x, body=body_a, kind=AuditKind.RECERTIFICATION,
                         state=S.FIELDWORK, fieldwork_starts_on=dt.date(2026, 3, 2))
    with pytest.raises(RuleViolation) as refused:
        audit_reassign(audit=audit, body=body_b, reason="x", actor=bea, today=MARCH_20)
    assert refused.value.rule_id == "R-C1"
    _withdraw_recognition(body_a)
    with pytest.raises(RuleViolation) as refused:
        audit_reassign(audit=audit, body=body_b, reason="x", actor=xena.user, today=MARCH_20)
    assert refused.value.rule_id == "R-C1"
    other = CertificationBodyFactory(name="CI Zonder Contract", contract=False)
    Contract.objects.create(body=other, starts_on=dt.date(2020, 1, 1),
                            ends_on=dt.date(2025, 12, 31))
    with pytest.raises(RuleViolation) as refused:
        audit_reassign(audit=audit, body=other, reason="x", actor=bea, today=MARCH_20)
    assert refused.value.rule_id == "R-C1"
    audit.refresh_from_db()
    assert audit.state == S.FIELDWORK
