"""Additional investigations (R-F4, R-F5): order an aanvullend onderzoek within six months and
record its outcome: an afwijking with insufficient progress becomes a tekortkoming (R-F4,
R-F8); a tekortkoming is resolved, or stays open with a flag for the directeur (R-F5, R-Z1)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from audits.models import AuditKind
from core.exceptions import RuleViolation
from core.flags import flag_raise, flag_resolve
from core.history import save_with_history
from core.messages import choice, stored
from core.models import FlagAudience
from core.rules import require_text
from core.rules import today_or as _today

from ..deadlines import investigation_deadline
from ..models import (
    AdditionalInvestigation,
    Finding,
    FindingKind,
    InvestigationOutcome,
    InvestigationState,
)
from ..selectors import date_label, investigation_base_date
from ._common import _follow_up_body_ids, _lock_finding, _require_auditor
from .escalation import _escalate

# --- Additional investigations (R-F4, R-F5) ---------------------------------------------------


def _overdue_flag_key(investigation) -> str:
    return f"findings:investigation-overdue:{investigation.pk}"


def investigation_order(*, finding, actor, today=None, audit=None) -> AdditionalInvestigation:
    """Order an aanvullend onderzoek within six months.

    R-F4: for an open afwijking with a risk for the service to clients and/or creditors, due
    six months after it was found. R-F5: for a tekortkoming, due six months after it became
    one, or — "(opnieuw) zes maanden" — six months after an investigation that found it still
    unresolved. One investigation at a time per finding. ``audit`` optionally links the
    investigation's own audit (kind "aanvullend onderzoek", R-U1)."""
    today = _today(today)
    with transaction.atomic():
        finding = _lock_finding(finding)
        _require_auditor(actor, _follow_up_body_ids(finding))
        if finding.kind == FindingKind.NONCONFORMITY:
            rule_id = "R-F4"
            if not finding.risk_to_clients:
                raise RuleViolation(rule_id, _(
                    "Een aanvullend onderzoek bij een afwijking is alleen mogelijk bij een "
                    "risico voor de dienstverlening aan klanten en/of schuldeisers."))
        elif finding.kind == FindingKind.MAJOR:
            rule_id = "R-F5"
        else:
            raise RuleViolation("R-F4", _(
                "Een aanvullend onderzoek volgt op een afwijking met risico of op een "
                "tekortkoming, niet op een kanttekening."))
        if not finding.is_open:
            raise RuleViolation(rule_id, _("Deze bevinding is al opgelost."))
        investigations = AdditionalInvestigation.objects.filter(finding=finding)
        running = investigations.filter(state=InvestigationState.ORDERED).first()
        if running is not None:
            raise RuleViolation(rule_id, _(
                "Er loopt al een aanvullend onderzoek (uiterlijk %(due)s)."
            ) % {"due": date_label(running.due_on)})
        due_on = investigation_deadline(investigation_base_date(finding))
        if today > due_on:
            raise RuleViolation(rule_id, _(
                "De termijn van zes maanden voor een aanvullend onderzoek is verstreken op "
                "%(due)s."
            ) % {"due": date_label(due_on)})
        if audit is not None and (audit.member_id != finding.member_id
                                  or audit.kind != AuditKind.ADDITIONAL):
            raise RuleViolation("R-U1", _(
                "Koppel een audit van de soort ‘aanvullend onderzoek’ van hetzelfde lid."))
        investigation = AdditionalInvestigation(
            finding=finding, rule_id=rule_id, ordered_on=today, due_on=due_on,
            ordered_by=actor, audit=audit)
        save_with_history(investigation, actor=actor,
                          reason=stored("%(rule)s: aanvullend onderzoek opgedragen",
                                        rule=rule_id))
    return investigation


def investigation_complete(*, investigation, held_on, outcome, notes, actor,
                           today=None) -> AdditionalInvestigation:
    """The aanvullend onderzoek took place on ``held_on``.

    - afwijking, insufficient progress → tekortkoming (R-F4);
    - tekortkoming, sufficient → resolved (R-F5);
    - tekortkoming, insufficient → stays open: the directeur is flagged that the certificate
      cannot be issued again while it is unresolved (R-F5, R-Z1), and a new investigation may
      follow within (again) six months.
    """
    today = _today(today)
    with transaction.atomic():
        finding = Finding.objects.select_for_update().select_related(
            "audit", "norm", "member").get(pk=investigation.finding_id)
        investigation = AdditionalInvestigation.objects.select_for_update().get(
            pk=investigation.pk)
        rule_id = investigation.rule_id
        _require_auditor(actor, _follow_up_body_ids(finding))
        if not can_proceed(investigation.complete):
            raise RuleViolation(rule_id, _(
                "Dit aanvullend onderzoek is al uitgevoerd op %(date)s."
            ) % {"date": date_label(investigation.held_on)})
        if outcome not in InvestigationOutcome.values:
            raise RuleViolation(rule_id, _(
                "De uitkomst is voldoende of onvoldoende voortgang."))
        if held_on < investigation.ordered_on or held_on > today:
            raise RuleViolation(rule_id, _(
                "De datum van het onderzoek ligt tussen de opdracht (%(ordered)s) en vandaag."
            ) % {"ordered": date_label(investigation.ordered_on)})
        notes = require_text(notes, rule_id=rule_id, message=_(
            "Licht de uitkomst van het onderzoek toe."))
        investigation.complete(held_on, outcome)
        investigation.notes = notes
        save_with_history(investigation, actor=actor,
                          reason=stored(
                              "%(rule)s: aanvullend onderzoek uitgevoerd (%(outcome)s)",
                              rule=rule_id,
                              outcome=choice(InvestigationOutcome, outcome, lower=True)))
        flag_resolve(key=_overdue_flag_key(investigation), today=today, actor=actor)
        if not finding.is_open:
            return investigation
        if finding.kind == FindingKind.NONCONFORMITY:
            if outcome == InvestigationOutcome.INSUFFICIENT:
                _escalate(finding, on=held_on, rule_id="R-F4", actor=actor,
                          audit=investigation.audit, reason=stored(
                              "Onvoldoende voortgang bij het aanvullend onderzoek van "
                              "%(date)s: %(notes)s", date=held_on, notes=investigation.notes))
        elif finding.kind == FindingKind.MAJOR:
            if outcome == InvestigationOutcome.SUFFICIENT:
                finding.resolve(held_on)
                save_with_history(finding, actor=actor,
                                  reason=stored("R-F5: opgelost na aanvullend onderzoek"))
            else:
                again_due = investigation_deadline(held_on)
                flag_raise(
                    key=f"findings:R-F5:unresolved:{investigation.pk}", rule_id="R-F5",
                    audience=FlagAudience.DIRECTOR, today=today, member=finding.member,
                    subject=finding, due_on=again_due,
                    message=stored(
                        "Tekortkoming op norm %(norm)s bij %(member)s is na het aanvullend "
                        "onderzoek van %(date)s niet opgelost: zonder oplossing geen nieuw "
                        "certificaat (R-Z1). Opnieuw zes maanden, uiterlijk %(due)s.",
                        norm=finding.norm.code, member=finding.member, date=held_on,
                        due=again_due))
    return investigation
