"""The limits and the advice (R-F6, R-F7 → R-Z1): above the limits of R-F6 the body records
its decision on the follow-up; the body's advice to NVVK moves the audit to ``advised``."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from audits.models import Audit, ReportVersion
from core.decisions import decision_record
from core.exceptions import RuleViolation
from core.history import save_with_history
from core.messages import choice, stored, stored_label
from core.models import DecisionKind, Role
from core.rules import require_text
from core.rules import today_or as _today

from .. import emails
from ..models import Advice, AdviceKind, LimitsFollowUp
from ..selectors import advice_blockers, audit_limits, date_label
from ._common import _require_auditor, _require_recording_state

# --- Limits and advice (R-F6, R-F7) -----------------------------------------------------------


def limits_record_follow_up(*, audit, decision_text, actor, today=None) -> LimitsFollowUp:
    """R-F6: above five kanttekeningen + afwijkingen, or above three afwijkingen, the body
    records its decision on the follow-up (also a decision record, R-0.3); the advice waits
    for it."""
    today = _today(today)
    with transaction.atomic():
        audit = Audit.objects.select_for_update().select_related("member").get(pk=audit.pk)
        _require_auditor(actor, [audit.body_id])
        _require_recording_state(audit)
        limits = audit_limits(audit)
        if not limits.needs_body_decision:
            raise RuleViolation("R-F6", _(
                "Deze audit blijft binnen de grenzen (%(obs)s kanttekeningen, %(nc)s "
                "afwijkingen); een besluit over het vervolg is niet nodig."
            ) % {"obs": limits.observations, "nc": limits.nonconformities})
        if limits.body_decision is not None:
            raise RuleViolation("R-F6", _(
                "Het besluit over het vervolg is al vastgelegd op %(date)s."
            ) % {"date": date_label(limits.body_decision.decided_on)})
        decision_text = require_text(decision_text, rule_id="R-F6", message=_(
            "Beschrijf het besluit over het vervolg."))
        follow_up = LimitsFollowUp(audit=audit, decision_text=decision_text,
                                   decided_on=today, decided_by=actor)
        save_with_history(follow_up, actor=actor, reason=stored("R-F6: besluit over het vervolg"))
        decision_record(
            kind=DecisionKind.LIMITS_FOLLOW_UP,
            outcome=stored("Vervolg bij %(reasons)s", reasons=", ".join(limits.reason_texts)),
            rule_id="R-F6", actor=actor, role=Role.AUDITOR, subject=follow_up,
            motivation=follow_up.decision_text, member=audit.member)
    return follow_up


def advice_give(*, audit, kind, conditions="", motivation, actor, today=None) -> Advice:
    """R-F7: the body's advice to NVVK — positive, positive under conditions (recorded), or
    negative — which the directeur's decision follows or, with motivation, departs from (R-Z1).

    Given in the follow-up step only, once (R-U2). A positive advice (with or without
    conditions) is refused while a tekortkoming of the member is open (R-F5) or an open
    afwijking has no approved plan (R-F3), or an ordered aanvullend onderzoek has not taken
    place (R-F4); above the limits of R-F6 any advice waits for the body's recorded decision.
    Writes the advice, a decision record (R-0.3) and moves the audit to ``advised``."""
    today = _today(today)
    with transaction.atomic():
        audit = Audit.objects.select_for_update().select_related("member").get(pk=audit.pk)
        _require_auditor(actor, [audit.body_id])
        if not can_proceed(audit.advise, check_conditions=False):
            raise RuleViolation("R-U2", _(
                "De audit staat in stap ‘%(state)s’; advies kan alleen worden gegeven vanuit "
                "de stap ‘nawerk’."
            ) % {"state": audit.get_state_display()})
        if kind not in AdviceKind.values:
            raise RuleViolation("R-F7", _(
                "Het advies is positief, positief onder voorwaarden of negatief."))
        if kind == AdviceKind.CONDITIONAL and not (conditions or "").strip():
            raise RuleViolation("R-F7", _(
                "Een positief advies onder voorwaarden vermeldt de voorwaarden."))
        motivation = require_text(motivation, rule_id="R-F7", message=_("Motiveer het advies."))
        blockers = advice_blockers(audit, kind=kind)
        if blockers:
            raise RuleViolation(blockers[0][0], " ".join(text for _rule, text in blockers))
        advice = Advice(
            audit=audit, kind=kind,
            conditions=(conditions or "").strip() if kind == AdviceKind.CONDITIONAL else "",
            motivation=motivation, given_on=today, given_by=actor)
        advice_kind = choice(AdviceKind, advice.kind)
        save_with_history(advice, actor=actor, reason=stored("R-F7: %(advice)s",
                                                             advice=advice_kind))
        # the advice rests on the audit's definitive report.
        reports = [report.document for report in audit.reports.filter(
            version=ReportVersion.DEFINITIVE).select_related("document")]
        decision_record(
            kind=DecisionKind.AUDIT_ADVICE, outcome=stored_label(AdviceKind, advice.kind),
            rule_id="R-F7",
            actor=actor, role=Role.AUDITOR, subject=audit, member=audit.member,
            documents=reports,
            motivation=(advice.motivation + (
                "\n\n" + _("Voorwaarden: %(conditions)s") % {"conditions": advice.conditions}
                if advice.conditions else "")))
        # Re-read: the audit's reverse ``advice`` may have been cached as missing above.
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        if not can_proceed(audit.advise):
            raise RuleViolation("R-F7", _("Het advies kon niet worden vastgelegd."))
        audit.advise()
        save_with_history(audit, actor=actor, reason=stored("R-F7: advies aan NVVK gegeven"))
        # R-F7: the member and the directeur are told, after the commit.
        transaction.on_commit(lambda: emails.advice_given(audit_id=audit.pk), robust=True)
    return advice
