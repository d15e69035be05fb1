"""Reads of findings, plans, investigations, limits and advice (R-F1 … R-F8).

Access filtering per audience is done by the portals' views (issue #4) through these
selectors; everything here is already scoped to one audit or one member.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.models import AuditState
from core import dates
from core.timeline import TimelineEvent

from .deadlines import (
    LimitReason,
    limits_exceeded,
    needs_body_decision,
    plan_deadline,
)
from .models import (
    POSITIVE_ADVICE,
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

LIMIT_REASON_TEXTS = {
    LimitReason.TOO_MANY_FINDINGS: gettext_lazy(
        "meer dan vijf kanttekeningen en afwijkingen samen"),
    LimitReason.TOO_MANY_NONCONFORMITIES: gettext_lazy("meer dan drie afwijkingen"),
    LimitReason.MAJOR: gettext_lazy("een of meer tekortkomingen"),
}


def kind_label(kind: str) -> str:
    """The Dutch word for a finding kind, in lower case ("afwijking")."""
    return str(FindingKind(kind).label).lower()


def date_label(day: dt.date) -> str:
    """Dates in stored texts and messages, in the active language: "31 maart 2026"."""
    return dates.date_label(day)


def _with_related(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("norm", "norm__area", "audit", "member").prefetch_related(
        Prefetch("kind_changes", queryset=FindingKindChange.objects.select_related("audit")),
        "plans",
        "investigations",
    )


def findings_for_audit(*, audit, include_withdrawn: bool = False) -> QuerySet:
    """The findings in ``audit``'s report: recorded at it, or recorded earlier and judged at
    it (R-F2/R-F3), each with its kind history (R-F8). A finding the auditor withdrew before
    the report was definitive (R-U2) is not in the report; only the auditor's own page asks
    for it (``include_withdrawn``), with its corrections."""
    judged_here = FindingJudgement.objects.filter(audit=audit).values("finding_id")
    findings = Finding.objects.filter(Q(audit=audit) | Q(pk__in=judged_here))
    if not include_withdrawn:
        findings = findings.exclude(status=FindingStatus.WITHDRAWN)
    return _with_related(findings)


def open_findings_for_member(*, member) -> QuerySet:
    """Every open finding of ``member``, from whichever audit."""
    return _with_related(Finding.objects.filter(member=member, status=FindingStatus.OPEN))


def _audit_year(audit, fallback: dt.date) -> int:
    if audit is not None and audit.fieldwork_starts_on:
        return audit.fieldwork_starts_on.year
    return fallback.year


def finding_label(finding) -> str:
    """R-F8: the kind with its history, as the report shows it, e.g.
    "afwijking (was kanttekening bij audit 2023)". Reads ``finding.kind_changes`` (prefetch it
    for lists)."""
    current = kind_label(finding.kind)
    changes = sorted(finding.kind_changes.all(), key=lambda c: (c.changed_on, c.id))
    if not changes:
        return current
    earlier = []
    # Where did each earlier kind begin? The first at the finding's own audit; each later
    # one at the audit (or on the day) of the change that produced it.
    began = ("audit", _audit_year(finding.audit, finding.recorded_on))
    for change in changes:
        earlier.append((change.from_kind, began))
        if change.audit_id:
            began = ("audit", _audit_year(change.audit, change.changed_on))
        else:
            began = ("date", change.changed_on)
    parts = []
    for kind, (how, when) in reversed(earlier):
        if how == "audit":
            parts.append(_("was %(kind)s bij audit %(year)s") % {
                "kind": kind_label(kind), "year": when})
        else:
            parts.append(_("was %(kind)s tot %(date)s") % {
                "kind": kind_label(kind), "date": date_label(when)})
    return f"{current} ({', '.join(parts)})"


# --- R-F6 limits ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditLimits:
    """R-F6 counts of one audit, the reasons the limits are exceeded, and the body's
    recorded decision on the follow-up (if any)."""

    observations: int
    nonconformities: int
    majors: int
    reasons: tuple[LimitReason, ...]
    body_decision: LimitsFollowUp | None

    @property
    def exceeded(self) -> bool:
        return bool(self.reasons)

    @property
    def needs_body_decision(self) -> bool:
        return needs_body_decision(self.reasons)

    @property
    def body_decision_missing(self) -> bool:
        return self.needs_body_decision and self.body_decision is None

    @property
    def reason_texts(self) -> list[str]:
        return [str(LIMIT_REASON_TEXTS[reason]) for reason in self.reasons]


def audit_limits(audit) -> AuditLimits:
    """R-F6: count the findings of ``audit`` by their current kind. Counted are the findings
    recorded at the audit (also when resolved since: the limits are about what the audit
    found) and earlier findings the audit judged as maintained or escalated."""
    carried = FindingJudgement.objects.filter(
        audit=audit,
        outcome__in=[JudgementOutcome.MAINTAINED, JudgementOutcome.ESCALATED],
    ).values("finding_id")
    kinds = list(
        Finding.objects.filter(Q(audit=audit) | Q(pk__in=carried))
        .exclude(status=FindingStatus.WITHDRAWN)  # R-U2: a withdrawn finding does not count
        .values_list("kind", flat=True))
    observations = kinds.count(FindingKind.OBSERVATION)
    nonconformities = kinds.count(FindingKind.NONCONFORMITY)
    majors = kinds.count(FindingKind.MAJOR)
    return AuditLimits(
        observations=observations,
        nonconformities=nonconformities,
        majors=majors,
        reasons=limits_exceeded(observations, nonconformities, majors),
        body_decision=LimitsFollowUp.objects.filter(audit=audit).first(),
    )


# --- R-F7 advice ------------------------------------------------------------------------------


def advice_blockers(audit, *, kind: str = AdviceKind.POSITIVE) -> list[tuple[str, str]]:
    """What stands in the way of giving advice ``kind`` on ``audit`` now, as
    ``(rule_id, Dutch text)`` pairs; empty when the advice can be given (R-0.5).

    - R-U2: advice is given in the follow-up step, once.
    - R-F7 (with R-F5): no positive advice while a tekortkoming of the member is open.
    - R-F7 (with R-F3): no positive advice while an open afwijking has no approved plan.
    - R-F4: an ordered aanvullend onderzoek must have taken place first (guideline §5 step 7:
      "een positieve uitkomst van het onderzoek is voorwaarde voor een positief advies").
    - R-F6: above the limits the body's recorded decision on the follow-up comes first.
    """
    blockers: list[tuple[str, str]] = []
    if audit.state != AuditState.FOLLOW_UP:
        blockers.append(("R-U2", _(
            "De audit staat in stap ‘%(state)s’; advies wordt gegeven in de stap ‘nawerk’."
        ) % {"state": audit.get_state_display()}))
    if Advice.objects.filter(audit=audit).exists():
        blockers.append(("R-F7", _("Over deze audit is al advies gegeven.")))
    if kind in POSITIVE_ADVICE:
        open_findings = open_findings_for_member(member=audit.member)
        for finding in open_findings:
            if finding.kind == FindingKind.MAJOR:
                blockers.append(("R-F7", _(
                    "Tekortkoming op norm %(norm)s staat open (R-F5); zolang een tekortkoming "
                    "open staat is geen positief advies mogelijk."
                ) % {"norm": finding.norm.code}))
            elif finding.kind == FindingKind.NONCONFORMITY and not any(
                    plan.state == PlanState.APPROVED for plan in finding.plans.all()):
                blockers.append(("R-F7", _(
                    "Afwijking op norm %(norm)s heeft nog geen goedgekeurd plan van aanpak "
                    "(R-F3, uiterlijk in te dienen op %(deadline)s)."
                ) % {"norm": finding.norm.code,
                     "deadline": date_label(plan_deadline(finding.kind_since))}))
            for investigation in finding.investigations.all():
                if investigation.state == InvestigationState.ORDERED:
                    blockers.append(("R-F4", _(
                        "Het aanvullend onderzoek naar norm %(norm)s (uiterlijk %(due)s) heeft "
                        "nog niet plaatsgevonden; een positieve uitkomst is voorwaarde voor een "
                        "positief advies."
                    ) % {"norm": finding.norm.code, "due": date_label(investigation.due_on)}))
    limits = audit_limits(audit)
    if limits.body_decision_missing:
        blockers.append(("R-F6", _(
            "Deze audit telt %(reasons)s; de certificerende instelling legt eerst haar besluit "
            "over het vervolg vast."
        ) % {"reasons": _(" en ").join(
            str(LIMIT_REASON_TEXTS[r]) for r in limits.reasons if r.needs_body_decision)}))
    return blockers


# --- R-F5 investigations ----------------------------------------------------------------------


def investigation_base_date(finding) -> dt.date:
    """R-F4/R-F5: the start of the current six months. For an afwijking the day it was found
    (became an afwijking); for a tekortkoming the day it became one or, after an insufficient
    investigation, that investigation's date ("(opnieuw) zes maanden")."""
    base = finding.kind_since
    if finding.kind == FindingKind.MAJOR:
        for investigation in finding.investigations.all():
            if (investigation.state == InvestigationState.COMPLETED
                    and investigation.outcome == InvestigationOutcome.INSUFFICIENT
                    and investigation.held_on and investigation.held_on > base):
                base = investigation.held_on
    return base


# --- Timeline ---------------------------------------------------------------------------------

_KIND_RULE = {
    FindingKind.OBSERVATION: "R-F2",
    FindingKind.NONCONFORMITY: "R-F3",
    FindingKind.MAJOR: "R-F5",
}


def timeline_events(*, member, today: dt.date) -> list[TimelineEvent]:
    """Findings of ``member`` on its timeline: findings recorded (R-F1), kind changes (R-F8,
    with the rule that changed them), plans submitted and assessed and the plan deadline
    (R-F3), investigations ordered, due and held (R-F4/R-F5), judgements at later audits
    (R-F2/R-F3), the body's decision above the limits (R-F6) and the advice (R-F7)."""
    events: list[TimelineEvent] = []
    findings = Finding.objects.filter(member=member).exclude(
        status=FindingStatus.WITHDRAWN).select_related("norm", "audit")
    findings = findings.prefetch_related(
        Prefetch("kind_changes", queryset=FindingKindChange.objects.select_related("audit")),
        Prefetch("plans", queryset=PlanOfApproach.objects.all()),
        Prefetch("investigations", queryset=AdditionalInvestigation.objects.all()),
        Prefetch("judgements", queryset=FindingJudgement.objects.select_related("audit")),
    )
    for finding in findings:
        norm = finding.norm.code
        first_kind = (min(finding.kind_changes.all(), key=lambda c: (c.changed_on, c.id)).from_kind
                      if finding.kind_changes.all() else finding.kind)
        events.append(TimelineEvent(
            on=finding.recorded_on, rule_id="R-F1",
            title=_("%(kind)s vastgesteld op norm %(norm)s") % {
                "kind": FindingKind(first_kind).label, "norm": norm},
            detail=finding.description))
        for change in finding.kind_changes.all():
            events.append(TimelineEvent(
                on=change.changed_on, rule_id=change.rule_id,
                title=_("%(old)s op norm %(norm)s is nu een %(new)s") % {
                    "old": FindingKind(change.from_kind).label, "norm": norm,
                    "new": kind_label(change.to_kind)},
                detail=change.reason_text))
        for judgement in finding.judgements.all():
            events.append(TimelineEvent(
                on=judgement.judged_on, rule_id=_KIND_RULE[judgement.kind_before],
                title=_("Opvolging %(kind)s op norm %(norm)s beoordeeld: %(outcome)s") % {
                    "kind": kind_label(judgement.kind_before), "norm": norm,
                    "outcome": str(judgement.get_outcome_display()).lower()},
                detail=judgement.notes))
        for plan in finding.plans.all():
            events.append(TimelineEvent(
                on=plan.submitted_on, rule_id="R-F3",
                title=_("Plan van aanpak voor norm %(norm)s ingediend") % {"norm": norm}))
            if plan.assessed_on:
                events.append(TimelineEvent(
                    on=plan.assessed_on, rule_id="R-F3",
                    title=_("Plan van aanpak voor norm %(norm)s %(state)s") % {
                        "norm": norm, "state": str(plan.get_state_display()).lower()},
                    detail=plan.assessment))
        for investigation in finding.investigations.all():
            events.append(TimelineEvent(
                on=investigation.ordered_on, rule_id=investigation.rule_id,
                title=_("Aanvullend onderzoek naar norm %(norm)s opgedragen") % {"norm": norm}))
            if investigation.state == InvestigationState.COMPLETED:
                events.append(TimelineEvent(
                    on=investigation.held_on, rule_id=investigation.rule_id,
                    title=_("Aanvullend onderzoek naar norm %(norm)s: %(outcome)s") % {
                        "norm": norm,
                        "outcome": str(investigation.get_outcome_display()).lower()},
                    detail=investigation.notes))
        if finding.resolved_on:
            events.append(TimelineEvent(
                on=finding.resolved_on, rule_id=_KIND_RULE[finding.kind],
                title=_("%(kind)s op norm %(norm)s opgelost") % {
                    "kind": FindingKind(finding.kind).label, "norm": norm}))
    for follow_up in LimitsFollowUp.objects.filter(audit__member=member).select_related("audit"):
        events.append(TimelineEvent(
            on=follow_up.decided_on, rule_id="R-F6",
            title=_("Besluit CI over het vervolg bij overschrijding van de grenzen"),
            detail=follow_up.decision_text))
    for advice in Advice.objects.filter(audit__member=member).select_related("audit"):
        events.append(TimelineEvent(
            on=advice.given_on, rule_id="R-F7",
            title=_("Advies CI: %(kind)s") % {"kind": str(advice.get_kind_display()).lower()},
            detail=advice.conditions))
    return events


def findings_for_auditor(*, user) -> QuerySet:
    """R-A1: the findings an auditor may see: those of its own body's audits, and the open
    findings of members its body is auditing now — the follow-up of a finding is judged at the
    next audit, which the member may have another body do (R-C2, R-F2). Nothing else of other
    bodies."""
    from audits.models import Audit
    from audits.selectors import auditor_for_user

    auditor = auditor_for_user(user)
    if auditor is None or not user.is_active:
        return Finding.objects.none()
    running = Audit.objects.filter(body_id=auditor.body_id).exclude(
        state__in=[AuditState.DECIDED, AuditState.CANCELLED]).values("member_id")
    return Finding.objects.filter(
        Q(audit__body_id=auditor.body_id)
        | Q(member_id__in=running, status=FindingStatus.OPEN))


def plans_for_auditor(*, user) -> QuerySet:
    """R-A1/R-F3: plans of approach of the findings the auditor may see, newest first."""
    return (PlanOfApproach.objects
            .filter(finding__in=findings_for_auditor(user=user).values("pk"))
            .select_related("finding", "finding__norm", "finding__member", "finding__audit",
                            "submitted_by", "assessed_by", "document")
            .order_by("submitted_on", "id"))


def investigations_for_auditor(*, user) -> QuerySet:
    """R-A1/R-F4/R-F5: additional investigations of the findings the auditor may see, the
    first due first."""
    return (AdditionalInvestigation.objects
            .filter(finding__in=findings_for_auditor(user=user).values("pk"))
            .select_related("finding", "finding__norm", "finding__member", "finding__audit",
                            "ordered_by", "audit")
            .order_by("due_on", "id"))


def earlier_open_findings(*, audit) -> QuerySet:
    """R-F2/R-F3/R-F5: the member's open findings recorded at an earlier audit, whose follow-up
    ``audit`` judges; with the judgement already given at ``audit`` (if any) prefetched as
    ``judgements_here``."""
    findings = Finding.objects.filter(member_id=audit.member_id,
                                      status=FindingStatus.OPEN).exclude(audit_id=audit.pk)
    if audit.fieldwork_starts_on:
        # As finding_judge_follow_up: only findings of audits before this one (or undated).
        findings = findings.filter(Q(audit__fieldwork_starts_on__lt=audit.fieldwork_starts_on)
                                   | Q(audit__fieldwork_starts_on__isnull=True))
    return _with_related(findings).prefetch_related(Prefetch("judgements", to_attr="judgements_here",
                                queryset=FindingJudgement.objects.filter(audit=audit)))


# --- The member portal (issue #4, R-A1) ------------------------------------------------------


def findings_for_member(*, member) -> QuerySet:
    """Every finding of ``member`` (open or resolved; not one the auditor withdrew before the
    report was definitive, R-U2), with its plans, investigations and kind history, for the
    member's own portal."""
    return _with_related(Finding.objects.filter(member=member).exclude(
        status=FindingStatus.WITHDRAWN)).select_related("audit__body")
