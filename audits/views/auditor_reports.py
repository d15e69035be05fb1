"""The auditor portal, the audit's reports (R-U2) and the second auditor's internal review
(R-C4); an auditor reaches the audits of its own body only (R-A1, through
:func:`audits.views.auditor.get_audit`)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audits import services
from audits.models import AuditReport, AuditState, ReportVersion
from audits.selectors import auditor_for_user
from core.access import portal_view
from core.exceptions import RuleViolation
from core.portal import rule_message, run_service

from ..forms import ReportForm, ReviewForm
from .auditor import get_audit


@portal_view("auditor")
def audit_reports(request, pk):
    """R-U2: upload the concept report (after the oral feedback) and the definitive report
    (after presenting it); list them with download links."""
    audit = get_audit(request, pk)
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            content, name, mime_type = form.cleaned_data["file"]
            _result, violation = run_service(
                request, services.audit_upload_report, audit=audit,
                version=form.cleaned_data["version"], content=content, name=name,
                mime_type=mime_type, success=_("Het rapport is geüpload."))
            if violation is None:
                return redirect("auditor:audit_reports", pk=audit.pk)
        status = 400
    else:
        version = (ReportVersion.DEFINITIVE if audit.state == AuditState.PRESENTED
                   else ReportVersion.CONCEPT)
        form = ReportForm(initial={"version": version})
    reports = AuditReport.objects.filter(audit=audit).select_related(
        "document", "uploaded_by").order_by("-created_at")
    return render(request, "audits/auditor/audit_reports.html",
                  {"audit": audit, "tab": "reports", "form": form, "reports": reports},
                  status=status)


@portal_view("auditor")
def audit_review(request, pk):
    """R-C4: the internal quality review by a second auditor of the same body — never the lead
    auditor; the service refuses the lead and the page says so beforehand."""
    audit = get_audit(request, pk)
    auditor = auditor_for_user(request.user)
    status = 200
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid() and auditor is None:
            messages.error(request, rule_message(RuleViolation(
                "R-C4", _("De toets wordt gedaan door een actieve auditor van %(body)s.")
                % {"body": audit.body})))
        elif form.is_valid():
            _result, violation = run_service(
                request, services.audit_review, audit=audit, reviewer=auditor,
                notes=form.cleaned_data["notes"],
                success=_("De interne toets is vastgelegd."))
            if violation is None:
                return redirect("auditor:audit_detail", pk=audit.pk)
        status = 400
    else:
        form = ReviewForm()
    reports = AuditReport.objects.filter(audit=audit, version=ReportVersion.CONCEPT)\
        .select_related("document")
    return render(request, "audits/auditor/audit_review.html", {
        "audit": audit, "tab": "reports", "form": form, "reports": reports,
        "is_lead": auditor is not None and audit.lead_auditor_id == auditor.pk,
    }, status=status)
