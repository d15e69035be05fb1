"""What stands in the way of the directeur's outcome of a suspension now (R-S5, R-S6, R-S2;
R-0.5), as ``(rule_id, Dutch text)`` pairs: the outcome pages show them before the click and the
outcome services refuse with the first, so page and service never disagree.

Imports only :mod:`._common` of its siblings."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.dates import date_label
from core.exceptions import RuleViolation
from core.fsm import unmet_conditions

from .. import deadlines
from ._common import _check_outcome_allowed, _pending_appeals, _require_open, _state_label

#: The outcomes of R-S5/R-S6 with the words a "not open" refusal uses.
OUTCOME_ACTIONS = {
    "extend": lambda: _("verlengen"),
    "expel": lambda: _("omzetten in ontzetting"),
    "lift": lambda: _("opheffen"),
    "lift_reaudit": lambda: _("opheffen"),
}


def _caught(check, *args, **kwargs) -> list[tuple[str, str]]:
    try:
        check(*args, **kwargs)
    except RuleViolation as violation:
        return [(violation.rule_id, violation.message)]
    return []


def suspension_outcome_blockers(suspension, outcome: str, *, today: dt.date,
                                member=None) -> list[tuple[str, str]]:
    """What stands in the way of ``outcome`` (``extend``, ``expel``, ``lift`` or
    ``lift_reaudit``) of ``suspension`` on ``today``. The choices made in the form (the
    re-audit, the motivation) are checked on submit."""
    member = member or suspension.member
    blockers: list[tuple[str, str]] = []
    if outcome == "extend":
        blockers += unmet_conditions(suspension.extend)  # R-S2: extended once at most
    blockers += _caught(_require_open, suspension, action=OUTCOME_ACTIONS[outcome]())
    if blockers:
        return blockers
    if outcome == "lift_reaudit":
        # R-S6: a positive re-audit advice allows lifting before the end, not during an appeal.
        if _pending_appeals(suspension).exists():
            blockers.append(("R-S5", _(
                "Er loopt een beroep bij het bestuur; de directeur beslist pas na de "
                "uitspraak.")))
    else:
        blockers += _caught(_check_outcome_allowed, suspension, today)
    if outcome == "extend":
        new_end = deadlines.extension_end(suspension.starts_on, suspension.months)
        if new_end < today:
            blockers.append(("R-S2", _(
                "Een verlenging met dezelfde periode zou op %(end)s eindigen; die datum is al "
                "voorbij. Kies voor opheffing of ontzetting.") % {"end": date_label(new_end)}))
        elif not can_proceed(suspension.extend, check_conditions=False):
            blockers.append(("R-S2", _("Deze schorsing kan niet (nogmaals) worden verlengd.")))
    elif outcome == "expel":
        if not (can_proceed(suspension.convert_to_expulsion) and can_proceed(member.expel)):
            blockers.append(("R-S5", _("%(member)s staat op '%(state)s'; alleen een geschorst "
                                       "lid kan worden ontzet.")
                             % {"member": member, "state": _state_label(member)}))
    elif not (can_proceed(suspension.lift) and can_proceed(member.lift_suspension)):
        blockers.append(("R-S5", _("De schorsing van %(member)s kan niet worden opgeheven.")
                         % {"member": member}))
    return blockers
