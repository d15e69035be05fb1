"""Recording and judging findings (R-F1, R-F2, R-F3, R-F5, R-U2, R-U3, R-U5): record a
finding at an audit, judge its follow-up at a later audit (resolved, maintained or escalated,
R-F8), and close a resolved finding. ``KIND_RULE`` says which rule governs the follow-up of
each kind."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from audits.models import Audit, Norm
from core.exceptions import RuleViolation
from core.history import save_with_history
from core.messages import choice, stored
from core.rules import require_text
from core.rules import today_or as _today

from .. import emails
from ..models import Finding, FindingJudgement, FindingKind, JudgementOutcome
from ..selectors import date_label, kind_label
from ._common import (
    _follow_up_body_ids,
    _lock_finding,
    _require_auditor,
    _require_recording_state,
)
from .escalation import _escalate

# Which rule governs the follow-up of each kind (R-F2 kanttekening, R-F3 afwijking,
# R-F5 tekortkoming).
KIND_RULE = {
    FindingKind.OBSERVATION: "R-F2",
    FindingKind.NONCONFORMITY: "R-F3",
    FindingKind.MAJOR: "R-F5",
}


# --- Recording and judging findings (R-F1, R-F2, R-F3, R-U5) ----------------------------------


def finding_record(*, audit, norm_code, kind, description, risk_to_clients=False, actor,
                   today=None) -> Finding:
    """R-F1: record a finding of ``kind`` on one norm at ``audit``.

    Refused unless the actor is an auditor of the audit's body (R-A1), the audit is between
    fieldwork and follow-up (R-U2), the norm exists (R-U3) and is not covered by another
    quality mark (R-U5); a kanttekening carries no big risk for clients (R-F1)."""
    today = _today(today)
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        _require_auditor(actor, [audit.body_id])
        _require_recording_state(audit)
        if kind not in FindingKind.values:
            raise RuleViolation("R-F1", _(
                "Een bevinding is een kanttekening, een afwijking of een tekortkoming."))
        if kind == FindingKind.OBSERVATION and risk_to_clients:
            raise RuleViolation("R-F1", _(
                "Een kanttekening houdt geen groot risico voor klanten in; leg bij risico "
                "voor de dienstverlening een afwijking vast."))
        require_text(description, rule_id="R-F1", message=_("Beschrijf de bevinding."))
        norm = Norm.objects.filter(code=norm_code).first()
        if norm is None:
            raise RuleViolation("R-U3", _("Norm %(code)s bestaat niet in het kwaliteitskader.")
                                % {"code": norm_code})
        covered = audit.covered_norms.filter(norm=norm).first()
        if covered is not None:
            raise RuleViolation("R-U5", _(
                "Norm %(code)s is al getoetst via %(mark)s (%(reference)s) en wordt in deze "
                "audit niet opnieuw getoetst."
            ) % {"code": norm.code, "mark": covered.other_mark,
                 "reference": covered.reference})
        finding = Finding(
            audit=audit, member_id=audit.member_id, norm=norm, kind=kind,
            description=description.strip(), recorded_on=today, kind_since=today,
            risk_to_clients=risk_to_clients, recorded_by=actor)
        save_with_history(finding, actor=actor,
                          reason=stored("R-F1: %(kind)s vastgesteld op norm %(code)s",
                                        kind=choice(FindingKind, kind, lower=True),
                                        code=norm.code))
        # R-F1: the member is told, with the deadline the finding starts, after the commit.
        transaction.on_commit(lambda: emails.finding_recorded(finding_id=finding.pk),
                              robust=True)
    return finding


def finding_judge_follow_up(*, finding, audit, outcome, notes, no_big_risk=False, actor,
                            today=None) -> FindingJudgement:
    """R-F2/R-F3/R-F5: at a later audit of the same member the auditor judges the follow-up
    of an open finding.

    - resolved → the finding is closed;
    - escalated (insufficient follow-up) → one step up, same finding (R-F8): kanttekening →
      afwijking (R-F2, with a new two-month plan deadline), afwijking → tekortkoming (R-F3);
    - maintained (some but not enough follow-up) → only with no big risk for clients
      (R-F2/R-F3); a tekortkoming that is not resolved stays one (R-F5).
    """
    today = _today(today)
    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        finding = _lock_finding(finding)
        _require_auditor(actor, [audit.body_id])
        rule_id = KIND_RULE[finding.kind]
        later = (audit.fieldwork_starts_on is None
                 or finding.audit.fieldwork_starts_on is None
                 or audit.fieldwork_starts_on > finding.audit.fieldwork_starts_on)
        if audit.member_id != finding.member_id or audit.pk == finding.audit_id or not later:
            raise RuleViolation(rule_id, _(
                "De opvolging van een bevinding wordt beoordeeld bij een latere audit van "
                "hetzelfde lid."))
        _require_recording_state(audit)
        if not finding.is_open:
            raise RuleViolation(rule_id, _("Deze bevinding is al opgelost op %(date)s.")
                                % {"date": date_label(finding.resolved_on)})
        if FindingJudgement.objects.filter(finding=finding, audit=audit).exists():
            raise RuleViolation(rule_id, _(
                "De opvolging van deze bevinding is bij deze audit al beoordeeld."))
        if outcome not in JudgementOutcome.values:
            raise RuleViolation(rule_id, _(
                "Het oordeel is opgelost, gehandhaafd of opgeschaald."))
        notes = require_text(notes, rule_id=rule_id, message=_(
            "Licht het oordeel over de opvolging toe."))
        if outcome == JudgementOutcome.ESCALATED and finding.kind == FindingKind.MAJOR:
            raise RuleViolation("R-F5", _(
                "Een tekortkoming kan niet verder worden opgeschaald; een niet opgeloste "
                "tekortkoming blijft open (gehandhaafd)."))
        if (outcome == JudgementOutcome.MAINTAINED and finding.kind != FindingKind.MAJOR
                and not no_big_risk):
            raise RuleViolation(rule_id, _(
                "Een %(kind)s blijft alleen gehandhaafd als er wel (onvoldoende) opvolging is "
                "gegeven en er geen grote risico's voor klanten zijn; anders wordt zij "
                "opgeschaald."
            ) % {"kind": kind_label(finding.kind)})
        judgement = FindingJudgement(
            finding=finding, audit=audit, outcome=outcome, kind_before=finding.kind,
            notes=notes, no_big_risk=no_big_risk, judged_on=today, judged_by=actor)
        save_with_history(judgement, actor=actor, reason=stored(
            "%(rule)s: opvolging beoordeeld", rule=rule_id))
        if outcome == JudgementOutcome.RESOLVED:
            finding.resolve(today)
            save_with_history(finding, actor=actor,
                              reason=stored("%(rule)s: opgelost bij audit %(audit)s",
                                            rule=rule_id, audit=audit.pk))
        elif outcome == JudgementOutcome.ESCALATED:
            _escalate(finding, on=today, rule_id=rule_id, audit=audit, actor=actor,
                      reason=stored("Onvoldoende opvolging bij de audit van %(date)s: %(notes)s",
                                    date=today, notes=judgement.notes))
        else:
            save_with_history(finding, actor=actor,
                              reason=stored("%(rule)s: gehandhaafd bij audit %(audit)s",
                                            rule=rule_id, audit=audit.pk))
    return judgement


def finding_resolve(*, finding, notes, actor, today=None) -> Finding:
    """R-F2/R-F3/R-F5: the body closes a finding that has been resolved."""
    today = _today(today)
    with transaction.atomic():
        finding = _lock_finding(finding)
        _require_auditor(actor, _follow_up_body_ids(finding))
        rule_id = KIND_RULE[finding.kind]
        notes = require_text(notes, rule_id=rule_id, message=_(
            "Licht toe waarom de bevinding is opgelost."))
        if not can_proceed(finding.resolve):
            raise RuleViolation(rule_id, _("Deze bevinding is al opgelost op %(date)s.")
                                % {"date": date_label(finding.resolved_on)})
        finding.resolve(today)
        save_with_history(finding, actor=actor, reason=stored(
            "%(rule)s: opgelost – %(notes)s", rule=rule_id, notes=notes))
    return finding
