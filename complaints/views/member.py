"""Member portal: complaints the member files about its certifier (R-C2, R-K1) and how they
are handled (R-K2, R-K3). Only the member's own complaints (R-A1)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.models import CertificationBody
from core.portal import run_service
from members.portal import member_portal_view

from ..selectors import complaints_filed_by_member
from ..services import complaint_submit_by_member


def _certifiers(member):
    """R-C2: the bodies that audit or audited the member."""
    return CertificationBody.objects.filter(audits__member=member).distinct().order_by("name")


@member_portal_view
def complaints(request):
    """The complaints the member filed, with their deadlines (R-K2) and outcome."""
    return render(request, "complaints/member/complaints.html", {
        "member": request.member,
        "complaints": complaints_filed_by_member(member=request.member),
        "can_file": _certifiers(request.member).exists(),
        "section": "complaints",
    })


class ComplaintForm(forms.Form):
    body = forms.ModelChoiceField(label=gettext_lazy("Over welke certificerende instelling?"),
                                  queryset=CertificationBody.objects.none(),
                                  empty_label=gettext_lazy("Kies de instelling"))
    content = forms.CharField(
        label=gettext_lazy("Uw klacht"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Beschrijf wat er gebeurde, wanneer en bij welke audit."))

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = _certifiers(member)


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
