"""The public complaint form (``/register/klacht/``, R-K1): anyone files a complaint about a
member or a certification body without an account. Rate-limited like the application form
(issue #8); the page after it says the same whatever address was typed, so nothing about
existing accounts or contacts leaks (R-A2)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render

from core.exceptions import RuleViolation
from core.forms import posted
from core.portal import rule_message
from core.rate_limit import Limit, client_address, rate_limit_take

from ..forms import PublicComplaintForm
from ..services import complaint_submit_public

TEMPLATE = "complaints/public/complaint.html"


def complaint(request):
    """R-K1: the public files a complaint; R-K2: the bureau acknowledges it within 24 hours,
    responds within 5 working days and aims to resolve it within 34."""
    form = PublicComplaintForm(posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            refusal = _rate_limit(request)
            if refusal is not None:
                response = render(request, TEMPLATE, {
                    "form": form, "rate_limited": True,
                    "retry_minutes": -(-refusal.retry_after // 60)}, status=429)
                response["Retry-After"] = str(refusal.retry_after)
                return response
            data = form.cleaned_data
            try:
                complaint_submit_public(
                    subject_kind=data["subject_kind"], member=data["member"],
                    body=data["body"], complainant_name=data["complainant_name"],
                    complainant_email=data["complainant_email"],
                    complainant_phone=data["complainant_phone"], content=data["content"])
            except RuleViolation as violation:
                messages.error(request, rule_message(violation))
            else:
                return redirect("public:complaint_done")
        status = 400
    return render(request, TEMPLATE, {"form": form}, status=status)


def _rate_limit(request):
    """Issue #8, as the application form: a few complaints per client address and a few more
    in all per window; a refusal stores nothing (HTTP 429), an invalid form does not count."""
    return rate_limit_take(
        scope="complaint",
        limits=[Limit(f"address:{client_address(request)}", settings.APPLY_RATE_LIMIT_PER_ADDRESS),
                Limit("all", settings.APPLY_RATE_LIMIT_GLOBAL)],
        window=settings.APPLY_RATE_LIMIT_WINDOW_MINUTES * 60,
    )


def complaint_done(request):
    """R-K1: the complaint is in; what happens next (the same page for every complainant)."""
    return render(request, "complaints/public/complaint_done.html")
