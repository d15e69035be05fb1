"""Correcting and withdrawing a finding before the report is definitive (R-U2, R-F1): the
auditor of the audit's body fixes a wrongly recorded finding (norm, kind, description, risk)
or withdraws it, always with a reason; each is a :class:`FindingCorrection` row and a history
row. A withdrawn finding no longer counts: not for the limits (R-F6), the advice (R-F7) or the
escalation (R-F3/R-F8), and the member no longer sees it.

:func:`correction_blockers` is what the page shows before the click and what the services
refuse with: the finding's own transition guards (:mod:`core.fsm`)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from audits.models import Audit, Norm
from core.exceptions import RuleViolation
from core.fsm import unmet_conditions
from core.history import save_with_history
from core.messages import stored
from core.rules import require_text
from core.rules import today_or as _today

from .. import emails
from ..models import (
    CorrectionAction,
    Finding,
    FindingCorrection,
    FindingKind,
)
from ..selectors import kind_label
from ._common import _lock_finding, _require_auditor


def correction_blockers(finding) -> list[tuple[str, str]]:
    """What stands in the way of correcting or withdrawing ``finding`` now, as
    ``(rule_id, Dutch text)``: the conditions of its ``withdraw`` guard (the finding open,
    R-F1; its audit's report not yet definitive, R-U2). Empty when it can be done."""
    return unmet_conditions(finding.withdraw)


def _require_correctable(finding) -> None:
    blockers = correction_blockers(finding)
    if blockers:
        raise RuleViolation(*blockers[0])


def _locked(finding, actor) -> Finding:
    Audit.objects.select_for_update().get(pk=finding.audit_id)
    finding = _lock_finding(finding)
    _require_auditor(actor, [finding.audit.body_id])
    _require_correctable(finding)
    return finding


def finding_correct(*, finding, reason, actor, kind=None, description=None, norm_code=None,
                    risk_to_clients=None, today=None) -> Finding:
    """R-U2/R-F1: correct a finding of an audit whose report is not yet definitive. The
    fields given (``None``: unchanged) are checked as when recording (R-F1, R-U3, R-U5); at
    least one changes; the reason is required."""
    today = _today(today)
    with transaction.atomic():
        finding = _locked(finding, actor)
        reason = require_text(reason, rule_id="R-F1",
                              message=_("Geef de reden van de correctie."))
        changes = []
        new_kind = finding.kind if kind is None else kind
        if new_kind not in FindingKind.values:
            raise RuleViolation("R-F1", _(
                "Een bevinding is een kanttekening, een afwijking of een tekortkoming."))
        risk = finding.risk_to_clients if risk_to_clients is None else risk_to_clients
        if new_kind == FindingKind.OBSERVATION and risk:
            raise RuleViolation("R-F1", _(
                "Een kanttekening houdt geen groot risico voor klanten in; leg bij risico "
                "voor de dienstverlening een afwijking vast."))
        if norm_code is not None and norm_code != finding.norm.code:
            norm = Norm.objects.filter(code=norm_code).first()
            if norm is None:
                raise RuleViolation("R-U3", _(
                    "Norm %(code)s bestaat niet in het kwaliteitskader.") % {"code": norm_code})
            covered = finding.audit.covered_norms.filter(norm=norm).first()
            if covered is not None:
                raise RuleViolation("R-U5", _(
                    "Norm %(code)s is al getoetst via %(mark)s (%(reference)s) en wordt in "
                    "deze audit niet opnieuw getoetst."
                ) % {"code": norm.code, "mark": covered.other_mark,
                     "reference": covered.reference})
            changes.append(_("norm: %(old)s → %(new)s")
                           % {"old": finding.norm.code, "new": norm.code})
            finding.norm = norm
        if description is not None and description.strip() != finding.description:
            finding.description = require_text(description, rule_id="R-F1",
                                               message=_("Beschrijf de bevinding."))
            changes.append(_("omschrijving aangepast"))
        if risk != finding.risk_to_clients:
            changes.append(_("risico voor klanten: %(value)s")
                           % {"value": _("ja") if risk else _("nee")})
            finding.risk_to_clients = risk
        if new_kind != finding.kind:
            changes.append(_("soort: %(old)s → %(new)s")
                           % {"old": kind_label(finding.kind), "new": kind_label(new_kind)})
            if not can_proceed(finding.correct_kind):
                raise RuleViolation("R-U2", _("De soort van deze bevinding kan niet meer "
                                              "worden gecorrigeerd."))
            finding.correct_kind(new_kind, today)
        if not changes:
            raise RuleViolation("R-F1", _("Er is niets gewijzigd aan de bevinding."))
        summary = "; ".join(str(c) for c in changes)
        save_with_history(finding, actor=actor, reason=stored(
            "R-U2: gecorrigeerd (%(changes)s) – %(reason)s", changes=summary, reason=reason))
        correction = FindingCorrection(
            finding=finding, action=CorrectionAction.CORRECTED, changes=summary, reason=reason,
            corrected_on=today, corrected_by=actor)
        save_with_history(correction, actor=actor, reason=stored("R-U2: gecorrigeerd"))
        # R-U2: the member is told what changed and why, after the commit.
        transaction.on_commit(
            lambda: emails.finding_corrected(correction_id=correction.pk), robust=True)
    return finding


def finding_withdraw(*, finding, reason, actor, today=None) -> Finding:
    """R-U2: withdraw a finding of an audit whose report is not yet definitive, with the
    reason. It stays in the auditor's history but no longer counts and the member no longer
    sees it."""
    today = _today(today)
    with transaction.atomic():
        finding = _locked(finding, actor)
        reason = require_text(reason, rule_id="R-U2",
                              message=_("Geef de reden van het intrekken."))
        finding.withdraw(today)
        save_with_history(finding, actor=actor, reason=stored(
            "R-U2: ingetrokken – %(reason)s", reason=reason))
        correction = FindingCorrection(
            finding=finding, action=CorrectionAction.WITHDRAWN, reason=reason,
            corrected_on=today, corrected_by=actor)
        save_with_history(correction, actor=actor, reason=stored("R-U2: ingetrokken"))
        # R-U2: the member is told the finding no longer counts, and why, after the commit.
        transaction.on_commit(
            lambda: emails.finding_corrected(correction_id=correction.pk), robust=True)
    return finding
