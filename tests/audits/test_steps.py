"""The audit walks the steps of R-U2 without skipping one; development levels (R-U4); the plan
(R-U6); cancelling."""

import datetime as dt

import pytest

from audits.models import AuditState, ReportVersion
from audits.services import (
    OPEN_STATES,
    audit_agree_quote,
    audit_cancel,
    audit_give_oral_feedback,
    audit_make_definitive,
    audit_present,
    audit_review,
    audit_start_development_levels,
    audit_start_fieldwork,
    audit_start_follow_up,
    audit_start_preparation,
    audit_submit_concept,
)
from core.exceptions import RuleViolation
from core.history import change_reason_text
from members.models import ScopeItem
from tests.audits.factories import add_report
from tests.factories import AuditFactory

pytestmark = pytest.mark.django_db

S = AuditState
MARCH_20 = dt.date(2026, 3, 20)

# step name → (allowed sources, target, development levels on for this step)
STEPS = {
    "agree_quote": ([S.BODY_CHOSEN], S.QUOTE_AGREED, False),
    "start_preparation": ([S.QUOTE_AGREED], S.PREPARATION, False),
    "start_development_levels": ([S.PREPARATION], S.DEVELOPMENT_LEVELS, True),
    "start_fieldwork": ([S.PREPARATION], S.FIELDWORK, False),
    "start_fieldwork_after_levels": ([S.DEVELOPMENT_LEVELS], S.FIELDWORK, True),
    "give_oral_feedback": ([S.FIELDWORK], S.ORAL_FEEDBACK, False),
    "submit_concept": ([S.ORAL_FEEDBACK], S.CONCEPT_REPORT, False),
    "review": ([S.CONCEPT_REPORT], S.REVIEWED, False),
    "present": ([S.REVIEWED], S.PRESENTED, False),
    "make_definitive": ([S.PRESENTED], S.DEFINITIVE, False),
    "start_follow_up": ([S.DEFINITIVE], S.FOLLOW_UP, False),
}


def ready_audit(state, *, member, body, lead, levels, by):
    """An audit in ``state`` with everything each step needs except the right state."""
    audit = AuditFactory(member=member, body=body, state=state, development_levels=levels,
                         lead_auditor=lead, planned_days=2, fieldwork_starts_on=dt.date(2026, 3, 2),
                         fieldwork_ends_on=dt.date(2026, 3, 3))
    audit.scope.set(ScopeItem.objects.filter(number__lte=2))
    add_report(audit, version=ReportVersion.CONCEPT, by=by)
    if state == S.PRESENTED:
        add_report(audit, version=ReportVersion.DEFINITIVE, by=by)
    return audit


def take(step, audit, *, anna, arie):
    """Take ``step`` as the body's auditors would, on 20 March 2026."""
    actor = anna.user
    if step == "review":
        return audit_review(audit=audit, reviewer=arie, notes="Akkoord.", actor=arie.user,
                            today=MARCH_20)
    service = {
        "agree_quote": audit_agree_quote,
        "start_preparation": audit_start_preparation,
        "start_development_levels": audit_start_development_levels,
        "start_fieldwork": audit_start_fieldwork,
        "start_fieldwork_after_levels": audit_start_fieldwork,
        "give_oral_feedback": audit_give_oral_feedback,
        "submit_concept": audit_submit_concept,
        "present": audit_present,
        "make_definitive": audit_make_definitive,
        "start_follow_up": audit_start_follow_up,
    }[step]
    return service(audit=audit, actor=actor, today=MARCH_20)


SUCCESS_CASES = [(step, source) for step, (sources, _t, _l) in STEPS.items()
                 for source in sources]


@pytest.mark.parametrize(("step", "source"), SUCCESS_CASES)
def test_each_step_from_its_source_r_u2(member_x, body_a, anna, arie, step, source):
    """R-U2: each step from its source."""
    _sources, target, levels = STEPS[step]
    audit = ready_audit(source, member=member_x, body=body_a, lead=anna, levels=levels,
                        by=anna.user)
    before = audit.history.count()

    audit = take(step, audit, anna=anna, arie=arie)

    assert audit.state == target
    assert audit.history.count() == before + 1
    last = audit.history.first()
    assert last.state == target
    assert last.history_user == (arie.user if step == "review" else anna.user)
    assert "(R-" in change_reason_text(last.history_change_reason)


def _fieldwork_sources():
    return STEPS["start_fieldwork"][0] + STEPS["start_fieldwork_after_levels"][0]


REFUSAL_CASES = [
    (step, state)
    for step, (sources, _t, _l) in STEPS.items()
    if step != "start_fieldwork_after_levels"
    for state in S.values
    if state not in (_fieldwork_sources() if step == "start_fieldwork" else sources)
]


@pytest.mark.parametrize(("step", "state"), REFUSAL_CASES)
def test_each_step_refused_from_every_other_step_r_u2(member_x, body_a, anna, arie, step,
                                                      state):
    """R-U2: the state machine refuses to skip (or repeat) a step, and says why."""
    _sources, _target, levels = STEPS[step]
    audit = ready_audit(state, member=member_x, body=body_a, lead=anna, levels=levels,
                        by=anna.user)
    before = audit.history.count()

    with pytest.raises(RuleViolation) as refused:
        take(step, audit, anna=anna, arie=arie)

    assert refused.value.rule_id == "R-U2"
    assert str(S(state).label) in refused.value.message
    audit.refresh_from_db()
    assert audit.state == state and audit.history.count() == before


def test_skipping_from_chosen_body_to_fieldwork_is_refused_r_u2(audit_x, anna):
    """R-U2: skipping from chosen body to fieldwork is refused."""
    with pytest.raises(RuleViolation) as refused:
        audit_start_fieldwork(audit=audit_x, actor=anna.user, today=MARCH_20)
    assert refused.value.rule_id == "R-U2"
    assert refused.value.message.startswith("De audit staat in stap CI gekozen")


def test_fieldwork_cannot_skip_the_development_levels_step_r_u2_r_u4(member_x, body_a, anna):
    """R-U2, R-U4: fieldwork cannot skip the development levels step."""
    audit = ready_audit(S.PREPARATION, member=member_x, body=body_a, lead=anna, levels=True,
                        by=anna.user)
    with pytest.raises(RuleViolation) as refused:
        audit_start_fieldwork(audit=audit, actor=anna.user, today=MARCH_20)
    assert refused.value.rule_id == "R-U2"
    assert "ontwikkelniveaus" in refused.value.message


def test_development_levels_step_only_when_part_of_the_audit_r_u4(member_x, body_a, anna):
    """R-U4: development levels step only when part of the audit."""
    audit = ready_audit(S.PREPARATION, member=member_x, body=body_a, lead=anna, levels=False,
                        by=anna.user)
    with pytest.raises(RuleViolation) as refused:
        audit_start_development_levels(audit=audit, actor=anna.user)
    assert refused.value.rule_id == "R-U4"


def test_fieldwork_needs_a_lead_auditor_r_c4(member_x, body_a, anna):
    """R-C4: fieldwork needs a lead auditor."""
    audit = ready_audit(S.PREPARATION, member=member_x, body=body_a, lead=None, levels=False,
                        by=anna.user)
    with pytest.raises(RuleViolation) as refused:
        audit_start_fieldwork(audit=audit, actor=anna.user, today=MARCH_20)
    assert refused.value.rule_id == "R-C4"


def test_fieldwork_needs_planned_days_r_u6(member_x, body_a, anna):
    """R-U6: fieldwork needs planned days."""
    audit = ready_audit(S.PREPARATION, member=member_x, body=body_a, lead=anna, levels=False,
                        by=anna.user)
    audit.planned_days = None
    audit.save()
    with pytest.raises(RuleViolation) as refused:
        audit_start_fieldwork(audit=audit, actor=anna.user, today=MARCH_20)
    assert refused.value.rule_id == "R-U6"


def test_fieldwork_starts_on_the_planned_day_r_u2(member_x, body_a, anna):
    """R-U2: fieldwork starts on the planned day."""
    audit = ready_audit(S.PREPARATION, member=member_x, body=body_a, lead=anna, levels=False,
                        by=anna.user)
    with pytest.raises(RuleViolation) as refused:
        audit_start_fieldwork(audit=audit, actor=anna.user, today=dt.date(2026, 3, 1))
    assert refused.value.rule_id == "R-U2"
    audit = audit_start_fieldwork(audit=audit, actor=anna.user, today=dt.date(2026, 3, 2))
    assert audit.state == S.FIELDWORK


def test_quote_needs_the_audit_scope_r_u2(audit_x, xena):
    """R-U2: quote needs the audit scope."""
    with pytest.raises(RuleViolation) as refused:
        audit_agree_quote(audit=audit_x, actor=xena.user)
    assert refused.value.rule_id == "R-U2"
    assert "scope" in refused.value.message


def test_member_contact_agrees_the_quote_r_u2(audit_x, xena):
    """R-U2: member contact agrees the quote."""
    audit_x.scope.set(ScopeItem.objects.filter(number=1))
    audit = audit_agree_quote(audit=audit_x, actor=xena.user, on=dt.date(2026, 1, 20),
                              today=dt.date(2026, 1, 21))
    assert audit.quote_agreed_on == dt.date(2026, 1, 20)
    assert audit.history.first().history_user == xena.user


def test_auditor_of_another_body_cannot_take_steps_r_a1(member_x, body_a, anna, bob):
    """R-A1: auditor of another body cannot take steps."""
    audit = ready_audit(S.QUOTE_AGREED, member=member_x, body=body_a, lead=anna, levels=False,
                        by=anna.user)
    with pytest.raises(RuleViolation) as refused:
        audit_start_preparation(audit=audit, actor=bob.user)
    assert refused.value.rule_id == "R-A1"


def test_concept_needs_an_uploaded_concept_report_r_u2(member_x, body_a, anna):
    """R-U2: concept needs an uploaded concept report."""
    audit = AuditFactory(member=member_x, body=body_a, state=S.ORAL_FEEDBACK)
    with pytest.raises(RuleViolation) as refused:
        audit_submit_concept(audit=audit, actor=anna.user)
    assert refused.value.rule_id == "R-U2"
    assert "conceptrapport" in refused.value.message


def test_definitive_needs_the_definitive_report_r_u2(member_x, body_a, anna):
    """R-U2: definitive needs the definitive report."""
    audit = AuditFactory(member=member_x, body=body_a, state=S.PRESENTED)
    with pytest.raises(RuleViolation) as refused:
        audit_make_definitive(audit=audit, actor=anna.user)
    assert refused.value.rule_id == "R-U2"


# --- cancelling -------------------------------------------------------------------------------


@pytest.mark.parametrize("state", OPEN_STATES)
def test_bureau_cancels_an_open_audit(bea, member_x, body_a, state):
    audit = AuditFactory(member=member_x, body=body_a, state=state)
    audit = audit_cancel(audit=audit, reason="Lid kiest andere CI.", actor=bea)
    assert audit.state == S.CANCELLED
    assert change_reason_text(audit.history.first().history_change_reason) == "geannuleerd: Lid kiest andere CI."


@pytest.mark.parametrize("state", [S.DECIDED, S.CANCELLED])
def test_cancel_refused_after_decision_r_u2(bea, member_x, body_a, state):
    """R-U2: cancel refused after decision."""
    audit = AuditFactory(member=member_x, body=body_a, state=state)
    with pytest.raises(RuleViolation) as refused:
        audit_cancel(audit=audit, reason="x", actor=bea)
    assert refused.value.rule_id == "R-U2"


def test_member_cancels_its_own_audit_before_fieldwork_only_r_c2(xena, yuri, member_x, body_a):
    """R-C2: member cancels its own audit before fieldwork only."""
    audit = AuditFactory(member=member_x, body=body_a, state=S.PREPARATION)
    with pytest.raises(RuleViolation) as refused:
        audit_cancel(audit=audit, reason="x", actor=yuri.user)
    assert refused.value.rule_id == "R-C2"
    assert audit_cancel(audit=audit, reason="Andere CI", actor=xena.user).state == S.CANCELLED

    on_site = AuditFactory(member=member_x, body=body_a, state=S.FIELDWORK)
    with pytest.raises(RuleViolation) as refused:
        audit_cancel(audit=on_site, reason="x", actor=xena.user)
    assert refused.value.rule_id == "R-C2"
