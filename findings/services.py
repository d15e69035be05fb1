"""State changes of findings, plans of approach, additional investigations, the R-F6 limits
and the advice (R-F1 … R-F8, R-F7 → R-Z1).

Every service: ``transaction.atomic()``, the rows it changes re-read with
``select_for_update()`` (a finding is always locked before its plans or investigations, so
services and the sweep take locks in the same order), the actor's right checked (R-A1: an
auditor only for audits of their own body; a member contact only for their own member), the
rule checked with a :class:`~core.exceptions.RuleViolation` naming it, then the FSM transition,
``save_with_history`` and, where R-0.3 asks, a decision record.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from audits.models import Audit, AuditKind, AuditState, Norm, ReportVersion
from core import dates
from core.decisions import decision_record
from core.exceptions import RuleViolation
from core.flags import flag_raise, flag_resolve
from core.history import save_with_history
from core.models import DecisionKind, FlagAudience, Role
from core.rules import today_or as _today
from members.models import Contact

from . import emails
from .deadlines import investigation_deadline, plan_deadline, plan_overdue_cutoff
from .models import (
    AdditionalInvestigation,
    Advice,
    AdviceKind,
    Finding,
    FindingJudgement,
    FindingKind,
    FindingKindChange,
    FindingStatus,
    InvestigationOutcome,
    InvestigationState,
    JudgementOutcome,
    LimitsFollowUp,
    PlanOfApproach,
    PlanState,
)
from .selectors import (
    advice_blockers,
    audit_limits,
    date_label,
    investigation_base_date,
    kind_label,
)

# R-U2: findings are recorded and judged from the fieldwork up to and including follow-up.
RECORDING_STATES = [
    AuditState.FIELDWORK,
    AuditState.ORAL_FEEDBACK,
    AuditState.CONCEPT_REPORT,
    AuditState.REVIEWED,
    AuditState.PRESENTED,
    AuditState.DEFINITIVE,
    AuditState.FOLLOW_UP,
]

# Which rule governs the follow-up of each kind (R-F2 kanttekening, R-F3 afwijking,
# R-F5 tekortkoming).
KIND_RULE = {
    FindingKind.OBSERVATION: "R-F2",
    FindingKind.NONCONFORMITY: "R-F3",
    FindingKind.MAJOR: "R-F5",
}




# --- Who may act (R-A1) -----------------------------------------------------------------------


def _require_auditor(actor, body_ids) -> None:
    """R-A1: only an active auditor of (one of) ``body_ids`` acts on these audits."""
    auditor = getattr(actor, "auditor", None)
    if (not actor.has_role(Role.AUDITOR) or auditor is None or not auditor.active
            or auditor.body_id not in set(body_ids)):
        raise RuleViolation("R-A1", _(
            "Alleen een auditor van de certificerende instelling van deze audit kan dit doen."))


def _follow_up_body_ids(finding) -> set[int]:
    """The bodies that follow a finding up: the one that found it and any body now auditing
    the member (R-C2: the member may have another body do the follow-up)."""
    running = Audit.objects.filter(member_id=finding.member_id).exclude(
        state__in=[AuditState.DECIDED, AuditState.CANCELLED]).values_list("body_id", flat=True)
    return {finding.audit.body_id, *running}


def _require_member_contact(actor, member_id) -> None:
    """R-A1: a member contact acts only for their own member."""
    if not (actor.has_role(Role.MEMBER_CONTACT)
            and Contact.objects.filter(user=actor, member_id=member_id).exists()):
        raise RuleViolation("R-A1", _(
            "Alleen een contactpersoon van dit lid kan een plan van aanpak indienen."))


def _require_recording_state(audit) -> None:
    """R-U2: findings belong to the audit from fieldwork up to and including follow-up."""
    if audit.state not in RECORDING_STATES:
        raise RuleViolation("R-U2", _(
            "De audit staat in stap ‘%(state)s’; bevindingen worden vastgelegd en beoordeeld "
            "vanaf de audit op locatie tot en met het nawerk."
        ) % {"state": audit.get_state_display()})


def _lock_finding(finding) -> Finding:
    return Finding.objects.select_for_update().select_related("audit", "norm", "member").get(
        pk=finding.pk)


# --- Escalation (R-F8) ------------------------------------------------------------------------


def _escalate(finding, *, on, rule_id, reason, audit=None, actor=None) -> FindingKindChange:
    """Escalate ``finding`` (locked by the caller) one step, keeping its identity (R-F8): the
    same row changes kind, its history gets a row, and a :class:`FindingKindChange` records
    which rule did it, when, at which audit and why. The change row's unique constraint
    (finding, from, to) makes a second escalation of the same step fail, so two concurrent
    sweeps can never both escalate one finding."""
    from_kind = finding.kind
    transition = {
        FindingKind.OBSERVATION: finding.escalate_to_nonconformity,
        FindingKind.NONCONFORMITY: finding.escalate_to_major,
    }.get(from_kind)
    if transition is None or not can_proceed(transition):
        raise RuleViolation(rule_id, _(
            "Een %(kind)s die %(status)s is kan niet worden opgeschaald."
        ) % {"kind": kind_label(from_kind),
             "status": str(finding.get_status_display()).lower()})
    transition(on)
    change = FindingKindChange.objects.create(
        finding=finding, from_kind=from_kind, to_kind=finding.kind, changed_on=on,
        rule_id=rule_id, reason=reason, audit=audit, changed_by=actor)
    # R-F8: the member and the lead auditor are told, after the commit.
    transaction.on_commit(lambda: emails.finding_escalated(change_id=change.pk), robust=True)
    # The history row's reason is short (100 characters); the full reason is on the change.
    save_with_history(finding, actor=actor, reason=f"{rule_id}: {kind_label(from_kind)} wordt "
                                                   f"{kind_label(finding.kind)}")
    if actor is not None:
        # an auditor's escalation is a decision of the body, on the record.
        decision_record(
            kind=DecisionKind.ESCALATION,
            outcome=_("%(old)s wordt %(new)s") % {
                "old": kind_label(from_kind), "new": kind_label(finding.kind)},
            rule_id=rule_id, actor=actor, role=Role.AUDITOR, subject=finding,
            motivation=reason, member=finding.member)
    return change


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
        if not (description or "").strip():
            raise RuleViolation("R-F1", _("Beschrijf de bevinding."))
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
                          reason=f"R-F1: {kind_label(kind)} vastgesteld op norm {norm.code}")
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
        if not (notes or "").strip():
            raise RuleViolation(rule_id, _("Licht het oordeel over de opvolging toe."))
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
            notes=notes.strip(), no_big_risk=no_big_risk, judged_on=today, judged_by=actor)
        save_with_history(judgement, actor=actor, reason=f"{rule_id}: opvolging beoordeeld")
        if outcome == JudgementOutcome.RESOLVED:
            finding.resolve(today)
            save_with_history(finding, actor=actor,
                              reason=f"{rule_id}: opgelost bij audit {audit.pk}")
        elif outcome == JudgementOutcome.ESCALATED:
            _escalate(finding, on=today, rule_id=rule_id, audit=audit, actor=actor,
                      reason=_("Onvoldoende opvolging bij de audit van %(date)s: %(notes)s")
                      % {"date": date_label(today), "notes": judgement.notes})
        else:
            save_with_history(finding, actor=actor,
                              reason=f"{rule_id}: gehandhaafd bij audit {audit.pk}")
    return judgement


def finding_resolve(*, finding, notes, actor, today=None) -> Finding:
    """R-F2/R-F3/R-F5: the body closes a finding that has been resolved."""
    today = _today(today)
    with transaction.atomic():
        finding = _lock_finding(finding)
        _require_auditor(actor, _follow_up_body_ids(finding))
        rule_id = KIND_RULE[finding.kind]
        if not (notes or "").strip():
            raise RuleViolation(rule_id, _("Licht toe waarom de bevinding is opgelost."))
        if not can_proceed(finding.resolve):
            raise RuleViolation(rule_id, _("Deze bevinding is al opgelost op %(date)s.")
                                % {"date": date_label(finding.resolved_on)})
        finding.resolve(today)
        save_with_history(finding, actor=actor, reason=f"{rule_id}: opgelost – {notes}"[:100])
    return finding


# --- Plans of approach (R-F3) -----------------------------------------------------------------


def plan_submit(*, finding, text, document=None, actor, today=None) -> PlanOfApproach:
    """R-F3: a contact of the member sends a plan van aanpak for an open afwijking, within two
    months of it (R-0.1, inclusive). One plan under review at a time; after a rejection a new
    plan may be sent until the deadline."""
    today = _today(today)
    with transaction.atomic():
        # The finding's lock orders this against the sweep and against plan_reject.
        finding = _lock_finding(finding)
        _require_member_contact(actor, finding.member_id)
        if not finding.is_open or finding.kind != FindingKind.NONCONFORMITY:
            raise RuleViolation("R-F3", _(
                "Een plan van aanpak hoort bij een open afwijking; deze bevinding is een "
                "%(kind)s (%(status)s)."
            ) % {"kind": kind_label(finding.kind),
                 "status": str(finding.get_status_display()).lower()})
        plans = PlanOfApproach.objects.filter(finding=finding)
        if plans.filter(state=PlanState.APPROVED).exists():
            raise RuleViolation("R-F3", _("Er is al een goedgekeurd plan van aanpak."))
        if plans.filter(state=PlanState.SUBMITTED).exists():
            raise RuleViolation("R-F3", _(
                "Er ligt al een plan van aanpak ter beoordeling bij de certificerende "
                "instelling."))
        deadline = plan_deadline(finding.kind_since)
        if not dates.in_time(today, deadline):
            raise RuleViolation("R-F3", _(
                "De termijn van twee maanden voor het plan van aanpak is verstreken op "
                "%(deadline)s."
            ) % {"deadline": date_label(deadline)})
        if not (text or "").strip() and document is None:
            raise RuleViolation("R-F3", _("Het plan van aanpak is leeg."))
        if document is not None and document.member_id not in (None, finding.member_id):
            raise RuleViolation("R-A1", _("Dit document hoort niet bij uw organisatie."))
        plan = PlanOfApproach(finding=finding, text=(text or "").strip(), document=document,
                              submitted_on=today, submitted_by=actor)
        save_with_history(plan, actor=actor, reason="R-F3: plan van aanpak ingediend")
    return plan


def _lock_plan(plan) -> tuple[Finding, PlanOfApproach]:
    finding = Finding.objects.select_for_update().select_related("audit", "norm", "member").get(
        pk=plan.finding_id)
    return finding, PlanOfApproach.objects.select_for_update().get(pk=plan.pk)


def _check_assessable(finding, plan, actor) -> None:
    _require_auditor(actor, _follow_up_body_ids(finding))
    if not can_proceed(plan.approve):
        raise RuleViolation("R-F3", _(
            "Dit plan van aanpak is al beoordeeld (%(state)s)."
        ) % {"state": str(plan.get_state_display()).lower()})
    if not finding.is_open or finding.kind != FindingKind.NONCONFORMITY:
        raise RuleViolation("R-F3", _(
            "Deze bevinding is geen open afwijking meer; het plan kan niet meer worden "
            "beoordeeld."))


def plan_approve(*, plan, assessment, actor, today=None) -> PlanOfApproach:
    """R-F3: the body approves the plan; the afwijking no longer blocks a positive advice."""
    today = _today(today)
    with transaction.atomic():
        finding, plan = _lock_plan(plan)
        _check_assessable(finding, plan, actor)
        plan.approve(today)
        plan.assessed_by = actor
        plan.assessment = (assessment or "").strip()
        save_with_history(plan, actor=actor, reason="R-F3: plan van aanpak goedgekeurd")
        transaction.on_commit(lambda: emails.plan_assessed(plan_id=plan.pk), robust=True)
    return plan


def plan_reject(*, plan, assessment, actor, today=None) -> PlanOfApproach:
    """R-F3: the body rejects the plan. Before the deadline the member may send a new one;
    a rejection on or after the deadline makes the afwijking a tekortkoming at once, and the
    change records why."""
    today = _today(today)
    with transaction.atomic():
        finding, plan = _lock_plan(plan)
        _check_assessable(finding, plan, actor)
        if not (assessment or "").strip():
            raise RuleViolation("R-F3", _("Motiveer waarom het plan van aanpak is afgekeurd."))
        plan.reject(today)
        plan.assessed_by = actor
        plan.assessment = assessment.strip()
        save_with_history(plan, actor=actor, reason="R-F3: plan van aanpak afgekeurd")
        transaction.on_commit(lambda: emails.plan_assessed(plan_id=plan.pk), robust=True)
        deadline = plan_deadline(finding.kind_since)
        if today >= deadline:
            _escalate(finding, on=today, rule_id="R-F3", actor=actor, reason=_(
                "Plan van aanpak afgekeurd op %(date)s, op of na de termijn (uiterlijk "
                "%(deadline)s); er is geen goedgekeurd plan van aanpak. Motivering: "
                "%(assessment)s"
            ) % {"date": date_label(today), "deadline": date_label(deadline),
                 "assessment": plan.assessment})
    return plan


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
                          reason=f"{rule_id}: aanvullend onderzoek opgedragen")
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
        if not (notes or "").strip():
            raise RuleViolation(rule_id, _("Licht de uitkomst van het onderzoek toe."))
        investigation.complete(held_on, outcome)
        investigation.notes = notes.strip()
        save_with_history(investigation, actor=actor,
                          reason=f"{rule_id}: aanvullend onderzoek uitgevoerd ({outcome})")
        flag_resolve(key=_overdue_flag_key(investigation), today=today, actor=actor)
        if not finding.is_open:
            return investigation
        if finding.kind == FindingKind.NONCONFORMITY:
            if outcome == InvestigationOutcome.INSUFFICIENT:
                _escalate(finding, on=held_on, rule_id="R-F4", actor=actor,
                          audit=investigation.audit, reason=_(
                              "Onvoldoende voortgang bij het aanvullend onderzoek van "
                              "%(date)s: %(notes)s"
                          ) % {"date": date_label(held_on), "notes": investigation.notes})
        elif finding.kind == FindingKind.MAJOR:
            if outcome == InvestigationOutcome.SUFFICIENT:
                finding.resolve(held_on)
                save_with_history(finding, actor=actor,
                                  reason="R-F5: opgelost na aanvullend onderzoek")
            else:
                again_due = investigation_deadline(held_on)
                flag_raise(
                    key=f"findings:R-F5:unresolved:{investigation.pk}", rule_id="R-F5",
                    audience=FlagAudience.DIRECTOR, today=today, member=finding.member,
                    subject=finding, due_on=again_due,
                    message=_(
                        "Tekortkoming op norm %(norm)s bij %(member)s is na het aanvullend "
                        "onderzoek van %(date)s niet opgelost: zonder oplossing geen nieuw "
                        "certificaat (R-Z1). Opnieuw zes maanden, uiterlijk %(due)s."
                    ) % {"norm": finding.norm.code, "member": finding.member,
                         "date": date_label(held_on), "due": date_label(again_due)})
    return investigation


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
        if not (decision_text or "").strip():
            raise RuleViolation("R-F6", _("Beschrijf het besluit over het vervolg."))
        follow_up = LimitsFollowUp(audit=audit, decision_text=decision_text.strip(),
                                   decided_on=today, decided_by=actor)
        save_with_history(follow_up, actor=actor, reason="R-F6: besluit over het vervolg")
        decision_record(
            kind=DecisionKind.LIMITS_FOLLOW_UP,
            outcome=_("Vervolg bij %(reasons)s") % {"reasons": ", ".join(limits.reason_texts)},
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
        if not (motivation or "").strip():
            raise RuleViolation("R-F7", _("Motiveer het advies."))
        blockers = advice_blockers(audit, kind=kind)
        if blockers:
            raise RuleViolation(blockers[0][0], " ".join(text for _rule, text in blockers))
        advice = Advice(
            audit=audit, kind=kind,
            conditions=(conditions or "").strip() if kind == AdviceKind.CONDITIONAL else "",
            motivation=motivation.strip(), given_on=today, given_by=actor)
        save_with_history(advice, actor=actor, reason=f"R-F7: {advice.get_kind_display()}")
        # the advice rests on the audit's definitive report.
        reports = [report.document for report in audit.reports.filter(
            version=ReportVersion.DEFINITIVE).select_related("document")]
        decision_record(
            kind=DecisionKind.AUDIT_ADVICE, outcome=advice.get_kind_display(), rule_id="R-F7",
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
        save_with_history(audit, actor=actor, reason="R-F7: advies aan NVVK gegeven")
        # R-F7: the member and the directeur are told, after the commit.
        transaction.on_commit(lambda: emails.advice_given(audit_id=audit.pk), robust=True)
    return advice


# --- The daily sweep (R-F3, R-F4, R-F5) -------------------------------------------------------


def _sweep_escalation_reason(finding, deadline) -> str | None:
    """Why an open afwijking past its plan deadline becomes a tekortkoming (R-F3), or None
    when it does not: an approved plan, or a plan submitted in time that is still under
    review (it waits for the body's assessment)."""
    plans = list(PlanOfApproach.objects.filter(finding=finding).order_by("submitted_on", "id"))
    if any(plan.state == PlanState.APPROVED for plan in plans):
        return None
    if any(plan.state == PlanState.SUBMITTED and plan.submitted_on <= deadline for plan in plans):
        return None
    rejected = [plan for plan in plans if plan.state == PlanState.REJECTED]
    if rejected:
        return _(
            "Geen goedgekeurd plan van aanpak binnen twee maanden na de afwijking van "
            "%(since)s (uiterlijk %(deadline)s): het plan is afgekeurd op %(rejected)s en er "
            "is daarna geen nieuw plan ingediend."
        ) % {"since": date_label(finding.kind_since), "deadline": date_label(deadline),
             "rejected": date_label(rejected[-1].assessed_on)}
    return _(
        "Geen plan van aanpak ingediend binnen twee maanden na de afwijking van %(since)s "
        "(uiterlijk %(deadline)s)."
    ) % {"since": date_label(finding.kind_since), "deadline": date_label(deadline)}


def _sweep_escalate(pk, today) -> bool:
    """Escalate one overdue afwijking in its own transaction; False when there is nothing to
    do (any more). The row lock makes a concurrent sweep wait and then see the new kind; the
    unique (finding, from, to) constraint on the change row is the backstop."""
    try:
        with transaction.atomic():
            finding = Finding.objects.select_for_update().select_related("member").get(pk=pk)
            if not finding.is_open or finding.kind != FindingKind.NONCONFORMITY:
                return False
            deadline = plan_deadline(finding.kind_since)
            if today <= deadline:
                return False
            reason = _sweep_escalation_reason(finding, deadline)
            if reason is None:
                return False
            # The afwijking became a tekortkoming the day after the deadline, also when the
            # sweep runs later.
            _escalate(finding, on=deadline + dt.timedelta(days=1), rule_id="R-F3",
                      reason=reason)
            return True
    except IntegrityError:
        return False


def findings_sweep(*, today) -> dict[str, int]:
    """The daily work of this app, idempotent (a second run the same day changes nothing):

    - R-F3: every open afwijking whose plan deadline has passed (today > deadline) without an
      approved plan, and without a plan submitted in time still under review, becomes a
      tekortkoming; the change records why (no plan / plan rejected);
    - R-F4/R-F5: every ordered investigation past its due date is flagged for the bureau;
    - R-F5: every open tekortkoming whose six months passed with no investigation ordered is
      flagged for the bureau.
    """
    counts = {"escalated": 0, "investigations_overdue": 0, "majors_without_investigation": 0}
    candidates = Finding.objects.filter(
        kind=FindingKind.NONCONFORMITY, status=FindingStatus.OPEN,
        kind_since__lte=plan_overdue_cutoff(today),
    ).order_by("pk").values_list("pk", flat=True)
    for pk in list(candidates):
        if _sweep_escalate(pk, today):
            counts["escalated"] += 1

    overdue = AdditionalInvestigation.objects.filter(
        state=InvestigationState.ORDERED, due_on__lt=today, finding__status=FindingStatus.OPEN,
    ).select_related("finding__norm", "finding__member")
    for investigation in overdue:
        finding = investigation.finding
        _flag, created = flag_raise(
            key=_overdue_flag_key(investigation), rule_id=investigation.rule_id,
            audience=FlagAudience.BUREAU, today=today, member=finding.member,
            subject=investigation, due_on=investigation.due_on,
            message=_(
                "Aanvullend onderzoek naar norm %(norm)s bij %(member)s had uiterlijk "
                "%(due)s moeten plaatsvinden."
            ) % {"norm": finding.norm.code, "member": finding.member,
                 "due": date_label(investigation.due_on)})
        counts["investigations_overdue"] += int(created)

    majors = Finding.objects.filter(
        kind=FindingKind.MAJOR, status=FindingStatus.OPEN,
    ).exclude(investigations__state=InvestigationState.ORDERED).select_related(
        "norm", "member").prefetch_related("investigations")
    for finding in majors:
        base = investigation_base_date(finding)
        due_on = investigation_deadline(base)
        if today <= due_on:
            continue
        _flag, created = flag_raise(
            key=f"findings:R-F5:no-investigation:{finding.pk}:{base.isoformat()}",
            rule_id="R-F5", audience=FlagAudience.BUREAU, today=today, member=finding.member,
            subject=finding, due_on=due_on,
            message=_(
                "Tekortkoming op norm %(norm)s bij %(member)s staat langer dan zes maanden "
                "open (sinds %(since)s) zonder aanvullend onderzoek."
            ) % {"norm": finding.norm.code, "member": finding.member,
                 "since": date_label(base)})
        counts["majors_without_investigation"] += int(created)
    return counts
