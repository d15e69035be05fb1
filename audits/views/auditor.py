"""The auditor portal (``/auditor/``), audits part: an auditor sees and works on the audits of
its own certification body only (R-A1); every audit is fetched through
:func:`audits.selectors.audits_for_auditor` and another body's audit is a 404.

Views are thin: a selector reads, a service changes (R-U2 steps, R-C3/R-C4 team, R-U4/R-U6
plan, R-U5 covered norms, R-U3 observations) and a refused change shows its rule id (R-0.5).
State changes are POST with CSRF; a GET shows the form or a confirmation page. The reports and
the R-C4 review live in :mod:`audits.views.auditor_reports`, the findings part in
:mod:`findings.views.auditor` and the home page (which lists plans and investigations too) in
:mod:`overview.views.auditor`.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits import services
from audits.models import (
    AreaAssessment,
    AuditState,
    CoveredNorm,
    LevelDescription,
    PerformanceArea,
)
from audits.selectors import audit_steps, auditor_for_user, audits_for_auditor
from core.access import get_for_user_or_404, portal_view
from core.dates import today as current_day
from core.exceptions import RuleViolation
from core.pagination import paginate
from core.portal import rule_message, run_service
from members.models import CoreData

from ..filters import AuditorAuditFilter
from ..forms import AssessmentForm, CoveredNormForm, PlanForm, TeamForm, step_form_class

PAGE_SIZE = 25
CLOSED_STATES = [AuditState.DECIDED, AuditState.CANCELLED]

# --- helpers ----------------------------------------------------------------------------------


def get_audit(request, pk):
    """The audit ``pk`` of the auditor's own body, or 404 (logged) for anything else (R-A1)."""
    return get_for_user_or_404(
        audits_for_auditor(user=request.user).prefetch_related("scope"), request, pk=pk)


@dataclass(frozen=True)
class Step:
    """A step service of R-U2 the auditor can take from the audit page."""

    service: object
    label: str
    rule_id: str
    rule_text: str
    dated: bool = False
    date_label: str = ""


STEPS = {
    "agree_quote": Step(
        services.audit_agree_quote, gettext_lazy("Offerte en scope akkoord"), "R-U2",
        gettext_lazy("CI gekozen → offerte en scope akkoord. De scope van de audit is eerst "
                     "vastgelegd."),
        dated=True, date_label=gettext_lazy("Akkoord op")),
    "start_preparation": Step(
        services.audit_start_preparation, gettext_lazy("Voorbereiding starten"), "R-U2",
        gettext_lazy("Voorbereiding: zelfscan (optioneel), documenten volgens bijlage 3 "
                     "opgevraagd.")),
    "start_development_levels": Step(
        services.audit_start_development_levels, gettext_lazy("Stap ontwikkelniveaus starten"),
        "R-U4",
        gettext_lazy("Of ontwikkelniveaus deel uitmaken van de audit wordt per audit "
                     "vastgelegd; alleen dan is er deze stap.")),
    "start_fieldwork": Step(
        services.audit_start_fieldwork, gettext_lazy("Audit op locatie starten"), "R-U2",
        gettext_lazy("Audit op locatie (interviews, dossiers): het team (R-C4) en de planning "
                     "(R-U6) liggen vast en de geplande eerste dag is bereikt.")),
    "give_oral_feedback": Step(
        services.audit_give_oral_feedback, gettext_lazy("Mondelinge terugkoppeling vastleggen"),
        "R-U2", gettext_lazy("Mondelinge terugkoppeling op de laatste dag van de audit op "
                             "locatie."),
        dated=True, date_label=gettext_lazy("Teruggekoppeld op")),
    "submit_concept": Step(
        services.audit_submit_concept, gettext_lazy("Conceptrapport indienen"), "R-U2",
        gettext_lazy("Het conceptrapport is geüpload en gaat naar de interne toets door een "
                     "tweede auditor (R-C4).")),
    "present": Step(
        services.audit_present, gettext_lazy("Rapport voorgelegd aan de organisatie"), "R-U2",
        gettext_lazy("Het intern getoetste rapport wordt aan de organisatie voorgelegd."),
        dated=True, date_label=gettext_lazy("Voorgelegd op")),
    "make_definitive": Step(
        services.audit_make_definitive, gettext_lazy("Rapport definitief maken"), "R-U2",
        gettext_lazy("Het definitieve rapport is na het voorleggen geüpload."),
        dated=True, date_label=gettext_lazy("Definitief op")),
    "start_follow_up": Step(
        services.audit_start_follow_up, gettext_lazy("Nawerk starten"), "R-U2",
        gettext_lazy("Nawerk: opvolging van de bevindingen (plannen van aanpak, R-F3), daarna "
                     "het advies (R-F7).")),
}

#: What the auditor does next in each step (R-U2): the step services offered, and a hint.
NEXT = {
    AuditState.BODY_CHOSEN: (["agree_quote"],
                             gettext_lazy("Team, planning en scope vastleggen; offerte akkoord")),
    AuditState.QUOTE_AGREED: (["start_preparation"], gettext_lazy("Voorbereiding starten")),
    AuditState.PREPARATION: (["start_development_levels", "start_fieldwork"],
                             gettext_lazy("Documenten en zelfscan bekijken; audit op locatie "
                                          "starten")),
    AuditState.DEVELOPMENT_LEVELS: (["start_fieldwork"],
                                    gettext_lazy("Audit op locatie starten")),
    AuditState.FIELDWORK: (["give_oral_feedback"],
                           gettext_lazy("Waarnemingen en bevindingen vastleggen; mondelinge "
                                        "terugkoppeling")),
    AuditState.ORAL_FEEDBACK: (["submit_concept"],
                               gettext_lazy("Conceptrapport uploaden en indienen")),
    AuditState.CONCEPT_REPORT: ([], gettext_lazy("Interne toets door de tweede auditor (R-C4)")),
    AuditState.REVIEWED: (["present"], gettext_lazy("Rapport voorleggen aan de organisatie")),
    AuditState.PRESENTED: (["make_definitive"],
                           gettext_lazy("Definitief rapport uploaden en vastleggen")),
    AuditState.DEFINITIVE: (["start_follow_up"], gettext_lazy("Nawerk starten")),
    AuditState.FOLLOW_UP: ([], gettext_lazy("Plannen van aanpak beoordelen; advies geven "
                                            "(R-F7)")),
    AuditState.ADVISED: ([], gettext_lazy("Wacht op het besluit van de directeur (R-Z1)")),
    AuditState.DECIDED: ([], gettext_lazy("Afgerond")),
    AuditState.CANCELLED: ([], gettext_lazy("Geannuleerd")),
}


def next_steps(audit) -> list[str]:
    keys = NEXT.get(audit.state, ([], ""))[0]
    if audit.state == AuditState.PREPARATION:
        keys = ["start_development_levels"] if audit.development_levels else ["start_fieldwork"]
    return keys


def step_forms(audit) -> list[dict]:
    """The next steps, each with what stands in its way now (``blockers``, the same check the
    step's service refuses with: :func:`audits.services.step_blockers`); a blocked step is
    shown disabled with the reason (R-0.5)."""
    today = current_day()
    result = []
    for key in next_steps(audit):
        step = STEPS[key]
        initial = {"on": today} if step.dated else {}
        result.append({"key": key, "step": step,
                       "blockers": services.step_blockers(audit, key, today=today),
                       "form": step_form_class(step)(initial=initial, prefix=key)})
    return result


# --- the audit list ----------------------------------------------------------------------------


@portal_view("auditor")
def audit_list(request):
    """All audits of the auditor's body (R-A1), also closed ones; filter by step and member;
    25 per page."""
    filters = AuditorAuditFilter(request.GET or None, queryset=audits_for_auditor(
        user=request.user).order_by("-fieldwork_starts_on", "-pk"))
    page = paginate(request, filters.qs)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "audits/auditor/audit_list.html", {
        "form": filters.form, "page": page, "query": query.urlencode()})


# --- the audit page ---------------------------------------------------------------------------


def core_data_rows(audit) -> list[tuple[str, object]]:
    """R-M6: the kerngegevens frozen for this audit, as (label, value) rows."""
    snapshot = CoreData.objects.filter(audit=audit).first()
    if snapshot is None:
        return []
    return [(CoreData._meta.get_field(name).verbose_name, getattr(snapshot, name))
            for name in CoreData.SNAPSHOT_FIELDS]


@portal_view("auditor")
def audit_detail(request, pk):
    """The audit: member, kind, step with the R-U2 step list, team, plan, scope, development
    levels, the frozen core data, the Kwaliteitskader picture, and the next step's action."""
    audit = get_audit(request, pk)
    auditor = auditor_for_user(request.user)
    return render(request, "audits/auditor/audit_detail.html", {
        "audit": audit, "tab": "detail", "steps": audit_steps(audit),
        "step_forms": step_forms(audit), "hint": NEXT[audit.state][1],
        "core_data": core_data_rows(audit),
        "reports": audit.reports.select_related("document", "uploaded_by"),
        "covered_norms": audit.covered_norms.select_related("norm"),
        "is_lead": auditor is not None and audit.lead_auditor_id == auditor.pk,
    })


@portal_view("auditor")
def audit_step(request, pk, step):
    """One step of R-U2 (POST), with a confirmation page on GET. A refusal names its rule."""
    audit = get_audit(request, pk)
    definition = STEPS.get(step)
    if definition is None:
        raise Http404
    form_class = step_form_class(definition)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, prefix=step)
        if form.is_valid():
            kwargs = {"audit": audit}
            if definition.dated and form.cleaned_data.get("on"):
                kwargs["on"] = form.cleaned_data["on"]
            _result, violation = run_service(
                request, definition.service,
                success=_("Gelukt: %(step)s.") % {"step": definition.label}, **kwargs)
            if violation is None:
                return redirect("auditor:audit_detail", pk=audit.pk)
        status = 400
    else:
        form = form_class(prefix=step, initial={"on": current_day()} if definition.dated else {})
    return render(request, "audits/auditor/audit_step.html", {
        "audit": audit, "tab": "detail", "key": step, "step": definition, "form": form,
        "steps": audit_steps(audit),
        "blockers": services.step_blockers(audit, step, today=current_day()),
    }, status=status)


# --- team and plan (R-C3, R-C4, R-U4, R-U5, R-U6) ---------------------------------------------


@portal_view("auditor")
def audit_team(request, pk):
    """R-C4/R-U6: assign the lead and the second auditor. R-C3 (confidentiality, independence)
    and R-C4 (two different auditors) are checked by the service; a refusal names the rule."""
    audit = get_audit(request, pk)
    status = 200
    initial = {"lead": audit.lead_auditor_id, "second": audit.second_auditor_id}
    if request.method == "POST":
        form = TeamForm(request.POST, audit=audit)
        if form.is_valid():
            _result, violation = run_service(
                request, services.audit_assign_team, audit=audit,
                lead=form.cleaned_data["lead"], second=form.cleaned_data["second"],
                success=_("Het auditteam is vastgelegd."))
            if violation is None:
                return redirect("auditor:audit_detail", pk=audit.pk)
        status = 400
    else:
        form = TeamForm(initial=initial, audit=audit)
    return render(request, "audits/auditor/audit_team.html",
                  {"audit": audit, "tab": "plan", "form": form}, status=status)


@portal_view("auditor")
def audit_plan(request, pk):
    """R-U6: fieldwork dates, planned days and number of auditors (the kerngegevens are frozen
    for the audit, R-M6); R-U4: development levels on or off; R-M5: the audit's scope."""
    audit = get_audit(request, pk)
    status = 200
    if request.method == "POST":
        form = PlanForm(request.POST, audit=audit)
        if form.is_valid():
            data = form.cleaned_data
            _result, violation = run_service(
                request, services.audit_plan, audit=audit,
                fieldwork_starts_on=data["fieldwork_starts_on"],
                fieldwork_ends_on=data["fieldwork_ends_on"], planned_days=data["planned_days"],
                planned_auditors=data["planned_auditors"], scope_numbers=data["scope"],
                development_levels=data["development_levels"],
                success=_("De planning is vastgelegd."))
            if violation is None:
                return redirect("auditor:audit_detail", pk=audit.pk)
        status = 400
    else:
        form = PlanForm(audit=audit, initial={
            "fieldwork_starts_on": audit.fieldwork_starts_on,
            "fieldwork_ends_on": audit.fieldwork_ends_on, "planned_days": audit.planned_days,
            "planned_auditors": audit.planned_auditors,
            "scope": [item.number for item in audit.scope.all()],
            "development_levels": audit.development_levels,
        })
    return render(request, "audits/auditor/audit_plan.html",
                  {"audit": audit, "tab": "plan", "form": form}, status=status)


@portal_view("auditor")
def audit_covered_norms(request, pk):
    """R-U5: norms already tested by another recognised audit are marked as covered (with that
    audit's reference) and not tested again; the agreed reduction of work is recorded."""
    audit = get_audit(request, pk)
    status = 200
    if request.method == "POST":
        form = CoveredNormForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            reduction = data["reduction"]
            _result, violation = run_service(
                request, services.norm_mark_covered, audit=audit, norm_code=data["norm_code"],
                other_mark=data["other_mark"], reference=data["reference"],
                improvement_follow_up=data["improvement_follow_up"],
                reduction=reduction if reduction != audit.overlap_reduction else None,
                success=_("Norm %(code)s is als elders getoetst gemarkeerd.")
                % {"code": data["norm_code"]})
            if violation is None:
                return redirect("auditor:audit_covered_norms", pk=audit.pk)
        status = 400
    else:
        form = CoveredNormForm(initial={"reduction": audit.overlap_reduction})
    covered = CoveredNorm.objects.filter(audit=audit).select_related("norm").order_by(
        "norm__area__number", "norm__position")
    return render(request, "audits/auditor/audit_covered_norms.html",
                  {"audit": audit, "tab": "plan", "form": form, "covered": covered},
                  status=status)


# --- self-assessment and observation per area (R-U3) ------------------------------------------


def assessment_rows(audit):
    """The seven areas, each with this audit's assessment and its level descriptions A–D."""
    areas = list(PerformanceArea.objects.order_by("number"))
    assessments = {a.area_id: a for a in AreaAssessment.objects.filter(audit=audit)}
    descriptions: dict[int, list] = {}
    for description in LevelDescription.objects.select_related("level").order_by(
            "area__number", "level__code"):
        descriptions.setdefault(description.area_id, []).append(description)
    for area in areas:
        area.assessment = assessments.get(area.pk)
        area.current_observation = area.assessment.observation if area.assessment else ""
        area.current_notes = area.assessment.observation_notes if area.assessment else ""
        area.descriptions = descriptions.get(area.pk, [])
    return areas


@portal_view("auditor")
def audit_assessments(request, pk):
    """R-U3: the seven areas with the member's self-assessment next to the auditor's
    observation; the level descriptions A–D as help. All areas are saved together or none."""
    audit = get_audit(request, pk)
    areas = assessment_rows(audit)
    status = 200
    if request.method == "POST":
        form = AssessmentForm(request.POST, areas=areas)
        if form.is_valid():
            changed = 0
            try:
                with transaction.atomic():
                    for area in areas:
                        level = form.cleaned_data[f"observation_{area.number}"]
                        notes = form.cleaned_data[f"notes_{area.number}"]
                        if level == area.current_observation and notes == area.current_notes:
                            continue
                        services.assessment_record(
                            audit=audit, area_number=area.number, actor=request.user,
                            observation=level or None, observation_notes=notes)
                        changed += 1
            except RuleViolation as violation:
                messages.error(request, rule_message(violation))
            else:
                messages.success(request, _("Waarnemingen opgeslagen (%(count)s gebieden "
                                            "gewijzigd).") % {"count": changed})
                return redirect("auditor:audit_assessments", pk=audit.pk)
        status = 400
    else:
        form = AssessmentForm(areas=areas, initial={
            **{f"observation_{a.number}": a.current_observation for a in areas},
            **{f"notes_{a.number}": a.current_notes for a in areas}})
    rows = [{"area": area, "observation": form[f"observation_{area.number}"],
             "notes": form[f"notes_{area.number}"]} for area in areas]
    return render(request, "audits/auditor/audit_assessments.html",
                  {"audit": audit, "tab": "assessments", "form": form, "rows": rows,
                   # R-U4: no level observations in an audit without levels
                   "blockers": services.levels_blockers(audit)},
                  status=status)
