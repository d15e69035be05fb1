"""Member portal: the member's open findings with their deadlines, and plans of approach for
its afwijkingen (R-F3), and the member's audit page with the audit's findings. Only the
member's own findings (R-A1)."""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audits.models import AuditEvaluation, AuditReport
from audits.selectors import audit_steps
from audits.views.member import (
    EVALUATION_STATES,
    SELF_ASSESSMENT_STATES,
    _audit,
)
from core import dates
from core.access import get_for_user_or_404
from core.documents import documents_for
from core.exceptions import RuleViolation
from core.portal import rule_message
from core.uploads import store_upload
from members.portal import member_portal_view

from ..deadlines import investigation_deadline, plan_deadline
from ..forms import PlanForm
from ..models import Finding, FindingKind, InvestigationState, PlanState
from ..selectors import (
    finding_label,
    findings_for_audit,
    findings_for_member,
    investigation_base_date,
    open_findings_for_member,
)
from ..services import plan_submit


@dataclass(frozen=True)
class FindingRow:
    """One open finding as the member sees it: what it is, which rule governs its follow-up,
    the next date and what the member can do."""

    finding: Finding
    label: str
    rule_id: str
    deadline: dt.date | None
    deadline_text: str
    plan: object
    can_submit_plan: bool
    overdue: bool


def finding_rows(findings, *, today: dt.date) -> list[FindingRow]:
    """Rows for ``findings`` (with plans and investigations prefetched): an afwijking needs a
    plan van aanpak within two months (R-F3); a tekortkoming an additional investigation within
    six months (R-F5); a kanttekening is followed up at the next audit (R-F2)."""
    rows = []
    for finding in findings:
        plans = list(finding.plans.all())
        plan = plans[0] if plans else None
        ordered = [i for i in finding.investigations.all()
                   if i.state == InvestigationState.ORDERED]
        deadline, text, rule_id, can_submit = None, "", "R-F2", False
        if finding.kind == FindingKind.NONCONFORMITY:
            rule_id = "R-F3"
            active = [p for p in plans if p.state in (PlanState.SUBMITTED, PlanState.APPROVED)]
            if ordered:
                rule_id, deadline = "R-F4", ordered[0].due_on
                text = _("Aanvullend onderzoek uiterlijk")
            elif not active:
                deadline = plan_deadline(finding.kind_since)
                text = _("Plan van aanpak uiterlijk")
                can_submit = dates.in_time(today, deadline)
            elif active[0].state == PlanState.SUBMITTED:
                text = _("Plan van aanpak ligt ter beoordeling bij de certificerende instelling")
            else:
                text = _("Plan van aanpak goedgekeurd; de uitvoering wordt bij de volgende "
                         "audit beoordeeld")
        elif finding.kind == FindingKind.MAJOR:
            rule_id = "R-F5"
            deadline = (ordered[0].due_on if ordered
                        else investigation_deadline(investigation_base_date(finding)))
            text = _("Oplossen en aanvullend onderzoek uiterlijk")
        else:
            text = _("Wordt bij de volgende audit beoordeeld")
        rows.append(FindingRow(
            finding=finding, label=finding_label(finding), rule_id=rule_id, deadline=deadline,
            deadline_text=text, plan=plan, can_submit_plan=can_submit,
            overdue=bool(deadline and deadline < today),
        ))
    return rows


@member_portal_view
def plans(request):
    """R-F3: the member's open findings; for each afwijking the plan van aanpak, its
    assessment and the deadline."""
    today = dates.today()
    findings = open_findings_for_member(member=request.member).select_related("audit__body")
    return render(request, "findings/member/plans.html", {
        "member": request.member, "rows": finding_rows(findings, today=today), "today": today,
        "section": "plans",
    })


@member_portal_view
def plan_submit_view(request, pk):
    """R-F3: send a plan van aanpak for an open afwijking (within two months; one under
    review at a time). A refusal names the rule and stores nothing."""
    today = dates.today()
    finding = get_for_user_or_404(findings_for_member(member=request.member), request, pk=pk)
    row = finding_rows([finding], today=today)[0]
    form = PlanForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            document = None
            try:
                with transaction.atomic():
                    if form.cleaned_data.get("document"):
                        document = store_upload(
                            form.cleaned_data["document"], actor=request.user,
                            member=request.member,
                            title=_("Plan van aanpak norm %(norm)s") % {
                                "norm": finding.norm.code})
                    plan_submit(finding=finding, text=form.cleaned_data["text"],
                                document=document, actor=request.user, today=today)
            except RuleViolation as violation:
                if document is not None:
                    document.file.delete(save=False)  # the row was rolled back; the file too
                messages.error(request, rule_message(violation, request=request))
                status = 400
            else:
                messages.success(request, _("Het plan van aanpak is verstuurd naar de "
                                            "certificerende instelling."))
                return redirect("member:plans")
        else:
            status = 400
    return render(request, "findings/member/plan_submit.html", {
        "member": request.member, "finding": finding, "row": row, "form": form,
        "section": "plans",
    }, status=status)


# --- the member's audit page (moved from audits.views.member, issue #10) ---------------------


@member_portal_view
def audit_detail(request, pk):
    """One audit: its steps (R-U2), the Kwaliteitskader picture with the member's zelfscan, the
    auditor's observation and the previous audit (R-U3), its findings and its reports: those
    the document policy lets the member open (R-U2: a concept once the audit is presented)."""
    audit = _audit(request, pk)
    reports = AuditReport.objects.filter(
        audit=audit, document__in=documents_for(user=request.user).values("pk"),
    ).select_related("document")
    findings = [(finding, finding_label(finding))
                for finding in findings_for_audit(audit=audit)]
    return render(request, "audits/member/audit_detail.html", {
        "member": request.member, "audit": audit, "steps": audit_steps(audit),
        "reports": reports, "findings": findings,
        "zelfscan_open": audit.state in SELF_ASSESSMENT_STATES,
        "can_evaluate": audit.state in EVALUATION_STATES,
        "evaluation": AuditEvaluation.objects.filter(audit=audit).first(),
        "section": "audits",
    })
