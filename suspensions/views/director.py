"""The directeur's hearings and suspensions (R-S1 … R-S7): summon the member, record the
hearing, decide the suspension, decide its outcome at the end (extend once, expel, lift;
R-S5), lift after a positive re-audit (R-S6) and choose the publication (R-S7).

Thin views: each page quotes its rule, the service decides, a refusal shows its rule id
(R-0.5). An outcome is refused while an appeal is pending; the page says so before the form.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from certificates.selectors import register_status
from core import dates
from core.access import get_for_user_or_404, portal_view
from core.forms import bound
from core.models import Decision
from core.portal import run_service
from members.models import Member

from .. import deadlines
from ..forms import (
    ExpulsionForm,
    HearingRecordForm,
    OutcomeForm,
    PublicationForm,
    ReAuditLiftForm,
    SummonsForm,
    SuspensionDecisionForm,
)
from ..models import (
    OPEN_SUSPENSION_STATES,
    Hearing,
    Suspension,
    SuspensionState,
)
from ..selectors import re_audits_advised
from ..services import (
    hearing_record,
    hearing_summon,
    hearing_summon_blockers,
    suspension_decide,
    suspension_decide_blockers,
    suspension_expel,
    suspension_extend,
    suspension_lift,
    suspension_lift_after_reaudit,
    suspension_outcome_blockers,
    suspension_outcome_refusal,
    suspension_set_publication,
)


def _form(form_class, request, **kwargs):
    return bound(request, form_class, **kwargs)


def _suspensions():
    return Suspension.objects.select_related("member", "hearing")


def _decisions_about(suspension):
    return (Decision.objects
            .filter(subject_type=ContentType.objects.get_for_model(Suspension),
                    subject_id=suspension.pk)
            .select_related("decided_by").prefetch_related("documents")
            .order_by("decided_at", "id"))


# --- R-S1 summons and hearing ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal_view("director")
def hearing_summon_view(request, pk):
    """R-S1: prepare a suspension by summoning the member to be heard ("schorsing
    voorbereiden", also offered for a member without a valid certificate, R-M3)."""
    member = get_for_user_or_404(Member.objects.all(), request, pk=pk)
    form = _form(SummonsForm, request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            hearing, violation = run_service(
                request, hearing_summon, member=member, **form.cleaned_data,
                success=_("%(member)s is opgeroepen voor de hoorzitting.") % {"member": member})
            if violation is None:
                return redirect("director:member", pk=member.pk)
        else:
            status = 400
    return render(request, "suspensions/director/summon.html", {
        "member": member,
        "form": form,
        "status": register_status(member=member, today=dates.today()),
        "blockers": hearing_summon_blockers(member),  # the service's own check
    }, status=status)


@require_http_methods(["GET", "POST"])
@portal_view("director")
def hearing_record_view(request, pk):
    """R-S1: record that the hearing took place and what the member said (or that it did not
    appear)."""
    hearing = get_for_user_or_404(Hearing.objects.select_related("member", "summoned_by"),
                                  request, pk=pk)
    today = dates.today()
    form = _form(HearingRecordForm, request,
                 initial={"held_on": min(hearing.hearing_on, today)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _result, violation = run_service(
                request, hearing_record, hearing=hearing, **form.cleaned_data,
                success=_("De hoorzitting is vastgelegd."))
            if violation is None:
                return redirect("director:suspend", pk=hearing.pk)
        else:
            status = 400
    return render(request, "suspensions/director/hearing.html", {
        "hearing": hearing, "member": hearing.member, "form": form,
        "open": hearing.held_on is None, "today": today,
    }, status=status)


# --- R-S1/R-S2/R-S7 the suspension decision --------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal_view("director")
def suspension_decide_view(request, pk):
    """R-S1/R-S2: suspend the member for one to three months, after the recorded hearing."""
    hearing = get_for_user_or_404(Hearing.objects.select_related("member"), request, pk=pk)
    member = hearing.member
    form = _form(SuspensionDecisionForm, request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            suspension, violation = run_service(
                request, suspension_decide, member=member, hearing=hearing,
                **form.cleaned_data,
                success=_("%(member)s is geschorst.") % {"member": member})
            if violation is None:
                return redirect("director:suspension", pk=suspension.pk)
        else:
            status = 400
    try:
        existing = hearing.suspension
    except ObjectDoesNotExist:
        existing = None
    return render(request, "suspensions/director/suspend.html", {
        "hearing": hearing, "member": member, "form": form, "existing": existing,
        "held": bool(hearing.held_on),
        "status": register_status(member=member, today=dates.today()),
        "blockers": suspension_decide_blockers(member, hearing, today=dates.today()),
    }, status=status)


# --- the suspension and its outcome (R-S5, R-S6) ----------------------------------------------


@require_GET
@portal_view("director")
def suspension_detail(request, pk):
    """A suspension: dates (R-S2), hearing (R-S1), appeals (R-S3/R-S4), notices and
    publication (R-S7), decisions, and the outcome the directeur can decide (R-S5/R-S6)."""
    suspension = get_for_user_or_404(_suspensions(), request, pk=pk)
    today = dates.today()
    return render(request, "suspensions/director/suspension.html", {
        "suspension": suspension,
        "member": suspension.member,
        "hearing": suspension.hearing,
        "appeals": suspension.appeals.order_by("announced_on"),
        "notices": suspension.notices.order_by("sent_on"),
        "decisions": _decisions_about(suspension),
        "refusal": suspension_outcome_refusal(suspension=suspension, today=today),
        "is_open": suspension.state in OPEN_SUSPENSION_STATES,
        "can_extend": suspension.state == SuspensionState.ACTIVE and not suspension.extended_on,
        "extension_end": deadlines.extension_end(suspension.starts_on, suspension.months),
        "re_audits": re_audits_advised(suspension),
        "in_force": suspension.expulsion_effective_on is None and suspension.state in (
            *OPEN_SUSPENSION_STATES, SuspensionState.EXPELLED),
        "today": today,
    })


OUTCOMES = {
    # outcome: (form, service, rule ids shown, title, success message, danger)
    "extend": (OutcomeForm, suspension_extend, ["R-S5", "R-S2"],
               gettext_lazy("Schorsing verlengen"),
               gettext_lazy("De schorsing van %(member)s is verlengd."), False),
    "expel": (ExpulsionForm, suspension_expel, ["R-S5", "R-S3"],
              gettext_lazy("Schorsing omzetten in ontzetting"),
              gettext_lazy("De schorsing van %(member)s is omgezet in ontzetting."), True),
    "lift": (OutcomeForm, suspension_lift, ["R-S5"],
             gettext_lazy("Schorsing opheffen"),
             gettext_lazy("De schorsing van %(member)s is opgeheven."), False),
    "lift_reaudit": (ReAuditLiftForm, suspension_lift_after_reaudit, ["R-S6", "R-S5"],
                     gettext_lazy("Schorsing opheffen na heraudit"),
                     gettext_lazy("De schorsing van %(member)s is opgeheven na de heraudit."),
                     False),
}


@require_http_methods(["GET", "POST"])
@portal_view("director")
def suspension_outcome(request, pk, outcome):
    """R-S5: extend once (a), expel (b, confirmed), lift (c); R-S6: lift after a positive
    re-audit. Refused while an appeal is pending: the page shows the refusal and its rule."""
    suspension = get_for_user_or_404(_suspensions(), request, pk=pk)
    form_class, service, rules, title, success, danger = OUTCOMES[outcome]
    extra = {"suspension": suspension} if form_class is ReAuditLiftForm else {}
    form = _form(form_class, request, **extra)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
            _result, violation = run_service(
                request, service, suspension=suspension, **data,
                success=str(success) % {"member": suspension.member})
            if violation is None:
                return redirect("director:suspension", pk=suspension.pk)
        else:
            status = 400
    today = dates.today()
    # what refuses this outcome now, from the check the outcome service refuses with.
    blockers = suspension_outcome_blockers(suspension, outcome, today=today)
    return render(request, "suspensions/director/outcome.html", {
        "suspension": suspension,
        "member": suspension.member,
        "outcome": outcome,
        "title": title,
        "rules": rules,
        "danger": danger,
        "blockers": blockers,
        "extension_end": deadlines.extension_end(suspension.starts_on, suspension.months),
        "appeal_deadline": deadlines.appeal_deadline(today),
        "form": form,
    }, status=status)


# --- R-S7 publication -----------------------------------------------------------------------


def publication_page(request, pk, *, portal: str):
    """R-S7, shared by the directeur's desk and the Bestuur: record whether and how the
    suspension is made known outside the association."""
    suspension = get_for_user_or_404(_suspensions(), request, pk=pk)
    form = _form(PublicationForm, request, suspension=suspension)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _result, violation = run_service(
                request, suspension_set_publication, suspension=suspension,
                **form.cleaned_data, success=_("De publicatiekeuze is vastgelegd."))
            if violation is None:
                if portal == "director":
                    return redirect("director:suspension", pk=suspension.pk)
                return redirect("board:suspensions")
        else:
            status = 400
    return render(request, "suspensions/director/publication.html", {
        "suspension": suspension,
        "member": suspension.member,
        "portal": portal,
        "form": form,
        "status": register_status(member=suspension.member, today=dates.today()),
    }, status=status)


@require_http_methods(["GET", "POST"])
@portal_view("director")
def suspension_publication(request, pk):
    """R-S7: the directeur's publication choice."""
    return publication_page(request, pk, portal="director")
