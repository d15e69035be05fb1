"""Member portal: complaints the member files about its certifier (R-C2, R-K1) and how they
are handled (R-K2, R-K3). Only the member's own complaints (R-A1)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.portal import run_service
from members.portal import member_portal_view

from ..forms import ComplaintForm
from ..selectors import complaints_filed_by_member, member_certifiers
from ..services import complaint_submit_by_member


@member_portal_view
def complaints(request):
    """The complaints the member filed, with their deadlines (R-K2) and outcome."""
    return render(request, "complaints/member/complaints.html", {
        "member": request.member,
        "complaints": complaints_filed_by_member(member=request.member),
        "can_file": member_certifiers(request.member).exists(),
        "section": "complaints",
    })


@member_portal_view
def complaint_submit(request):
    """R-C2: the member files a complaint about its certifier with the bureau, which
    acknowledges it within 24 hours and responds within 5 working days (R-K2)."""
    member = request.member
    form = ComplaintForm(request.POST or None, member=member)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            complaint, violation = run_service(
                request, complaint_submit_by_member, member=member,
                body=form.cleaned_data["body"], content=form.cleaned_data["content"])
            if violation is None:
                messages.success(request, _(
                    "Uw klacht is geregistreerd onder kenmerk %(ref)s. Het verenigingsbureau "
                    "bevestigt de ontvangst binnen 24 uur.") % {"ref": complaint.reference})
                return redirect("member:complaints")
        status = 400
    return render(request, "complaints/member/complaint_submit.html", {
        "member": member, "form": form, "section": "complaints",
    }, status=status)
