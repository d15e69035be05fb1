"""The bureau portal, certificates: postponements (R-Z4): the open requests, and the bureau's
decision on those of at most three months in total (longer ones are the directeur's: shown here
as "directeur beslist", without a form); the SWN audit reports of four-year certificates (R-Z2):
the list with what is due or overdue, and recording a report's receipt."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from certificates import deadlines, services
from certificates.models import Certificate, Postponement, PostponementState
from certificates.selectors import postponements_open, swn_certificates
from core import dates
from core.access import get_for_user_or_404, portal_view
from core.exceptions import RuleViolation
from core.forms import posted
from core.pagination import paginate
from core.portal import rule_message
from members.views.bureau_kit import action

from ..forms import DecideForm, SwnReportForm


def _total(postponement) -> int:
    return postponement.granted_months + postponement.months


def _annotated(postponement):
    postponement.total_months = _total(postponement)
    postponement.needs_director = deadlines.postponement_needs_director(
        postponement.total_months)
    return postponement


@portal_view("bureau")
def postponement_list(request):
    """R-Z4: requests awaiting a decision, the certificate ending first first; up to three
    months in total the bureau decides, beyond that the directeur."""
    page = paginate(request, postponements_open())
    return render(request, "certificates/bureau/postponement_list.html", {
        "page": page, "rows": [_annotated(p) for p in page],
        "bureau_limit": deadlines.BUREAU_POSTPONEMENT_MONTHS,
    })


@portal_view("bureau")
def postponement_decide(request, pk):
    """R-Z4: the bureau decides on a request of at most three months in total (R-0.3: with a
    motivation, recorded as a decision). A request that brings the total above three months is
    the directeur's: the page says "directeur beslist", offers no form and refuses a POST (R-Z4)."""
    queryset = Postponement.objects.select_related("certificate__member", "certificate__body",
                                                   "requested_by")
    postponement = get_for_user_or_404(queryset, request, pk=pk)
    postponement.granted_months = sum(  # granted before on the same certificate
        p.months for p in postponement.certificate.postponements.all()
        if p.state == PostponementState.GRANTED and p.pk != postponement.pk)
    _annotated(postponement)
    back = reverse("bureau:postponement_list")
    certificate = postponement.certificate
    decided = postponement.state != PostponementState.REQUESTED
    decidable = not decided and not postponement.needs_director
    context = {
        "title": _("Uitstel van de audit"), "subject": certificate.member, "back": back,
        "rules": ["R-Z4", "R-0.3"], "postponement": postponement, "certificate": certificate,
        "decided": decided, "decidable": decidable, "submit": _("Besluit vastleggen"),
        "deadline_if_granted": deadlines.postponement_deadline(
            certificate.valid_until, postponement.total_months)
        if postponement.total_months <= deadlines.MAX_POSTPONEMENT_MONTHS else None,
    }
    template = "certificates/bureau/postponement_decide.html"
    if request.method == "POST" and postponement.needs_director:
        # R-Z4: not decidable in the bureau portal, whoever asks (the directeur decides on
        # their own desk, where the Bestuur is informed).
        messages.error(request, rule_message(RuleViolation("R-Z4", _(
            "Over meer dan drie maanden uitstel (hier %(total)s) beslist de directeur.")
            % {"total": postponement.total_months})))
        return render(request, template, {**context, "form": DecideForm()}, status=400)
    return action(
        request, form=DecideForm(posted(request)), service=services.postponement_decide,
        arguments=lambda data: {"postponement": postponement, "grant": data["grant"],
                                "motivation": data["motivation"]},
        success=_("Het besluit over het uitstel is vastgelegd."), done=back,
        template=template, context=context,
        blockers=lambda: services.postponement_decision_blockers(postponement,
                                                                 actor=request.user))


# --- R-Z2 the SWN report of a four-year certificate ------------------------------------------


@portal_view("bureau")
def swn_report_list(request):
    """R-Z2: the four-year certificates (combined NVVK/SWN audit) with the date their SWN
    audit report is due, whether it came in and which are overdue."""
    today = dates.today()
    page = paginate(request, swn_certificates())
    for certificate in page:
        certificate.overdue = (certificate.swn_report_received_on is None
                               and certificate.swn_report_due_on < today)
    return render(request, "certificates/bureau/swn_report_list.html", {
        "page": page, "today": today})


@portal_view("bureau")
def swn_report_record(request, pk):
    """R-Z2: record the receipt of a four-year certificate's SWN audit report; it clears the
    overdue flag and the deadline, and the member is told by e-mail."""
    certificate = get_for_user_or_404(
        Certificate.objects.select_related("member", "body"), request, pk=pk)
    back = reverse("bureau:swn_report_list")
    context = {
        "title": _("SWN-auditrapport ontvangen"), "subject": certificate.member, "back": back,
        "rules": ["R-Z2"], "certificate": certificate,
        "submit": _("Ontvangst vastleggen"),
    }
    return action(
        request, form=SwnReportForm(posted(request)),
        service=services.certificate_record_swn_report,
        arguments=lambda data: {"certificate": certificate,
                                "received_on": data["received_on"]},
        success=_("De ontvangst van het SWN-auditrapport van %(number)s is vastgelegd.")
        % {"number": certificate.number},
        done=back, template="certificates/bureau/swn_report_record.html", context=context,
        blockers=lambda: services.swn_report_blockers(certificate))
