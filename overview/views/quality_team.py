"""The kernteam Kwaliteit's pages (``/kernteam/``): the admission cases it advises on (R-M1
step 3) with the definitive report and the findings, the advice form, and — for information —
the recertification audits awaiting the directeur's decision.

The kernteam sees only the cases it advises on (SPEC §1): an applicant in the admission audit
whose definitive report is in. Anything else is a logged 404 (R-A1). The report is served by
this portal's own download view, which asks the one document policy
(:func:`core.documents.documents_for`) as well.
"""

from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audits.models import AuditKind, AuditReport, AuditState, ReportVersion
from audits.selectors import admission_audits, admission_cases_for_quality_team
from certificates.selectors import audits_awaiting_decision
from core.access import get_for_user_or_404, portal_view
from core.documents import documents_for
from core.forms import posted
from core.models import Role
from core.pagination import paginate
from core.portal import run_service
from findings.selectors import audit_limits, finding_label, findings_for_audit
from members.services import admission_record_quality_team_advice

from ..forms import QualityTeamAdviceForm


@require_GET
@portal_view("quality_team")
def home(request):
    """R-M1 step 3: the admission cases awaiting (or having) the kernteam's advice."""
    cases = paginate(request, admission_cases_for_quality_team())
    return render(request, "members/quality_team/home.html", {"page": cases})


@require_http_methods(["GET", "POST"])
@portal_view("quality_team")
def case_detail(request, pk):
    """R-M1 step 3: one admission case with its report and findings, and the advice form.
    A second advice corrects the first (a new decision record referring to it, R-0.3)."""
    member = get_for_user_or_404(admission_cases_for_quality_team(), request, pk=pk)
    form = QualityTeamAdviceForm(posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _result, violation = run_service(
                request, admission_record_quality_team_advice, member=member,
                advice=form.cleaned_data["advice"], text=form.cleaned_data["text"],
                success=_("Het advies van het kernteam over %(member)s is vastgelegd.")
                % {"member": member})
            if violation is None:
                return redirect("quality_team:home")
        else:
            status = 400
    audits = []
    for audit in (admission_audits(member).exclude(state=AuditState.CANCELLED)
                  .select_related("body", "advice").order_by("-pk")):
        audits.append({
            "audit": audit,
            "advice": getattr(audit, "advice", None),
            "reports": [r for r in audit.reports.all() if r.version == ReportVersion.DEFINITIVE],
            "findings": [(f, finding_label(f)) for f in findings_for_audit(audit=audit)],
            "limits": audit_limits(audit),
        })
    return render(request, "members/quality_team/case.html", {
        "member": member,
        "admission": getattr(member, "admission", None),
        "scope": member.scope.all(),
        "audits": audits,
        "may_advise": request.user.has_role(Role.QUALITY_TEAM),
        "form": form,
    }, status=status)


def _case_reports(user):
    """Definitive reports of the admission audits of the kernteam's cases that the document
    policy lets ``user`` open (R-M1, R-A1)."""
    return (AuditReport.objects
            .filter(version=ReportVersion.DEFINITIVE, audit__kind=AuditKind.ADMISSION,
                    audit__member__in=admission_cases_for_quality_team(),
                    document__in=documents_for(user=user).values("pk"))
            .select_related("document"))


@require_GET
@portal_view("quality_team")
def report_download(request, pk):
    """The definitive report of a case the kernteam advises on, as an attachment with its
    sanitised name (R-A1: another report is a logged 404)."""
    report = get_for_user_or_404(_case_reports(request.user), request, pk=pk)
    document = report.document
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.original_name, content_type=document.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@portal_view("quality_team")
def recertifications(request):
    """For information: recertification audits advised by the body and awaiting the
    directeur's decision (the kernteam may be asked to advise on them, SPEC §1)."""
    audits = audits_awaiting_decision().filter(
        kind__in=[AuditKind.RECERTIFICATION, AuditKind.COMBINED_SWN, AuditKind.RE_AUDIT])
    return render(request, "members/quality_team/recertifications.html", {
        "page": paginate(request, audits),
    })
