"""Self-assessment and observation per performance area (R-U3) and norms covered by another
quality mark (R-U5)."""

import pytest

from audits.models import AreaAssessment, AuditState, CoveredNorm
from audits.services import assessment_record, audit_give_oral_feedback, norm_mark_covered
from core.exceptions import RuleViolation
from core.history import change_reason_text
from tests.factories import AuditFactory, FindingFactory

pytestmark = pytest.mark.django_db

S = AuditState


def audit_in(state, member, body, **extra):
    extra.setdefault("development_levels", True)  # R-U4: observations need levels
    return AuditFactory(member=member, body=body, state=state, **extra)


def test_self_assessment_and_observation_side_by_side_r_u3(xena, anna, member_x, body_a):
    """R-U3: self assessment and observation side by side."""
    audit = audit_in(S.PREPARATION, member_x, body_a)

    assessment_record(audit=audit, area_number=4, self_assessment="B",
                      self_assessment_notes="Processen beschreven.", actor=xena.user)
    assessment = assessment_record(audit=audit, area_number=4, observation="C",
                                   observation_notes="Lerend team.", actor=anna.user)

    assert (assessment.self_assessment, assessment.observation) == ("B", "C")
    assert AreaAssessment.objects.filter(audit=audit).count() == 1
    last = assessment.history.first()
    assert last.history_user == anna.user
    assert change_reason_text(last.history_change_reason) == "waarneming gebied 4 (R-U3)"


def test_levels_never_block_the_audit_r_u3(anna, member_x, body_a):
    """R-U3: "every level is good" – a level A observation does not stop the next step."""
    audit = audit_in(S.FIELDWORK, member_x, body_a)
    for area in range(1, 8):
        assessment_record(audit=audit, area_number=area, observation="A", actor=anna.user)
    assert audit_give_oral_feedback(audit=audit, actor=anna.user).state == S.ORAL_FEEDBACK


def test_observation_only_by_an_auditor_of_the_body_r_u3(xena, bob, bea, member_x, body_a):
    """R-U3: observation only by an auditor of the body."""
    audit = audit_in(S.FIELDWORK, member_x, body_a)
    for person in (xena.user, bob.user, bea):
        with pytest.raises(RuleViolation) as refused:
            assessment_record(audit=audit, area_number=1, observation="B", actor=person)
        assert refused.value.rule_id == "R-U3"


def test_self_assessment_only_by_the_member_or_bureau_r_u3(anna, yuri, bea, member_x, body_a):
    """R-U3: self assessment only by the member or bureau."""
    audit = audit_in(S.PREPARATION, member_x, body_a)
    for person in (anna.user, yuri.user):
        with pytest.raises(RuleViolation) as refused:
            assessment_record(audit=audit, area_number=1, self_assessment="B", actor=person)
        assert refused.value.rule_id == "R-U3"
    assert assessment_record(audit=audit, area_number=1, self_assessment="D",
                             actor=bea).self_assessment == "D"


@pytest.mark.parametrize(("area", "level"), [(8, "A"), (1, "E"), (1, "")])
def test_unknown_area_or_level_refused_r_u3(xena, member_x, body_a, area, level):
    """R-U3: unknown area or level refused."""
    audit = audit_in(S.PREPARATION, member_x, body_a)
    with pytest.raises(RuleViolation) as refused:
        assessment_record(audit=audit, area_number=area, self_assessment=level, actor=xena.user)
    assert refused.value.rule_id == "R-U3"


@pytest.mark.parametrize("state", [S.ORAL_FEEDBACK, S.REVIEWED, S.DEFINITIVE, S.CANCELLED])
def test_self_assessment_closes_after_fieldwork_r_u2(xena, member_x, body_a, state):
    """R-U2: self assessment closes after fieldwork."""
    audit = audit_in(state, member_x, body_a)
    with pytest.raises(RuleViolation) as refused:
        assessment_record(audit=audit, area_number=1, self_assessment="B", actor=xena.user)
    assert refused.value.rule_id == "R-U2"


@pytest.mark.parametrize("state", [S.BODY_CHOSEN, S.REVIEWED, S.DEFINITIVE])
def test_observation_outside_the_audit_work_refused_r_u2(anna, member_x, body_a, state):
    """R-U2: observation outside the audit work refused."""
    audit = audit_in(state, member_x, body_a)
    with pytest.raises(RuleViolation) as refused:
        assessment_record(audit=audit, area_number=1, observation="B", actor=anna.user)
    assert refused.value.rule_id == "R-U2"


# --- R-U5 ---------------------------------------------------------------------------------------


def test_norm_covered_by_another_quality_mark_r_u5(anna, member_x, body_a):
    """R-U5: norm covered by another quality mark."""
    audit = audit_in(S.PREPARATION, member_x, body_a)

    covered = norm_mark_covered(audit=audit, norm_code="4.11", other_mark="ISO 9001",
                                reference="ISO-audit 2025-114",
                                improvement_follow_up="Verbeterpunt archivering opgevolgd.",
                                reduction="Een halve auditdag minder.", actor=anna.user)

    assert covered.norm.code == "4.11" and covered.other_mark == "ISO 9001"
    assert list(audit.covered_norms.values_list("norm__code", flat=True)) == ["4.11"]
    audit.refresh_from_db()
    assert audit.overlap_reduction == "Een halve auditdag minder."
    assert covered.history.first().history_user == anna.user


def test_norm_covered_once_r_u5(anna, member_x, body_a):
    """R-U5: norm covered once."""
    audit = audit_in(S.PREPARATION, member_x, body_a)
    norm_mark_covered(audit=audit, norm_code="4.11", other_mark="LKB", reference="LKB 2025",
                      actor=anna.user)
    with pytest.raises(RuleViolation) as refused:
        norm_mark_covered(audit=audit, norm_code="4.11", other_mark="ISO", reference="x",
                          actor=anna.user)
    assert refused.value.rule_id == "R-U5"
    assert CoveredNorm.objects.count() == 1


def test_norm_with_a_finding_cannot_be_marked_covered_r_u5(anna, member_x, body_a):
    """R-U5: norm with a finding cannot be marked covered."""
    audit = audit_in(S.FIELDWORK, member_x, body_a)
    FindingFactory(audit=audit, member=member_x, recorded_by=anna.user)
    with pytest.raises(RuleViolation) as refused:
        norm_mark_covered(audit=audit, norm_code="4.11", other_mark="ISO", reference="x",
                          actor=anna.user)
    assert refused.value.rule_id == "R-U5"


def test_covered_norm_needs_mark_and_reference_r_u5(anna, member_x, body_a):
    """R-U5: covered norm needs mark and reference."""
    audit = audit_in(S.PREPARATION, member_x, body_a)
    with pytest.raises(RuleViolation) as refused:
        norm_mark_covered(audit=audit, norm_code="4.11", other_mark="ISO", reference=" ",
                          actor=anna.user)
    assert refused.value.rule_id == "R-U5"
    with pytest.raises(RuleViolation) as refused:
        norm_mark_covered(audit=audit, norm_code="9.9", other_mark="ISO", reference="x",
                          actor=anna.user)
    assert refused.value.rule_id == "R-U3"


def test_only_the_bodys_auditor_marks_norms_covered_r_u5(bob, xena, member_x, body_a):
    """R-U5: only the body's auditor marks norms covered."""
    audit = audit_in(S.PREPARATION, member_x, body_a)
    for person in (bob.user, xena.user):
        with pytest.raises(RuleViolation) as refused:
            norm_mark_covered(audit=audit, norm_code="1.1", other_mark="ISO", reference="x",
                              actor=person)
        assert refused.value.rule_id == "R-U5"


@pytest.mark.parametrize("state", [S.PREPARATION, S.FIELDWORK, S.CONCEPT_REPORT])
def test_observation_refused_for_an_audit_without_development_levels_r_u4(anna, member_x, body_a,
                                                                          state):
    """R-U4: an auditor's development-level observation is stored only for an audit that
    includes development levels; nothing is stored otherwise."""
    audit = audit_in(state, member_x, body_a, development_levels=False)
    with pytest.raises(RuleViolation) as refused:
        assessment_record(audit=audit, area_number=2, observation="B", actor=anna.user)
    assert refused.value.rule_id == "R-U4"
    with pytest.raises(RuleViolation) as refused:
        assessment_record(audit=audit, area_number=2, observation_notes="Goed.", actor=anna.user)
    assert refused.value.rule_id == "R-U4"
    assert not AreaAssessment.objects.filter(audit=audit).exists()


def test_zelfscan_allowed_for_an_audit_without_development_levels_r_u4(xena, member_x, body_a):
    """R-U4: the member's zelfscan stays possible in every audit (its own preparation)."""
    audit = audit_in(S.PREPARATION, member_x, body_a, development_levels=False)
    assessment = assessment_record(audit=audit, area_number=2, self_assessment="B",
                                   actor=xena.user)
    assert assessment.self_assessment == "B"
