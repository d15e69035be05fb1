"""What stands in the way of a step of R-U2 now, as ``(rule_id, Dutch text)`` pairs: read from
the transition's own guard (the source states and its conditions, :mod:`core.fsm`) plus the
checks the step's service adds. The audit page shows these before the click and the service
refuses with the first of them, so page and service never disagree (R-0.5).

Imports only :mod:`._common` of its siblings."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.exceptions import RuleViolation
from core.fsm import transition_sources, unmet_conditions

from ..models import Audit, AuditState
from ._common import _wrong_step, carried_out_blockers

#: The step keys of R-U2 with the words a wrong-step refusal uses.
STEP_NAMES = {
    "agree_quote": lambda: _("offerte en scope akkoord"),
    "start_preparation": lambda: _("de voorbereiding"),
    "start_development_levels": lambda: _("de stap ontwikkelniveaus"),
    "start_fieldwork": lambda: _("de audit op locatie"),
    "give_oral_feedback": lambda: _("de mondelinge terugkoppeling"),
    "submit_concept": lambda: _("het conceptrapport"),
    "present": lambda: _("het voorleggen aan de organisatie"),
    "make_definitive": lambda: _("het definitieve rapport"),
    "start_follow_up": lambda: _("het nawerk"),
}


def step_transition(audit: Audit, key: str):
    """The bound transition of step ``key``; the fieldwork follows the development levels when
    the audit is in that step (R-U4)."""
    if key == "start_fieldwork" and audit.state == AuditState.DEVELOPMENT_LEVELS:
        return audit.start_fieldwork_after_levels
    return getattr(audit, key)


def transition_blockers(audit: Audit, transition, *, step: str) -> list[tuple[str, str]]:
    """R-U2: the wrong step, else every condition of the transition's guard that does not hold,
    in its own rule and words (:func:`core.fsm.refusal`)."""
    if not can_proceed(transition, check_conditions=False):
        violation = _wrong_step(audit, transition_sources(transition), step)
        return [(violation.rule_id, str(violation.message))]
    return unmet_conditions(transition)


def step_blockers(audit: Audit, key: str, *, today: dt.date) -> list[tuple[str, str]]:
    """What stands in the way of step ``key`` of ``audit`` on ``today``; empty when the step
    can be taken (the input of the form, e.g. a date, is checked on submit)."""
    if key == "start_fieldwork" and audit.state not in (AuditState.PREPARATION,
                                                        AuditState.DEVELOPMENT_LEVELS):
        violation = _wrong_step(audit, [AuditState.PREPARATION, AuditState.DEVELOPMENT_LEVELS],
                                STEP_NAMES[key]())
        return [(violation.rule_id, str(violation.message))]
    transition = step_transition(audit, key)
    result = transition_blockers(audit, transition, step=STEP_NAMES[key]())
    if not can_proceed(transition, check_conditions=False):
        return result  # the wrong step: nothing else matters yet
    # R-C1: on the days the audit is carried out its body is recognised and contracted.
    result += carried_out_blockers(audit, key, today=today)
    if key == "agree_quote" and not audit.scope.exists():
        result.append(("R-U2", _("Leg eerst de scope van de audit vast (offerte en scope).")))
    if key == "start_fieldwork":
        if not audit.fieldwork_starts_on or not audit.planned_days:
            result.append(("R-U6", _("Plan eerst de audit: data op locatie en het aantal "
                                     "auditdagen.")))
        elif today < audit.fieldwork_starts_on:
            result.append(("R-U2", _("De audit op locatie is gepland vanaf %(date)s.")
                           % {"date": date_format(audit.fieldwork_starts_on, "j F Y")}))
    return result


def require_step_allowed(audit: Audit, key: str, *, today: dt.date) -> None:
    """Refuse step ``key`` with the first blocker (its rule and words), as the page shows it."""
    blockers = step_blockers(audit, key, today=today)
    if blockers:
        raise RuleViolation(*blockers[0])
