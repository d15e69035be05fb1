"""The audit summary as a PDF download (issue #5) for the member and the directeur; it reads
audits, findings and certificates (``overview.pdf``), so it lives here (issue #10)."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from audits.models import Audit
from audits.views.member import _audit
from core.access import get_for_user_or_404, portal_view
from members.portal import member_portal_view
from overview.pdf import render_audit_summary_pdf


def summary_pdf_response(audit, *, language) -> HttpResponse:
    """The audit summary (findings with deadlines, the advice, the radar chart) as a PDF
    download; rendered on request, never stored."""
    response = HttpResponse(render_audit_summary_pdf(audit, language=language),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="audit-{audit.pk}-samenvatting.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@member_portal_view
def audit_summary_pdf(request, pk):
    """The member's own audit summary as a PDF (R-A1: another member's audit is a 404)."""
    return summary_pdf_response(_audit(request, pk), language=request.LANGUAGE_CODE)


@require_GET
@portal_view("director")
def director_audit_summary_pdf(request, pk):
    """The audit summary PDF for the director's decision (findings, advice, radar chart)."""
    audit = get_for_user_or_404(Audit.objects.select_related("member", "body"), request, pk=pk)
    return summary_pdf_response(audit, language=request.LANGUAGE_CODE)
