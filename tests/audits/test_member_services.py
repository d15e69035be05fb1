"""Services the member portal needs: the zelfscan saved as one form (R-U3) and the member's
evaluation of a finished audit (R-N3)."""

import datetime as dt

import pytest

from audits.models import AreaAssessment, AuditEvaluation, AuditState
from audits.services import audit_evaluate, self_assessment_save
from core.exceptions import RuleViolation
from core.history import change_reason_text
from tests.factories import AuditFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


def in_state(audit_x, state):
    type(audit_x).objects.filter(pk=audit_x.pk).update(state=state)
    audit_x.refresh_from_db()
    return audit_x


def test_r_u3_self_assessment_save_records_every_area_given(audit_x, xena):
    """R-U3: self assessment save records every area given."""
    in_state(audit_x, AuditState.PREPARATION)
    saved = self_assessment_save(audit=audit_x, entries={3: ("B", "Goed op weg."), 1: ("", "X")},
                                 actor=xena.user, today=TODAY)
    assert [a.area.number for a in saved] == [1, 3]
    levels = {a.area.number: (a.self_assessment, a.self_assessment_notes)
              for a in AreaAssessment.objects.filter(audit=audit_x)}
    assert levels == {1: ("", "X"), 3: ("B", "Goed op weg.")}


def test_r_u3_self_assessment_save_is_all_or_nothing(audit_x, xena):
    """R-U3: A bad level in one area refuses the whole zelfscan; the good areas are not stored."""
    in_state(audit_x, AuditState.PREPARATION)
    with pytest.raises(RuleViolation) as refused:
        self_assessment_save(audit=audit_x, entries={1: ("B", ""), 2: ("E", "")},
                             actor=xena.user, today=TODAY)
    assert refused.value.rule_id == "R-U3"
    assert not AreaAssessment.objects.exists()


def test_r_u3_self_assessment_save_only_by_the_member_or_the_bureau(audit_x, yuri, anna):
    """R-U3: self assessment save only by the member or the bureau."""
    in_state(audit_x, AuditState.PREPARATION)
    for actor in (yuri.user, anna.user):
        with pytest.raises(RuleViolation) as refused:
            self_assessment_save(audit=audit_x, entries={1: ("A", "")}, actor=actor, today=TODAY)
        assert refused.value.rule_id == "R-U3"


@pytest.mark.parametrize("state", [AuditState.DEFINITIVE, AuditState.FOLLOW_UP,
                                   AuditState.ADVISED, AuditState.DECIDED])
def test_r_n3_the_member_evaluates_a_finished_audit(audit_x, xena, state):
    """R-N3: the member evaluates a finished audit."""
    in_state(audit_x, state)
    evaluation = audit_evaluate(audit=audit_x, score=7, comments=" Duidelijk rapport. ",
                                actor=xena.user, today=TODAY)
    assert (evaluation.score, evaluation.comments) == (7, "Duidelijk rapport.")
    history = evaluation.history.first()
    assert (history.history_user, change_reason_text(history.history_change_reason)) == (
        xena.user, "evaluatie door het lid: 7 (R-N3)")


def test_r_n3_evaluating_again_replaces_the_mark_and_keeps_the_history(audit_x, xena):
    """R-N3: evaluating again replaces the mark and keeps the history."""
    in_state(audit_x, AuditState.DECIDED)
    audit_evaluate(audit=audit_x, score=5, comments="", actor=xena.user, today=TODAY)
    audit_evaluate(audit=audit_x, score=6, comments="Bijgesteld.", actor=xena.user, today=TODAY)
    evaluation = AuditEvaluation.objects.get(audit=audit_x)
    assert evaluation.score == 6 and evaluation.history.count() == 2


@pytest.mark.parametrize("state", [AuditState.PREPARATION, AuditState.FIELDWORK,
                                   AuditState.PRESENTED, AuditState.CANCELLED])
def test_r_n3_an_audit_not_finished_cannot_be_evaluated(audit_x, xena, state):
    """R-N3: an audit not finished cannot be evaluated."""
    in_state(audit_x, state)
    with pytest.raises(RuleViolation) as refused:
        audit_evaluate(audit=audit_x, score=7, comments="", actor=xena.user, today=TODAY)
    assert refused.value.rule_id == "R-U2"
    assert not AuditEvaluation.objects.exists()


@pytest.mark.parametrize("score", [0, 11, "acht", None])
def test_r_n3_the_mark_is_1_to_10(audit_x, xena, score):
    """R-N3: the mark is 1 to 10."""
    in_state(audit_x, AuditState.DECIDED)
    with pytest.raises(RuleViolation, match="1 tot en met 10") as refused:
        audit_evaluate(audit=audit_x, score=score, comments="", actor=xena.user, today=TODAY)
    assert refused.value.rule_id == "R-N3"


@pytest.mark.parametrize("who", ["yuri", "anna", "bea"])
def test_r_n3_only_a_contact_of_the_audited_member_evaluates(request, audit_x, who):
    """R-N3: only a contact of the audited member evaluates."""
    in_state(audit_x, AuditState.DECIDED)
    actor = request.getfixturevalue(who)
    actor = getattr(actor, "user", actor)
    with pytest.raises(RuleViolation) as refused:
        audit_evaluate(audit=audit_x, score=7, comments="", actor=actor, today=TODAY)
    assert refused.value.rule_id == "R-N3"


def test_r_n3_another_members_audit_is_refused(member_y, body_b, xena):
    """R-N3: another members audit is refused."""
    audit = AuditFactory(member=member_y, body=body_b, state=AuditState.DECIDED)
    with pytest.raises(RuleViolation):
        audit_evaluate(audit=audit, score=7, comments="", actor=xena.user, today=TODAY)
