"""The public ledenregister (R-N2, R-M4, R-S7, R-A2) and the certificate verification page
(R-Z7). Anonymous; every role may look. Public fields only: never a contact person's name,
e-mail or phone (R-A2). Plain GET forms, so everything works without JavaScript."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core import dates
from core.pagination import paginate
from overview.selectors import certificate_verification, register_entries, register_members

from ..filters import register_search
from ..forms import CertificateLookupForm


def register(request):
    """R-N2: the ledenregister — search, filter, sort, 25 per page. An invalid filter value is
    reported on the form and ignored, never an error page."""
    today = dates.today()
    form, members = register_search(request.GET, today=today)
    filters = form.cleaned_data
    page = paginate(request, members)
    params = request.GET.copy()
    params.pop("pagina", None)
    return render(request, "members/public/register.html", {
        "form": form,
        "page": page,
        "entries": register_entries(page.object_list, today=today),
        "query": params.urlencode(),
        "filtered": any(filters.get(name) for name in ("q", "scope", "ci")),
        "today": today,
    })


def member_detail(request, pk):
    """R-N2: one member as the register shows it. Members the register does not list (an
    applicant, a paused member, R-M4; a suspension not published, R-S7) are not found."""
    today = dates.today()
    member = get_object_or_404(register_members(today=today), pk=pk)
    entry = register_entries([member], today=today)[0]
    return render(request, "members/public/member_detail.html", {
        "entry": entry, "member": member, "today": today,
    })


def certificate_lookup(request):
    """R-Z7: look up a certificate by its number (a GET form that leads to the verification
    page)."""
    form = CertificateLookupForm(request.GET or None)
    if form.is_valid():
        return redirect(reverse("public:certificate_verify",
                                kwargs={"number": form.cleaned_data["nummer"].strip()}))
    return render(request, "members/public/certificate_lookup.html", {"form": form})


def certificate_verify(request, number):
    """R-Z7: the verification page the certificate's QR code links to. Says plainly whether the
    certificate is valid, expired, withdrawn, suspended or unknown; a QR token (``?t=``) that
    is forged, altered or for other dates makes it "invalid link", never valid."""
    today = dates.today()
    verification = certificate_verification(number=number, token=request.GET.get("t"),
                                            today=today)
    listed = False
    certificate = verification.certificate
    if certificate is not None:
        listed = register_members(today=today).filter(pk=certificate.member_id).exists()
    return render(request, "members/public/certificate_verify.html", {
        "number": number,
        "verification": verification,
        "certificate": certificate,
        "listed": listed,
        "with_token": "t" in request.GET,
        "form": CertificateLookupForm(initial={"nummer": number}),
        "today": today,
    })
