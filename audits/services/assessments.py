"""What is assessed per audit: R-U3 the member's self-assessment (zelfscan) and the auditor's
observation per performance area, also the zelfscan as one form; R-U5 norms already tested
by another audit; R-N3 the member's evaluation of a finished audit.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import RuleViolation, refuse_first
from core.history import save_with_history as _save
from core.messages import stored
from core.models import Role
from members.services import is_member_contact

from ..models import (
    AreaAssessment,
    Audit,
    AuditEvaluation,
    AuditState,
    CoveredNorm,
    Level,
    Norm,
    PerformanceArea,
)
from ._common import BEFORE_FIELDWORK, _lock, _require_state, auditor_of

#: R-U3: the auditor observes from the document review up to the concept report.
OBSERVATION_STATES = [AuditState.PREPARATION, AuditState.DEVELOPMENT_LEVELS,
                      AuditState.FIELDWORK, AuditState.ORAL_FEEDBACK, AuditState.CONCEPT_REPORT]
#: R-U3: the zelfscan is filled in before and during the fieldwork.
SELF_ASSESSMENT_STATES = [*BEFORE_FIELDWORK, AuditState.FIELDWORK]


# --- R-U3 self-assessment and observation; R-U5 overlap -------------------------------------


def levels_blockers(audit: Audit) -> list[tuple[str, str]]:
    """R-U4 (R-0.5): what stands in the way of an auditor's observation of a development level
    (A–D) in ``audit``: the audit page shows it before the click (the observation fields
    disabled) and :func:`require_levels_in_audit` refuses with it."""
    if audit.development_levels:
        return []
    return [("R-U4", _(
        "Ontwikkelniveaus maken geen deel uit van deze audit; een waarneming van het "
        "niveau wordt alleen vastgelegd bij een audit met ontwikkelniveaus."))]


def require_levels_in_audit(audit: Audit) -> None:
    """R-U4, the one guard of storing an auditor's observation of a development level (A–D):
    only for an audit that includes development levels (chosen per audit, ``audit_plan``).
    The member's zelfscan is its own preparation and stays possible in every audit (the
    guideline: "Voorafgaand aan de audit kan het lid alvast de zelfscan invullen")."""
    refuse_first(levels_blockers(audit))


def _level(value, *, what: str) -> str:
    if value not in Level.values:
        raise RuleViolation(
            "R-U3", _("%(what)s is een ontwikkelniveau A, B, C of D.") % {"what": what}
        )
    return value


@transaction.atomic
def assessment_record(
    *, audit: Audit, area_number: int, actor, self_assessment: str | None = None,
    self_assessment_notes: str | None = None, observation: str | None = None,
    observation_notes: str | None = None, today: dt.date | None = None,
) -> AreaAssessment:
    """R-U3: per performance area the member's self-assessment (zelfscan, by its contact or the
    bureau, up to the fieldwork) and the auditor's observation (only by an auditor of the audit's
    body) side by side. Levels are information: every level is good and none blocks anything."""
    audit = _lock(audit)
    try:
        area = PerformanceArea.objects.get(number=area_number)
    except PerformanceArea.DoesNotExist:
        raise RuleViolation(
            "R-U3", _("Prestatiegebied %(number)s bestaat niet (1 t/m 7).")
            % {"number": area_number},
        ) from None
    self_part = self_assessment is not None or self_assessment_notes is not None
    observation_part = observation is not None or observation_notes is not None
    if not self_part and not observation_part:
        raise RuleViolation("R-U3", _("Vul een zelfscan of een waarneming in."))
    if self_part:
        if not ((actor is not None and actor.has_role(Role.BUREAU))
                or is_member_contact(actor, audit.member)):
            raise RuleViolation(
                "R-U3", _("De zelfscan wordt ingevuld door het lid (of het Verenigingsbureau).")
            )
        _require_state(audit, SELF_ASSESSMENT_STATES, step=_("de zelfscan"))
    if observation_part:
        if auditor_of(actor, audit.body) is None:
            raise RuleViolation(
                "R-U3", _("Alleen een auditor van %(body)s legt waarnemingen vast.")
                % {"body": audit.body},
            )
        _require_state(audit, OBSERVATION_STATES, step=_("de waarneming"))
        require_levels_in_audit(audit)  # R-U4: only in an audit with development levels
    assessment = AreaAssessment.objects.select_for_update().filter(audit=audit, area=area).first()
    assessment = assessment or AreaAssessment(audit=audit, area=area)
    if self_assessment is not None:
        assessment.self_assessment = _level(self_assessment, what=_("De zelfscan"))
    if self_assessment_notes is not None:
        assessment.self_assessment_notes = self_assessment_notes
    if observation is not None:
        assessment.observation = _level(observation, what=_("De waarneming"))
    if observation_notes is not None:
        assessment.observation_notes = observation_notes
    if self_part and observation_part:
        reason = stored("zelfscan en waarneming gebied %(area)s (R-U3)", area=area.number)
    elif self_part:
        reason = stored("zelfscan gebied %(area)s (R-U3)", area=area.number)
    else:
        reason = stored("waarneming gebied %(area)s (R-U3)", area=area.number)
    return _save(assessment, actor=actor, reason=reason)


@transaction.atomic
def norm_mark_covered(
    *, audit: Audit, norm_code: str, other_mark: str, reference: str, actor,
    improvement_follow_up: str = "", reduction: str | None = None,
    today: dt.date | None = None,
) -> CoveredNorm:
    """R-U5: a norm already tested by another recognised audit (LKB, ISO, NEN, …) is marked as
    covered, with that audit's reference and the follow-up of its improvement points; it is not
    tested again (findings on it are refused). ``reduction`` records the reduction of work
    agreed with the member."""
    audit = _lock(audit)
    if auditor_of(actor, audit.body) is None:
        raise RuleViolation(
            "R-U5", _("Alleen een auditor van %(body)s markeert normen als elders getoetst.")
            % {"body": audit.body},
        )
    _require_state(audit, SELF_ASSESSMENT_STATES,
                   step=_("het markeren van elders getoetste normen"))
    try:
        norm = Norm.objects.get(code=norm_code)
    except Norm.DoesNotExist:
        raise RuleViolation(
            "R-U3", _("Norm %(code)s bestaat niet.") % {"code": norm_code}
        ) from None
    if not (other_mark or "").strip() or not (reference or "").strip():
        raise RuleViolation(
            "R-U5", _("Vermeld het andere keurmerk en de referentie van die audit.")
        )
    if audit.covered_norms.filter(norm=norm).exists():
        raise RuleViolation(
            "R-U5", _("Norm %(code)s is al als elders getoetst gemarkeerd.") % {"code": norm.code}
        )
    if audit.findings.filter(norm=norm).exists():
        raise RuleViolation(
            "R-U5", _("Op norm %(code)s is in deze audit al een bevinding vastgelegd.")
            % {"code": norm.code},
        )
    covered = CoveredNorm(audit=audit, norm=norm, other_mark=other_mark.strip(),
                          reference=reference.strip(),
                          improvement_follow_up=improvement_follow_up or "")
    _save(covered, actor=actor, reason=stored(
        "norm %(code)s elders getoetst: %(mark)s (R-U5)", code=norm.code, mark=other_mark))
    if reduction is not None:
        audit.overlap_reduction = reduction
        _save(audit, actor=actor, reason=stored("reductie werkzaamheden afgesproken (R-U5)"))
    return covered


# --- R-U3 the zelfscan as one form; R-N3 the member's evaluation (member portal, issue #4) -----


@transaction.atomic
def self_assessment_save(
    *, audit: Audit, entries: dict, actor, today: dt.date | None = None,
) -> list[AreaAssessment]:
    """R-U3: the member's zelfscan for several performance areas at once, all or nothing.
    ``entries`` maps an area number to ``(level, notes)``; an empty level leaves the level as it
    is and stores only the notes. Each area goes through :func:`assessment_record` (who may, in
    which step); one refusal stores none of them."""
    saved = []
    for area_number, (level, notes) in sorted(entries.items()):
        saved.append(assessment_record(
            audit=audit, area_number=area_number, actor=actor,
            self_assessment=level or None, self_assessment_notes=notes or "", today=today,
        ))
    return saved


#: R-N3: an audit the member can evaluate: its report is definitive (the audit is finished for
#: the member; follow-up, advice and decision may still run).
EVALUATION_STATES = [AuditState.DEFINITIVE, AuditState.FOLLOW_UP, AuditState.ADVISED,
                     AuditState.DECIDED]


@transaction.atomic
def audit_evaluate(
    *, audit: Audit, score: int, comments: str, actor, today: dt.date | None = None,
) -> AuditEvaluation:
    """R-N3: the member evaluates a finished audit with a mark from 1 to 10 and comments; the
    bureau reads them per body (audit quality). Only a contact of the audited member gives it;
    evaluating again replaces the earlier mark (the history keeps it, R-0.4)."""
    if not is_member_contact(actor, audit.member):
        raise RuleViolation(
            "R-N3", _("De evaluatie van een audit wordt gegeven door het geauditeerde lid.")
        )
    audit = _lock(audit)
    _require_state(audit, EVALUATION_STATES, step=_("de evaluatie van de audit"))
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 10:
        raise RuleViolation("R-N3", _("Geef de audit een rapportcijfer van 1 tot en met 10."))
    evaluation = AuditEvaluation.objects.select_for_update().filter(audit=audit).first()
    evaluation = evaluation or AuditEvaluation(audit=audit, score=score)
    evaluation.score = score
    evaluation.comments = (comments or "").strip()
    return _save(evaluation, actor=actor, reason=stored(
        "evaluatie door het lid: %(score)s (R-N3)", score=score))
