"""R-N4 proposals to change the norms: submitted by NVVK staff, reviewed and decided by the
bureau (or the directeur).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.exceptions import RuleViolation
from core.fsm import transition_sources
from core.history import save_with_history as _save
from core.messages import stored
from core.models import Role
from core.rules import require_role as _require_role
from core.rules import require_text
from core.rules import today_or as _today

from ..models import Norm, NormChangeProposal, NormProposalState

# --- R-N4 proposals to change the norms -------------------------------------------------------

#: R-N4: NVVK's own people may propose a change of the norms; the bureau (or the directeur)
#: tracks and decides on the proposals.
NORM_PROPOSAL_SUBMITTERS = (Role.BUREAU, Role.DIRECTOR, Role.BOARD, Role.QUALITY_TEAM)
NORM_PROPOSAL_DECIDERS = (Role.BUREAU, Role.DIRECTOR)


def _proposal_state_label(value: str) -> str:
    return str(NormProposalState(value).label).lower()


def _require_proposal_step(proposal: NormChangeProposal, transition, *, step: str) -> None:
    """R-N4: refuse a step taken from a state it does not follow, naming where it can."""
    if not can_proceed(transition, check_conditions=False):
        sources = ", ".join(_proposal_state_label(s) for s in transition_sources(transition))
        raise RuleViolation(
            "R-N4", _("Het voorstel is %(state)s; %(step)s kan alleen als het %(sources)s is.")
            % {"state": _proposal_state_label(proposal.state), "step": step,
               "sources": sources},
        )


@transaction.atomic
def norm_proposal_submit(
    *, text: str, rationale: str, actor, norm: Norm | None = None,
    today: dt.date | None = None,
) -> NormChangeProposal:
    """R-N4: a proposal to change a norm (or, without ``norm``, the framework) is collected,
    with the proposed text and its rationale. Any NVVK staff member may submit one."""
    today = _today(today)
    _require_role(actor, *NORM_PROPOSAL_SUBMITTERS, rule_id="R-N4",
                  what=_("een voorstel tot normwijziging indienen"))
    text = require_text(text, rule_id="R-N4", message=_("Beschrijf de voorgestelde wijziging."))
    rationale = require_text(rationale, rule_id="R-N4", message=_(
        "Onderbouw waarom de norm zou moeten wijzigen."))
    proposal = NormChangeProposal(norm=norm, proposed_by=actor, proposed_on=today, text=text,
                                  rationale=rationale)
    reason = (stored("voorstel normwijziging ingediend (%(norm)s, R-N4)", norm=norm.code)
              if norm is not None else
              stored("voorstel normwijziging ingediend (kader, R-N4)"))
    return _save(proposal, actor=actor, reason=reason)


@transaction.atomic
def norm_proposal_review(
    *, proposal: NormChangeProposal, actor, today: dt.date | None = None,
) -> NormChangeProposal:
    """R-N4: the bureau takes a submitted proposal into review."""
    today = _today(today)
    _require_role(actor, *NORM_PROPOSAL_DECIDERS, rule_id="R-N4",
                  what=_("een voorstel tot normwijziging in behandeling nemen"))
    proposal = NormChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    _require_proposal_step(proposal, proposal.start_review, step=_("in behandeling nemen"))
    proposal.start_review(on=today)
    return _save(proposal, actor=actor, reason=stored("voorstel normwijziging in behandeling (R-N4)"))


@transaction.atomic
def norm_proposal_decide(
    *, proposal: NormChangeProposal, accept: bool, notes: str, actor,
    today: dt.date | None = None,
) -> NormChangeProposal:
    """R-N4: the bureau (or the directeur) accepts or rejects a proposal under review, with
    written notes on the decision."""
    today = _today(today)
    _require_role(actor, *NORM_PROPOSAL_DECIDERS, rule_id="R-N4",
                  what=_("over een voorstel tot normwijziging besluiten"))
    notes = require_text(notes, rule_id="R-N4", message=_(
        "Licht het besluit over het voorstel toe."))
    proposal = NormChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    transition = proposal.accept if accept else proposal.reject
    _require_proposal_step(proposal, transition, step=_("besluiten"))
    transition(on=today)
    proposal.decided_by = actor
    proposal.decision_notes = notes
    return _save(proposal, actor=actor,
                 reason=stored("voorstel normwijziging aangenomen (R-N4)") if accept
                 else stored("voorstel normwijziging afgewezen (R-N4)"))
