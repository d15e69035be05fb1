"""Member portal: the member's certificates (R-Z1, R-Z2, R-Z7), its request to postpone the
audit (R-Z4) and the SWN audit report of a four-year certificate (R-Z2). Only the member's own
certificates (R-A1)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core import dates
from core.portal import run_service
from members.portal import member_portal_view

from ..deadlines import postponement_request_deadline
from ..forms import PostponementForm, SwnReportUploadForm
from ..models import Certificate, CertificateState, Postponement
from ..selectors import register_status, valid_certificate
from ..services import (
    certificate_submit_swn_report,
    postponement_request,
    postponement_request_blockers,
)


def _postponable(member, today):
    """The certificate whose audit the member may ask to postpone: the one valid today, else
    the latest still in state valid (the sweep may not have run yet)."""
    return valid_certificate(member=member, today=today) or (
        Certificate.objects.filter(member=member, state=CertificateState.VALID)
        .select_related("body").order_by("-valid_until").first())


@member_portal_view
def certificate(request):
    """The member's certificates with their PDF and verification page, how the public register
    shows the member today, and its postponements."""
    member = request.member
    today = dates.today()
    certificates = (Certificate.objects.filter(member=member).select_related("body", "pdf")
                    .order_by("-valid_from"))
    postponements = (Postponement.objects.filter(certificate__member=member)
                     .select_related("certificate").order_by("-requested_on", "-pk"))
    postponable = _postponable(member, today)
    return render(request, "certificates/member/certificate.html", {
        "member": member, "today": today, "certificates": certificates,
        "status": register_status(member=member, today=today),
        "postponements": postponements, "postponable": postponable,
        # why a request cannot be made now, instead of a live link.
        "blockers": (postponement_request_blockers(postponable, today=today)
                     if postponable else []),
        "section": "certificate",
    })


@member_portal_view
def postponement(request):
    """R-Z4: the member asks in writing, with a well-founded reason and before its certificate
    expires, to postpone the audit. Up to three months the bureau decides, up to six the
    directeur; never more. The certificate is never extended."""
    member = request.member
    today = dates.today()
    certificate = _postponable(member, today)
    form = PostponementForm(request.POST or None)
    status = 200
    if request.method == "POST" and certificate is not None:
        if form.is_valid():
            _result, violation = run_service(
                request, postponement_request, certificate=certificate,
                months=form.cleaned_data["months"], reason=form.cleaned_data["reason"],
                today=today,
                success=_("Uw verzoek om uitstel is ontvangen; u hoort van de NVVK."))
            if violation is None:
                return redirect("member:certificate")
        status = 400
    return render(request, "certificates/member/postponement.html", {
        "member": member, "form": form, "certificate": certificate,
        "deadline": postponement_request_deadline(certificate.valid_until)
        if certificate else None,
        # what refuses a request now, from the check the service refuses with.
        "blockers": (postponement_request_blockers(certificate, today=today)
                     if certificate else []),
        "section": "certificate",
    }, status=status)


@member_portal_view
def swn_report(request, pk):
    """R-Z2: the member sends the SWN audit report its four-year certificate asks for after two
    years. Another member's certificate, or one that owes no report, is a 404."""
    certificate = get_object_or_404(Certificate, pk=pk, member=request.member)
    if not certificate.four_years_swn:
        raise Http404
    form = SwnReportUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _result, violation = run_service(
                request, certificate_submit_swn_report, certificate=certificate,
                upload=form.cleaned_data["file"], today=dates.today(),
                success=_("Het SWN-auditrapport is ingestuurd; het verenigingsbureau heeft "
                          "het ontvangen."))
            if violation is None:
                return redirect("member:certificate")
        status = 400
    return render(request, "certificates/member/swn_report.html", {
        "member": request.member, "form": form, "certificate": certificate,
        "section": "certificate",
    }, status=status)
