"""Reads of audits per audience (R-A1: an auditor sees only its own body's audits) and the
audits' contribution to the member timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import local_date
from core.documents import documents_for
from core.models import Flag, Role
from core.timeline import TimelineEvent
from members.models import Member, MemberState

from .models import (
    AreaAssessment,
    Audit,
    AuditKind,
    AuditReport,
    AuditState,
    PerformanceArea,
    ReportVersion,
)

STAFF_ROLES = (Role.BUREAU, Role.DIRECTOR, Role.BOARD)
_RELATED = ("member", "body", "lead_auditor", "second_auditor", "reviewer")


def _audits() -> QuerySet[Audit]:
    return Audit.objects.select_related(*_RELATED)


def audits_for_auditor(*, user) -> QuerySet[Audit]:
    """R-A1: only the audits of the body the auditor works for; nothing of other bodies."""
    auditor = getattr(user, "auditor", None) if user is not None else None
    if (auditor is None or not auditor.active or not user.is_active
            or not user.has_role(Role.AUDITOR)):
        return Audit.objects.none()
    return _audits().filter(body_id=auditor.body_id)


def audits_for_member(*, member) -> QuerySet[Audit]:
    """All audits of one member, newest first."""
    return _audits().filter(member=member).prefetch_related("scope")


def audits_for_user(*, user) -> QuerySet[Audit]:
    """The audits ``user`` may see (R-A1): staff all; an auditor its body's; a member contact
    its own organisation's; the kernteam the admission audits it advises on."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Audit.objects.none()
    if user.has_role(*STAFF_ROLES):
        return _audits()
    ids = set()
    if user.has_role(Role.AUDITOR):
        ids.update(audits_for_auditor(user=user).values_list("pk", flat=True))
    if user.has_role(Role.MEMBER_CONTACT):
        ids.update(Audit.objects.filter(member__contacts__user=user)
                   .values_list("pk", flat=True))
    if user.has_role(Role.QUALITY_TEAM):
        ids.update(Audit.objects.filter(kind=AuditKind.ADMISSION).values_list("pk", flat=True))
    return _audits().filter(pk__in=ids)


# States whose entry has no date field of its own: the timeline takes the history's date.
_HISTORY_STEPS = {
    AuditState.PREPARATION: (gettext_lazy("Voorbereiding gestart"), "R-U2"),
    AuditState.DEVELOPMENT_LEVELS: (gettext_lazy("Stap ontwikkelniveaus"), "R-U4"),
    AuditState.CONCEPT_REPORT: (gettext_lazy("Conceptrapport"), "R-U2"),
    AuditState.FOLLOW_UP: (gettext_lazy("Nawerk gestart"), "R-U2"),
    AuditState.CANCELLED: (gettext_lazy("Audit geannuleerd"), "R-U2"),
}
_REACHED_FIELDWORK = [s for s in AuditState.values
                      if s not in (AuditState.BODY_CHOSEN, AuditState.QUOTE_AGREED,
                                   AuditState.PREPARATION, AuditState.DEVELOPMENT_LEVELS,
                                   AuditState.CANCELLED)]


def _history_steps(member) -> dict[int, list[tuple[dt.date, str]]]:
    """Per audit the states entered, with the day, from the change history (R-0.4)."""
    steps: dict[int, list[tuple[dt.date, str]]] = {}
    previous: dict[int, str] = {}
    rows = (Audit.history.filter(member_id=member.pk).order_by("history_date", "history_id")
            .values_list("id", "state", "history_date"))
    for audit_id, state, when in rows:
        if previous.get(audit_id) != state:
            steps.setdefault(audit_id, []).append((local_date(when), state))
            previous[audit_id] = state
    return steps


def timeline_events(*, member, today: dt.date) -> list[TimelineEvent]:
    """Each audit with its steps (R-U2), its team review (R-C4), interim audits with trigger
    (R-T1, R-T2), and the planned fieldwork as an upcoming date."""
    events: list[TimelineEvent] = []
    history = _history_steps(member)
    for audit in Audit.objects.filter(member=member).select_related("body", "reviewer"):
        name = f"{audit.get_kind_display()} ({audit.body})"
        if audit.kind == AuditKind.INTERIM:
            events.append(TimelineEvent(
                on=local_date(audit.created_at),
                title=_("Tussentijdse audit opgelegd: %(trigger)s")
                % {"trigger": audit.get_trigger_display()},
                rule_id="R-T1",
                detail=_("R-T2 aanleiding: %(source)s; kosten voor het lid")
                % {"source": audit.trigger_source},
            ))
        else:
            events.append(TimelineEvent(on=local_date(audit.created_at),
                                        title=_("CI gekozen: %(name)s") % {"name": name},
                                        rule_id="R-C2"))
        dated = [
            (audit.quote_agreed_on, _("Offerte en scope akkoord"), "R-U2"),
            (audit.oral_feedback_on, _("Mondelinge terugkoppeling"), "R-U2"),
            (audit.reviewed_on, _("Intern getoetst door %(reviewer)s")
             % {"reviewer": audit.reviewer.name if audit.reviewer else ""}, "R-C4"),
            (audit.presented_on, _("Rapport voorgelegd aan de organisatie"), "R-U2"),
            (audit.definitive_on, _("Rapport definitief"), "R-U2"),
        ]
        for on, title, rule in dated:
            if on:
                events.append(TimelineEvent(on=on, title=f"{title} – {name}", rule_id=rule))
        for on, state in history.get(audit.pk, []):
            if state in _HISTORY_STEPS:
                title, rule = _HISTORY_STEPS[state]
                events.append(TimelineEvent(on=on, title=f"{title} – {name}", rule_id=rule))
        if audit.fieldwork_starts_on:
            if audit.state in _REACHED_FIELDWORK:
                events.append(TimelineEvent(on=audit.fieldwork_starts_on,
                                            title=_("Audit op locatie – %(name)s")
                                            % {"name": name}, rule_id="R-U2"))
    return events


# --- The auditor portal and the Kwaliteitskader picture (issue #4) ----------------------------

#: R-U2: the steps of an audit in order; ``development_levels`` only when the audit has them
#: (R-U4).
STEP_ORDER = [
    AuditState.BODY_CHOSEN, AuditState.QUOTE_AGREED, AuditState.PREPARATION,
    AuditState.DEVELOPMENT_LEVELS, AuditState.FIELDWORK, AuditState.ORAL_FEEDBACK,
    AuditState.CONCEPT_REPORT, AuditState.REVIEWED, AuditState.PRESENTED,
    AuditState.DEFINITIVE, AuditState.FOLLOW_UP, AuditState.ADVISED, AuditState.DECIDED,
]


@dataclass(frozen=True)
class AuditStep:
    """One step of R-U2 for one audit: ``status`` is "done", "current", "next" or "todo"."""

    state: str
    label: str
    status: str


def audit_steps(audit) -> list[AuditStep]:
    """R-U2: the steps of ``audit`` (R-U4: with the development-levels step only when levels are
    part of it), each marked done, current, next (the one that follows) or todo. A cancelled
    audit shows the steps it completed as done and none as current."""
    order = [s for s in STEP_ORDER
             if s != AuditState.DEVELOPMENT_LEVELS or audit.development_levels]
    if audit.state == AuditState.CANCELLED:
        # Up to where did it get? The history knows; without it nothing is marked done.
        reached = set(Audit.history.filter(id=audit.pk).values_list("state", flat=True))
        last = max((order.index(s) for s in reached if s in order), default=-1)
        return [AuditStep(s, str(AuditState(s).label), "done" if i <= last else "todo")
                for i, s in enumerate(order)]
    current = order.index(audit.state) if audit.state in order else -1
    steps = []
    for i, state in enumerate(order):
        if i < current:
            status = "done"
        elif i == current:
            status = "current"
        elif i == current + 1:
            status = "next"
        else:
            status = "todo"
        steps.append(AuditStep(state, str(AuditState(state).label), status))
    return steps


def auditor_for_user(user):
    """The active :class:`Auditor` behind ``user`` (None for anyone else), R-A1."""
    auditor = getattr(user, "auditor", None) if user is not None else None
    if auditor is None or not auditor.active or not user.has_role(Role.AUDITOR):
        return None
    return auditor


@dataclass(frozen=True)
class RadarArea:
    """One axis of the radar: a performance area with its three levels (None when missing)."""

    number: int
    title: str
    self_assessment: str | None
    observation: str | None
    previous: str | None


@dataclass(frozen=True)
class RadarData:
    """R-U3: per performance area the member's self-assessment, the auditor's observation and
    the previous audit's observation (the member's most recent earlier audit with
    observations)."""

    audit: Audit
    areas: list[RadarArea]
    previous_audit: Audit | None

    def has(self, series: str) -> bool:
        return any(getattr(area, series) for area in self.areas)

    def complete(self, series: str) -> bool:
        return all(getattr(area, series) for area in self.areas)


def previous_observed_audit(audit) -> Audit | None:
    """The member's most recent audit before ``audit`` (by first fieldwork day, then by id)
    with at least one observation (R-U3)."""
    observed = AreaAssessment.objects.exclude(observation="").values("audit_id")
    candidates = (Audit.objects.filter(member_id=audit.member_id, pk__in=observed)
                  .exclude(pk=audit.pk).select_related("body"))
    if audit.fieldwork_starts_on:
        candidates = candidates.filter(
            Q(fieldwork_starts_on__lt=audit.fieldwork_starts_on)
            | Q(fieldwork_starts_on=audit.fieldwork_starts_on, pk__lt=audit.pk))
    else:
        candidates = candidates.filter(Q(fieldwork_starts_on__isnull=False) | Q(pk__lt=audit.pk))
    return candidates.order_by("-fieldwork_starts_on", "-pk").first()


def radar_data(audit) -> RadarData:
    """The data of the Kwaliteitskader picture of ``audit`` (R-U3), in four queries whatever the
    number of areas: the areas, this audit's assessments, the previous observed audit and its
    assessments."""
    areas = list(PerformanceArea.objects.order_by("number"))
    here = {a.area_id: a for a in AreaAssessment.objects.filter(audit=audit)}
    previous_audit = previous_observed_audit(audit)
    before = {}
    if previous_audit is not None:
        before = {a.area_id: a.observation
                  for a in AreaAssessment.objects.filter(audit=previous_audit)}
    rows = []
    for area in areas:
        assessment = here.get(area.pk)
        rows.append(RadarArea(
            number=area.number, title=area.title,
            self_assessment=(assessment.self_assessment or None) if assessment else None,
            observation=(assessment.observation or None) if assessment else None,
            previous=before.get(area.pk) or None,
        ))
    return RadarData(audit=audit, areas=rows, previous_audit=previous_audit)


# --- The bureau portal: norm-change proposals (R-N4); the audit quality per body (R-N3) reads
# findings and complaints and lives in overview.selectors (issue #10) ---------------------------


def norm_proposals() -> QuerySet:
    """R-N4: the norm-change proposals, newest first (filtered by
    ``audits.filters.ProposalFilter``)."""
    from .models import NormChangeProposal

    proposals = NormChangeProposal.objects.select_related(
        "norm", "proposed_by", "decided_by").order_by("-proposed_on", "-id")
    return proposals


def bodies_for_bureau(*, today: dt.date) -> QuerySet:
    """R-C1: every certification body with what the bureau checks at a glance: the contract in
    force on ``today`` (prefetched as ``current_contracts``), the latest yearly evaluation year
    and the number of (active) auditors. Constant number of queries."""
    from django.db.models import Count, Max, Prefetch

    from .models import CertificationBody, Contract

    current = Contract.objects.filter(starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    return (CertificationBody.objects
            .annotate(auditor_count=Count("auditors", filter=Q(auditors__active=True),
                                          distinct=True),
                      last_evaluation_year=Max("evaluations__year"))
            .prefetch_related(Prefetch("contracts", queryset=current,
                                       to_attr="current_contracts"))
            .order_by("name"))


def auditors_for_bureau(*, body=None) -> QuerySet:
    """R-C3: auditors with their body and declared involvements (prefetched); the bureau sees
    the declarations (R-A2 keeps them off public pages only)."""
    from django.db.models import Prefetch

    from .models import Auditor, PriorInvolvement

    involvements = PriorInvolvement.objects.select_related("member").order_by("-started_on")
    auditors = (Auditor.objects.select_related("body", "user")
                .prefetch_related(Prefetch("involvements", queryset=involvements))
                .order_by("body__name", "name"))
    if body is not None:
        auditors = auditors.filter(body=body)
    return auditors


def audits_for_bureau() -> QuerySet:
    """All audits for the bureau's overview, newest fieldwork first (filtered by
    ``audits.filters.BureauAuditFilter``)."""
    return _audits().order_by("-fieldwork_starts_on", "-id")


# --- members' documents and admission cases (moved from members and core, issue #10) ------


def admission_cases_for_quality_team() -> QuerySet[Member]:
    """R-M1 step 3: the cases the kernteam Kwaliteit advises on: applicants in the admission
    audit whose admission audit's definitive report has been sent to NVVK."""
    reported = (AuditReport.objects
                .filter(version=ReportVersion.DEFINITIVE, audit__kind=AuditKind.ADMISSION)
                .exclude(audit__state=AuditState.CANCELLED)
                .values("audit__member_id"))
    return (Member.objects.filter(state=MemberState.ADMISSION_AUDIT, pk__in=reported)
            .select_related("admission")
            .order_by("admission__submitted_on", "name"))


def member_documents(*, member, user):
    """The documents of ``member`` that ``user`` may open (the one document policy,
    :func:`core.documents.documents_for`), newest first, for the member's own portal (R-A1):
    a concept report only once its audit was presented to the member (R-U2)."""
    return (documents_for(user=user).filter(member=member)
            .select_related("uploaded_by").order_by("-created_at", "-pk"))


# --- admission (R-M1), answered for members.hooks -------------------------------------------


def admission_audits(member) -> QuerySet[Audit]:
    """The member's admission audits that were not cancelled (R-M1 step 2)."""
    return member.audits.filter(kind=AuditKind.ADMISSION).exclude(state=AuditState.CANCELLED)


def admission_audit_reported(member) -> bool:
    """R-M1 step 2 ends when the body has sent its (definitive) audit report to NVVK."""
    return admission_audits(member).filter(reports__version=ReportVersion.DEFINITIVE).exists()


def admission_audit_with_positive_advice(member):
    """The admission audit whose advice (R-F7) is positive or conditional, if any."""
    for audit in admission_audits(member).order_by("-id"):
        if hasattr(audit, "advice") and audit.advice.is_positive:
            return audit
    return None


def combined_request_flag_key(member) -> str:
    """The key of the bureau's flag for a member's request for a combined audit (R-Z2)."""
    return f"R-Z2:combined-request:{member.pk}"


def combined_request_open(*, member) -> Flag | None:
    """R-Z2: the member's open request for a combined NVVK/SWN audit (the bureau's flag), if
    any."""
    key = combined_request_flag_key(member)
    return (Flag.objects.open().filter(member=member, key__startswith=key)
            .order_by("-pk").first())
