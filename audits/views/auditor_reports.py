"""The auditor portal, the audit's reports (R-U2) and the second auditor's internal review
(R-C4); an auditor reaches the audits of its own body only (R-A1, through
:func:`audits.views.auditor.get_audit`)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits import services
from audits.models import AuditReport, AuditState, ReportVersion
from audits.selectors import auditor_for_user
from core.access import portal_view
from core.exceptions import RuleViolation
from core.models import Document
from core.portal import rule_message, run_service

from ..forms import ReportForm, ReportReplaceForm, ReviewForm, SendBackForm
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
        form = ReportForm()  # R-U2: no default version, the auditor chooses
    return render(request, "audits/auditor/audit_reports.html",
                  {"audit": audit, "tab": "reports", "form": form,
                   "reports": report_rows(audit)}, status=status)


def report_rows(audit) -> list:
    """The audit's reports, newest first, each with ``replaceable`` (R-U2: before the step
    that makes it count) and ``earlier``: the documents it replaced, read from its history."""
    reports = list(AuditReport.objects.filter(audit=audit).select_related(
        "document", "uploaded_by").order_by("-created_at"))
    earlier: dict[int, list[int]] = {}
    for report_id, document_id in (AuditReport.history.filter(id__in=[r.pk for r in reports])
                                   .order_by("-history_date").values_list("id", "document_id")):
        earlier.setdefault(report_id, [])
        if document_id not in earlier[report_id]:
            earlier[report_id].append(document_id)
    documents = Document.objects.in_bulk({d for ids in earlier.values() for d in ids})
    for report in reports:
        report.replaceable = audit.state in services.REPLACE_STATES[report.version]
        report.earlier = [documents[d] for d in earlier.get(report.pk, [])
                          if d != report.document_id and d in documents]
    return reports


@portal_view("auditor")
def audit_report_replace(request, pk, report_pk):
    """R-U2: replace a wrong upload before it counts (a concept before it is submitted, the
    definitive report before the audit is made definitive), with the reason."""
    audit = get_audit(request, pk)
    report = get_object_or_404(AuditReport.objects.select_related("document"), pk=report_pk,
                               audit=audit)
    status = 200
    if request.method == "POST":
        form = ReportReplaceForm(request.POST, request.FILES)
        if form.is_valid():
            content, name, mime_type = form.cleaned_data["file"]
            _result, violation = run_service(
                request, services.audit_replace_report, report=report, content=content,
                name=name, mime_type=mime_type, reason=form.cleaned_data["reason"],
                success=_("Het rapport is vervangen."))
            if violation is None:
                return redirect("auditor:audit_reports", pk=audit.pk)
        status = 400
    else:
        form = ReportReplaceForm()
    return render(request, "audits/auditor/audit_report_replace.html", {
        "audit": audit, "tab": "reports", "form": form, "report": report,
        "replaceable": audit.state in services.REPLACE_STATES[report.version],
    }, status=status)


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
    return _review_page(request, audit, auditor, form=form, status=status)


def _review_page(request, audit, auditor, *, form=None, send_back_form=None, status=200):
    reports = AuditReport.objects.filter(audit=audit, version=ReportVersion.CONCEPT)\
        .select_related("document")
    return render(request, "audits/auditor/audit_review.html", {
        "audit": audit, "tab": "reports", "form": form or ReviewForm(),
        "send_back_form": send_back_form or SendBackForm(prefix="send_back"), "reports": reports,
        "is_lead": auditor is not None and audit.lead_auditor_id == auditor.pk,
        "in_review": audit.state == AuditState.CONCEPT_REPORT,
    }, status=status)


@portal_view("auditor")
@require_POST
def audit_send_back(request, pk):
    """R-C4: the second auditor sends the concept report back to the lead auditor for rework,
    with the reason (POST; the form is on the review page)."""
    audit = get_audit(request, pk)
    auditor = auditor_for_user(request.user)
    form = SendBackForm(request.POST, prefix="send_back")
    if form.is_valid() and auditor is not None:
        _result, violation = run_service(
            request, services.audit_send_back, audit=audit, reviewer=auditor,
            reason=form.cleaned_data["reason"],
            success=_("Het conceptrapport is teruggestuurd naar de leidend auditor."))
        if violation is None:
            return redirect("auditor:audit_detail", pk=audit.pk)
    return _review_page(request, audit, auditor, send_back_form=form, status=400)
