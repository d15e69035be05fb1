"""The bureau portal, the audit pages that read findings or complaints too (issue #10): a
certification body's page with the complaints about it (R-C1/R-C3), an audit's page with its
findings and advice (R-U2, R-F7, R-F8), imposing an interim audit with the complaint that led to
it (R-T1, R-T2) and the audit-quality figures per body (R-N3). The rest of the bureau's audit
pages live in ``audits.views.bureau``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from audits import services
from audits.models import AuditReport, AuditState, InterimTrigger
from audits.selectors import audit_steps, auditors_for_bureau, audits_for_user
from audits.views.bureau import get_body
from complaints.models import Complaint, ComplaintSubject
from core import dates
from core.access import get_for_user_or_404, portal_view
from core.forms import posted
from findings.models import Advice, FindingKind
from findings.selectors import finding_label, findings_for_audit
from members.selectors import members_for_user
from members.views.bureau_kit import action
from overview.selectors import audit_quality

from ..forms import ImposeInterimForm, PeriodForm, ReassignAuditForm

# --- R-C1 certification bodies, audits ----------------------------------------------------------


@portal_view("bureau")
def body_detail(request, pk):
    """R-C1/R-C3: one body with its contracts, accreditation, yearly evaluations and auditors
    (with their declarations), and how many complaints there are about it."""
    body = get_body(request, pk)
    today = dates.today()
    return render(request, "audits/bureau/body_detail.html", {
        "body": body, "today": today,
        "may_audit": body.may_audit_on(today),
        "contracts": list(body.contracts.order_by("-starts_on")),
        "evaluations": list(body.evaluations.order_by("-year")),
        "auditors": list(auditors_for_bureau(body=body)),
        "complaints": Complaint.objects.filter(subject_kind=ComplaintSubject.BODY,
                                               body=body).count(),
        "audit_count": body.audits.exclude(state=AuditState.CANCELLED).count(),
    })


@portal_view("bureau")
def audit_detail(request, pk):
    """One audit: steps (R-U2), team (R-C4), plan (R-U6), reports, findings with their history
    (R-F8), the advice (R-F7), the Kwaliteitskader picture (R-U3), the interim trigger (R-T2)
    and the member's evaluation (R-N3)."""
    audit = get_for_user_or_404(
        audits_for_user(user=request.user).prefetch_related(
            "scope", Prefetch("reports", queryset=AuditReport.objects.select_related(
                "document", "uploaded_by"))).select_related("complaint"),
        request, pk=pk)
    findings = findings_for_audit(audit=audit)
    return render(request, "audits/bureau/audit_detail.html", {
        "audit": audit,
        "steps": audit_steps(audit),
        "findings": [(f, finding_label(f)) for f in findings],
        "advice": Advice.objects.filter(audit=audit).first(),
        "evaluation": getattr(audit, "evaluation", None),
        # R-C1: an open audit whose body may not audit today can be reassigned
        "body_stopped": audit.state not in (AuditState.DECIDED, AuditState.CANCELLED)
        and not audit.body.may_audit_on(dates.today()),
    })


# --- R-T1/R-T2 interim audits -----------------------------------------------------------------


@portal_view("bureau")
def interim_audit_impose(request, pk):
    """R-T1: NVVK (bureau or directeur) imposes an interim audit on a member, at its cost; R-T2:
    the trigger and its source (e.g. the complaint) are linked to the audit."""
    member = get_for_user_or_404(members_for_user(user=request.user), request, pk=pk)
    back = reverse("bureau:member_detail", kwargs={"pk": member.pk})
    initial = {}
    if request.GET.get("aanleiding") in InterimTrigger.values:
        initial["trigger"] = request.GET["aanleiding"]
    return action(
        request, form=ImposeInterimForm(posted(request), member=member, initial=initial),
        service=services.audit_impose_interim,
        arguments=lambda data: {"member": member, "body": data["body"],
                                "trigger": data["trigger"], "complaint": data["complaint"],
                                "trigger_source": data["trigger_source"],
                                "motivation": data["motivation"]},
        success=_("De tussentijdse audit is opgelegd."),
        done=lambda audit: reverse("bureau:audit_detail", kwargs={"pk": audit.pk}),
        context={"title": _("Tussentijdse audit opleggen"), "subject": member, "back": back,
                 "rules": ["R-T1", "R-T2", "R-0.3"], "submit": _("Audit opleggen")},
        blockers=lambda: services.interim_audit_blockers(member))


@portal_view("bureau")
def audit_reassign(request, pk):
    """R-C1: an audit whose body lost its recognition or contract (flagged by the daily sweep)
    goes to the body the member chose instead (R-C2); the service refuses while the body may
    still audit."""
    audit = get_for_user_or_404(audits_for_user(user=request.user), request, pk=pk)
    back = reverse("bureau:audit_detail", kwargs={"pk": audit.pk})
    return action(
        request, form=ReassignAuditForm(posted(request)),
        service=services.audit_reassign,
        arguments=lambda data: {"audit": audit, "body": data["body"], "reason": data["reason"]},
        success=_("De audit is toegewezen aan de nieuwe instelling."),
        done=lambda new: reverse("bureau:audit_detail", kwargs={"pk": new.pk}),
        context={"title": _("Audit toewijzen aan een andere instelling"), "subject": audit,
                 "back": back, "rules": ["R-C1", "R-C2"], "submit": _("Toewijzen")})


# --- R-N3 audit quality per body --------------------------------------------------------------


@portal_view("bureau")
def quality(request):
    """R-N3: per body the number of audits, findings by kind and by norm, lead times, the
    members' evaluations and complaints, over a period (default: this calendar year)."""
    today = dates.today()
    defaults = {"van": dt.date(today.year, 1, 1), "tot": dt.date(today.year, 12, 31)}
    form = PeriodForm(request.GET or None, initial=defaults)
    start, end, body, status = defaults["van"], defaults["tot"], None, 200
    if request.GET:
        if form.is_valid():
            start, end = form.cleaned_data["van"], form.cleaned_data["tot"]
            body = form.cleaned_data["instelling"]
        else:
            status = 400
    figures = audit_quality(start=start, end=end, body=body)
    return render(request, "audits/bureau/quality.html", {
        "form": form, "figures": figures, "kinds": FindingKind.choices,
        "bodies": [row.body for row in figures.bodies],
    }, status=status)
