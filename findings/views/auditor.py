"""The auditor portal (``/auditor/``), findings part: findings per norm (R-F1, R-F8), the
follow-up of earlier findings (R-F2/R-F3/R-F5), plans of approach (R-F3), additional
investigations (R-F4/R-F5), the limits (R-F6) and the advice (R-F7).

Everything is reached through the auditor's own body (R-A1): audits through
:func:`audits.selectors.audits_for_auditor`, findings, plans and investigations through the
``*_for_auditor`` selectors of :mod:`findings.selectors`; anything else is a 404. Views are
thin: the services decide, a refusal shows its rule id (R-0.5).
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audits.models import AuditState
from audits.selectors import auditor_for_user
from audits.views.auditor import get_audit
from core.access import get_for_user_or_404, portal_view
from core.dates import today as current_day
from core.deadlines import open_deadlines
from core.pagination import paginate
from core.portal import run_service
from findings import services
from findings.deadlines import investigation_deadline, plan_deadline
from findings.models import (
    Advice,
    AdviceKind,
    FindingKind,
    InvestigationState,
    PlanOfApproach,
)
from findings.selectors import (
    advice_blockers,
    audit_limits,
    earlier_open_findings,
    finding_label,
    findings_for_audit,
    findings_for_auditor,
    investigation_base_date,
    investigations_for_auditor,
    plans_for_auditor,
)

from ..filters import PlanFilter
from ..forms import (
    AdviceForm,
    CompleteForm,
    FindingCorrectForm,
    FindingForm,
    FindingWithdrawForm,
    JudgementForm,
    LimitsForm,
    OrderForm,
    PlanAssessmentForm,
)


def _plan_deadlines(findings, today) -> dict[int, object]:
    """R-F3: the plan deadlines of these findings, from the deadline registry (the clock
    ``findings.plan`` knows which plans are still due: not one under review or approved)."""
    members = {finding.member_id for finding in findings}
    return {deadline.subject.pk: deadline.on
            for member_id in members
            for deadline in open_deadlines(today=today, clocks_=["findings.plan"],
                                           member=member_id)}


def _annotate(finding, today, plan_deadlines=None):
    """Labels and next actions of one finding for the lists (reads prefetched relations)."""
    finding.label = finding_label(finding)
    plans = list(finding.plans.all())
    finding.plan = max(plans, key=lambda p: (p.submitted_on, p.pk)) if plans else None
    investigations = list(finding.investigations.all())
    finding.running_investigation = next(
        (i for i in investigations if i.state == InvestigationState.ORDERED), None)
    finding.may_order_investigation = finding.is_open and finding.running_investigation is None \
        and (finding.kind == FindingKind.MAJOR
             or (finding.kind == FindingKind.NONCONFORMITY and finding.risk_to_clients))
    if plan_deadlines is None:
        plan_deadlines = _plan_deadlines([finding], today)
    finding.plan_deadline = plan_deadlines.get(finding.pk)
    return finding


# --- findings per norm (R-F1, R-F8) and their follow-up (R-F2, R-F3, R-F5) -------------------


@portal_view("auditor")
def audit_findings(request, pk):
    """R-F1: record findings per norm; the audit's findings with their kind history (R-F8);
    the member's earlier open findings whose follow-up this audit judges (R-F2/R-F3/R-F5)."""
    audit = get_audit(request, pk)
    status = 200
    if request.method == "POST":
        form = FindingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            _result, violation = run_service(
                request, services.finding_record, audit=audit, norm_code=data["norm_code"],
                kind=data["kind"], description=data["description"],
                risk_to_clients=data["risk_to_clients"],
                success=_("De bevinding op norm %(code)s is vastgelegd.")
                % {"code": data["norm_code"]})
            if violation is None:
                return redirect("auditor:audit_findings", pk=audit.pk)
        status = 400
    else:
        form = FindingForm()
    today = current_day()
    findings = list(findings_for_audit(audit=audit, include_withdrawn=True)
                    .prefetch_related("corrections"))
    earlier = list(earlier_open_findings(audit=audit))
    due = _plan_deadlines(findings + earlier, today)
    findings = [_annotate(f, today, due) for f in findings]
    for finding in findings:
        # R-U2: the finding can still be corrected or withdrawn (the service's own guard).
        finding.correctable = (finding.audit_id == audit.pk
                               and not services.correction_blockers(finding))
    earlier = [_annotate(f, today, due) for f in earlier]
    return render(request, "findings/auditor/audit_findings.html", {
        "audit": audit, "tab": "findings", "form": form, "findings": findings,
        "earlier": earlier, "recording": audit.state in services.RECORDING_STATES,
    }, status=status)


@portal_view("auditor")
def finding_judge(request, pk, finding_pk):
    """R-F2/R-F3/R-F5: judge, at this audit, the follow-up of an earlier open finding of the
    member: resolved, maintained or escalated (the finding keeps its identity, R-F8)."""
    audit = get_audit(request, pk)
    finding = get_for_user_or_404(earlier_open_findings(audit=audit), request, pk=finding_pk)
    status = 200
    if request.method == "POST":
        form = JudgementForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            _result, violation = run_service(
                request, services.finding_judge_follow_up, finding=finding, audit=audit,
                outcome=data["outcome"], notes=data["notes"], no_big_risk=data["no_big_risk"],
                success=_("De opvolging is beoordeeld."))
            if violation is None:
                return redirect("auditor:audit_findings", pk=audit.pk)
        status = 400
    else:
        form = JudgementForm()
    return render(request, "findings/auditor/finding_judge.html", {
        "audit": audit, "tab": "findings", "finding": _annotate(finding, current_day()),
        "form": form, "rule_id": services.KIND_RULE[finding.kind],
    }, status=status)


@portal_view("auditor")
def finding_correct(request, pk, finding_pk):
    """R-U2: correct (norm, kind, description, risk) or withdraw a finding of this audit before
    its report is definitive, with the reason; what stands in the way is shown before the click
    (:func:`findings.services.correction_blockers`, the guard the services refuse with)."""
    audit = get_audit(request, pk)
    finding = get_for_user_or_404(
        findings_for_audit(audit=audit, include_withdrawn=True).filter(audit=audit)
        .prefetch_related("corrections__corrected_by"), request, pk=finding_pk)
    correct_form = FindingCorrectForm(prefix="correct", initial={
        "norm_code": finding.norm.code, "kind": finding.kind,
        "description": finding.description, "risk_to_clients": finding.risk_to_clients})
    withdraw_form = FindingWithdrawForm(prefix="withdraw")
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            withdraw_form = FindingWithdrawForm(request.POST, prefix="withdraw")
            if withdraw_form.is_valid():
                _result, violation = run_service(
                    request, services.finding_withdraw, finding=finding,
                    reason=withdraw_form.cleaned_data["reason"],
                    success=_("De bevinding op norm %(code)s is ingetrokken.")
                    % {"code": finding.norm.code})
                if violation is None:
                    return redirect("auditor:audit_findings", pk=audit.pk)
        else:
            correct_form = FindingCorrectForm(request.POST, prefix="correct")
            if correct_form.is_valid():
                data = correct_form.cleaned_data
                _result, violation = run_service(
                    request, services.finding_correct, finding=finding, reason=data["reason"],
                    kind=data["kind"], description=data["description"],
                    norm_code=data["norm_code"], risk_to_clients=data["risk_to_clients"],
                    success=_("De bevinding is gecorrigeerd."))
                if violation is None:
                    return redirect("auditor:audit_findings", pk=audit.pk)
        status = 400
    return render(request, "findings/auditor/finding_correct.html", {
        "audit": audit, "tab": "findings", "finding": _annotate(finding, current_day()),
        "correct_form": correct_form, "withdraw_form": withdraw_form,
        "blockers": services.correction_blockers(finding),
    }, status=status)


# --- plans of approach (R-F3) -----------------------------------------------------------------


@portal_view("auditor")
def plan_list(request):
    """R-F3: plans of approach of the findings the auditor may see; by default those awaiting
    assessment, oldest first; 25 per page."""
    filters = PlanFilter(request.GET, queryset=plans_for_auditor(user=request.user))
    page = paginate(request, filters.qs)
    for plan in page:
        plan.deadline = plan_deadline(plan.finding.kind_since)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "findings/auditor/plan_list.html",
                  {"form": filters.form, "page": page, "query": query.urlencode()})


@portal_view("auditor")
def plan_assess(request, pk):
    """R-F3: the body approves or rejects a plan van aanpak. A rejection on or after the
    two-month deadline makes the afwijking a tekortkoming at once; the page says so first."""
    plan = get_for_user_or_404(plans_for_auditor(user=request.user), request, pk=pk)
    finding = plan.finding
    today = current_day()
    deadline = plan_deadline(finding.kind_since)
    status = 200
    if request.method == "POST":
        form = PlanAssessmentForm(request.POST)
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            _result, violation = run_service(
                request, services.plan_approve if approve else services.plan_reject,
                plan=plan, assessment=form.cleaned_data["assessment"],
                success=_("Het plan van aanpak is goedgekeurd.") if approve
                else _("Het plan van aanpak is afgekeurd."))
            if violation is None:
                return redirect("auditor:plan_list")
        status = 400
    else:
        form = PlanAssessmentForm()
    others = PlanOfApproach.objects.filter(finding=finding).exclude(pk=plan.pk).select_related(
        "assessed_by").order_by("submitted_on", "pk")
    auditor = auditor_for_user(request.user)
    return render(request, "findings/auditor/plan_assess.html", {
        "plan": plan, "finding": finding, "label": finding_label(finding),
        "own_audit": auditor is not None and finding.audit.body_id == auditor.body_id,
        "deadline": deadline, "reject_escalates": today >= deadline, "form": form,
        "others": others,
    }, status=status)


# --- additional investigations (R-F4, R-F5) ---------------------------------------------------


@portal_view("auditor")
def investigation_list(request):
    """R-F4/R-F5: ordered investigations (due first) and, with ``?status=all``, completed
    ones; 25 per page."""
    investigations = investigations_for_auditor(user=request.user)
    show_all = request.GET.get("status") == "all"
    if not show_all:
        investigations = investigations.filter(state=InvestigationState.ORDERED)
    page = paginate(request, investigations)
    return render(request, "findings/auditor/investigation_list.html",
                  {"page": page, "show_all": show_all, "today": current_day()})


@portal_view("auditor")
def investigation_order(request, pk):
    """R-F4: an aanvullend onderzoek for an afwijking with risk for clients and/or creditors;
    R-F5: for a tekortkoming, within six months ("(opnieuw) zes maanden")."""
    findings = findings_for_auditor(user=request.user).select_related(
        "norm", "audit", "member").prefetch_related("kind_changes__audit", "plans",
                                                    "investigations")
    finding = get_for_user_or_404(findings, request, pk=pk)
    status = 200
    if request.method == "POST":
        form = OrderForm(request.POST)
        if form.is_valid():
            _result, violation = run_service(
                request, services.investigation_order, finding=finding,
                success=_("Het aanvullend onderzoek is opgedragen."))
            if violation is None:
                return redirect("auditor:investigation_list")
        status = 400
    else:
        form = OrderForm()
    rule_id = "R-F5" if finding.kind == FindingKind.MAJOR else "R-F4"
    return render(request, "findings/auditor/investigation_order.html", {
        "finding": _annotate(finding, current_day()), "form": form, "rule_id": rule_id,
        "due_on": investigation_deadline(investigation_base_date(finding)),
        "investigations": finding.investigations.all(),
    }, status=status)


@portal_view("auditor")
def investigation_complete(request, pk):
    """R-F4/R-F5: record that the investigation took place and its outcome. Insufficient
    progress on an afwijking makes it a tekortkoming (R-F4); sufficient progress resolves a
    tekortkoming (R-F5); an unresolved tekortkoming gets (again) six months."""
    investigation = get_for_user_or_404(investigations_for_auditor(user=request.user),
                                        request, pk=pk)
    status = 200
    if request.method == "POST":
        form = CompleteForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            _result, violation = run_service(
                request, services.investigation_complete, investigation=investigation,
                held_on=data["held_on"], outcome=data["outcome"], notes=data["notes"],
                success=_("Het aanvullend onderzoek is vastgelegd."))
            if violation is None:
                return redirect("auditor:investigation_list")
        status = 400
    else:
        form = CompleteForm(initial={"held_on": current_day()})
    finding = investigation.finding
    return render(request, "findings/auditor/investigation_complete.html", {
        "investigation": investigation, "finding": finding,
        "label": finding_label(finding), "form": form,
    }, status=status)


# --- limits (R-F6) and advice (R-F7) ----------------------------------------------------------


@portal_view("auditor")
def audit_limits_view(request, pk):
    """R-F6: at most five kanttekeningen + afwijkingen, of which at most three afwijkingen, and
    no tekortkoming; above five or three the body records its decision on the follow-up."""
    audit = get_audit(request, pk)
    status = 200
    if request.method == "POST":
        form = LimitsForm(request.POST)
        if form.is_valid():
            _result, violation = run_service(
                request, services.limits_record_follow_up, audit=audit,
                decision_text=form.cleaned_data["decision_text"],
                success=_("Het besluit over het vervolg is vastgelegd."))
            if violation is None:
                return redirect("auditor:audit_advice", pk=audit.pk)
        status = 400
    else:
        form = LimitsForm()
    return render(request, "findings/auditor/audit_limits.html", {
        "audit": audit, "tab": "advice", "form": form, "limits": audit_limits(audit),
    }, status=status)


@portal_view("auditor")
def audit_advice(request, pk):
    """R-F7: the body's advice (positive, positive under conditions, negative). What blocks a
    positive advice (R-F3/R-F4/R-F5) and the limits of R-F6 are shown before submitting."""
    audit = get_audit(request, pk)
    status = 200
    if request.method == "POST":
        form = AdviceForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            _result, violation = run_service(
                request, services.advice_give, audit=audit, kind=data["kind"],
                conditions=data["conditions"], motivation=data["motivation"],
                success=_("Het advies is gegeven."))
            if violation is None:
                return redirect("auditor:audit_detail", pk=audit.pk)
        status = 400
    else:
        form = AdviceForm()
    advice = Advice.objects.filter(audit=audit).select_related("given_by").first()
    return render(request, "findings/auditor/audit_advice.html", {
        "audit": audit, "tab": "advice", "form": form, "limits": audit_limits(audit),
        "positive_blockers": advice_blockers(audit, kind=AdviceKind.POSITIVE),
        "negative_blockers": advice_blockers(audit, kind=AdviceKind.NEGATIVE),
        "advice": advice, "in_follow_up": audit.state == AuditState.FOLLOW_UP,
    }, status=status)

