"""The directeur's desk (``/directeur/``): one queue of everything awaiting the directeur, the
decision records (R-0.3), the members, and the decisions on admission (R-M1, R-M2) and on
pausing a membership (R-M4).

Thin views: a selector reads, a service changes, a :class:`RuleViolation` is shown with its
rule id (R-0.5). The directeur sees everything (SPEC §1), so objects are fetched unfiltered,
still through :func:`get_for_user_or_404` so a missing object is a logged 404.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from audits.selectors import admission_audits
from certificates.selectors import (
    audits_awaiting_decision,
    paused_members_with_valid_certificate,
    postponements_awaiting_director,
    register_status,
)
from certificates.services import withdrawal_blockers
from core import dates
from core.access import get_for_user_or_404, portal_view
from core.exports import Column, export_or_none
from core.forms import bound
from core.models import FlagAudience
from core.pagination import paginate
from core.portal import run_service
from core.selectors import decision_records, flags_open_for
from core.timeline import member_timeline
from members.models import APPLICATION_STATES, Member, MemberState
from members.selectors import admissions_awaiting_director
from members.services import (
    admission_decision_blockers,
    member_admit,
    member_pause,
    member_reject,
    member_resume,
    pause_blockers,
)
from suspensions.selectors import (
    hearings_awaiting_decision,
    hearings_awaiting_record,
    suspension_current,
    suspensions_awaiting_outcome,
)
from suspensions.services import hearing_summon_blockers

from ..filters import DecisionFilter, DirectorMemberFilter
from ..forms import AdmissionDecisionForm, MotivationForm


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


def _form(form_class, request, **kwargs):
    """A form bound to the POST data on POST, unbound on GET."""
    return bound(request, form_class, **kwargs)


# --- the queue ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    """One thing awaiting the directeur: what, on which rule, since when, and where to act."""

    category: str
    rule_id: str
    subject: str
    detail: str
    since: dt.date
    url: str
    today: dt.date
    warning: str = ""

    @property
    def age_days(self) -> int:
        return (self.today - self.since).days


def _flag_url(flag) -> str:
    """Where the directeur acts on a flag: the object it is about, else the member."""
    model = flag.subject_type.model if flag.subject_type_id else ""
    if model == "certificate" and flag.rule_id == "R-Z5":
        return reverse("director:withdrawal", args=[flag.subject_id])
    if model == "suspension":
        return reverse("director:suspension", args=[flag.subject_id])
    if model == "postponement":
        return reverse("director:postponement", args=[flag.subject_id])
    if flag.member_id:
        return reverse("director:member", args=[flag.member_id])
    return ""


def director_queue(*, today: dt.date) -> list[QueueItem]:
    """Everything awaiting the directeur, oldest first: admissions with the kernteam's advice
    (R-M1), certification decisions (R-Z1), postponements above three months (R-Z4), hearings
    to record and suspensions to decide (R-S1), suspension outcomes (R-S5, R-S6), pauses that
    can end (R-M4) and the directeur's open flags (R-M3, R-Z5, R-F5, …). A flag about an object
    already in the queue is not repeated. One query per kind, whatever the number of rows."""
    items: list[QueueItem] = []
    seen: set[tuple[str, int]] = set()

    def add(category, rule_id, subject, detail, since, url, warning=""):
        items.append(QueueItem(str(category), rule_id, str(subject), str(detail), since, url,
                               today, str(warning)))

    for member in admissions_awaiting_director():
        admission = member.admission
        add(_("Toelating"), "R-M1", member,
            _("Advies kernteam Kwaliteit: %(advice)s")
            % {"advice": admission.get_quality_team_advice_display().lower()},
            admission.quality_team_advised_on or admission.submitted_on,
            reverse("director:admission", args=[member.pk]))
        seen.add(("member", member.pk))

    for audit in audits_awaiting_decision():
        advice = getattr(audit, "advice", None)
        add(_("Certificering"), "R-Z1", audit.member,
            _("%(kind)s bij %(body)s: %(advice)s") % {
                "kind": audit.get_kind_display(), "body": audit.body,
                "advice": advice.get_kind_display().lower() if advice else _("geen advies")},
            advice.given_on if advice else dates.local_date(audit.updated_at),
            reverse("director:certification", args=[audit.pk]))
        seen.add(("audit", audit.pk))

    for postponement in postponements_awaiting_director():
        certificate = postponement.certificate
        add(_("Uitstel"), "R-Z4", certificate.member,
            _("%(months)s maanden gevraagd (in totaal %(total)s); certificaat %(number)s "
              "geldig tot en met %(until)s") % {
                "months": postponement.months, "total": postponement.total_months,
                "number": certificate.number, "until": _day(certificate.valid_until)},
            postponement.requested_on,
            reverse("director:postponement", args=[postponement.pk]))
        seen.add(("postponement", postponement.pk))

    for hearing in hearings_awaiting_record():
        add(_("Hoorzitting vastleggen"), "R-S1", hearing.member,
            _("Opgeroepen op %(summoned)s voor de hoorzitting van %(on)s") % {
                "summoned": _day(hearing.summoned_on), "on": _day(hearing.hearing_on)},
            hearing.summoned_on, reverse("director:hearing_record", args=[hearing.pk]))

    for hearing in hearings_awaiting_decision():
        add(_("Besluit over schorsing"), "R-S1", hearing.member,
            _("Hoorzitting van %(on)s vastgelegd; besluit nog niet genomen")
            % {"on": _day(hearing.hearing_on)},
            hearing.held_on, reverse("director:suspend", args=[hearing.pk]))

    for suspension in suspensions_awaiting_outcome(today=today):
        if suspension.ends_on <= today:
            detail = _("Schorsing tot en met %(end)s: verlengen, ontzetten of opheffen") % {
                "end": _day(suspension.ends_on)}
        else:
            detail = _("Een CI heeft geadviseerd (R-S6); de schorsing loopt tot en met "
                       "%(end)s") % {"end": _day(suspension.ends_on)}
        warning = (_("R-S5: er loopt een beroep; het Bestuur beslist eerst")
                   if suspension.appeal_pending else "")
        add(_("Uitkomst schorsing"), "R-S5", suspension.member, detail,
            min(suspension.ends_on, today),
            reverse("director:suspension", args=[suspension.pk]), warning)
        seen.add(("suspension", suspension.pk))

    for member in paused_members_with_valid_certificate(today=today):
        add(_("Pauze beëindigen"), "R-M4", member,
            _("Gepauzeerd en weer in het bezit van een geldig certificaat"),
            member.state_changed_on or today, reverse("director:resume", args=[member.pk]))

    for flag in flags_open_for(audience=FlagAudience.DIRECTOR):
        model = flag.subject_type.model if flag.subject_type_id else ""
        if (model, flag.subject_id) in seen:
            continue
        # R-M3 offers pause or suspension to a *lid*; once paused or suspended it is decided.
        if flag.rule_id == "R-M3" and flag.member and flag.member.state != MemberState.MEMBER:
            continue
        add(_("Signaal"), flag.rule_id, flag.member or "", flag.message_text,
            flag.raised_on, _flag_url(flag))

    items.sort(key=lambda item: (item.since, item.category))
    return items


@require_GET
@portal_view("director")
def home(request):
    """The directeur's work queue: one list, oldest first, each with its rule and age."""
    today = dates.today()
    items = director_queue(today=today)
    counts: dict[str, int] = {}
    for item in items:
        counts[item.category] = counts.get(item.category, 0) + 1
    return render(request, "members/director/home.html", {
        "page": paginate(request, items), "total": len(items), "counts": sorted(counts.items()),
        "today": today,
    })


# --- decision records ---------------------------------------------------------------------------


#: The decision records as a file (issue #11, R-0.3).
DECISION_COLUMNS = [
    Column(gettext_lazy("Besloten op"), lambda d: d.decided_at),
    Column(gettext_lazy("Soort"), lambda d: d.get_kind_display()),
    Column(gettext_lazy("Uitkomst"), lambda d: d.outcome_text),
    Column(gettext_lazy("Regel"), lambda d: d.rule_id),
    Column(gettext_lazy("Onderwerp"), lambda d: d.subject_label),
    Column(gettext_lazy("Lid"), lambda d: d.member.name if d.member else ""),
    Column(gettext_lazy("Besloten door"), lambda d: d.decided_by.get_full_name()),
    Column(gettext_lazy("Rol"), lambda d: d.get_role_display()),
    Column(gettext_lazy("Motivering"), lambda d: d.motivation),
    Column(gettext_lazy("Documenten"),
           lambda d: ", ".join(doc.original_name for doc in d.documents.all())),
    Column(gettext_lazy("Correctie van"), lambda d: d.corrects_id),
    Column(gettext_lazy("Vingerafdruk"), lambda d: d.chain_hash),
]

#: The director's member list as a file (issue #11).
DIRECTOR_MEMBER_COLUMNS = [
    Column(gettext_lazy("Naam"), lambda m: m.name),
    Column(gettext_lazy("Lidnummer"), lambda m: m.member_number),
    Column(gettext_lazy("Plaats"), lambda m: m.city),
    Column(gettext_lazy("Status"), lambda m: m.get_state_display()),
    Column(gettext_lazy("Zonder certificaat sinds"), lambda m: m.without_certificate_since),
]


@require_GET
@portal_view("director")
def decisions(request):
    """R-0.3: the decision records, read-only, filtered and paginated."""
    # invalid filters are shown with their error and ignored
    filters = DecisionFilter(request.GET or None, queryset=decision_records())
    export = export_or_none(request, rows=filters.qs, columns=DECISION_COLUMNS,
                            name="besluiten")
    if export is not None:
        return export
    return render(request, "members/director/decisions.html", {
        "form": filters.form, "page": paginate(request, filters.qs),
    })


# --- members ------------------------------------------------------------------------------------


@require_GET
@portal_view("director")
def member_list(request):
    """The members and applicants, searchable, with the day each lost its certificate (R-M3)."""
    filters = DirectorMemberFilter(request.GET or None,
                                   queryset=Member.objects.order_by("name", "pk"))
    export = export_or_none(request, rows=filters.qs, columns=DIRECTOR_MEMBER_COLUMNS,
                            name="leden")
    if export is not None:
        return export
    return render(request, "members/director/members.html", {
        "form": filters.form, "page": paginate(request, filters.qs),
    })


def _suspension_of(hearing):
    """The suspension decided on ``hearing`` (R-S1), or ``None``."""
    try:
        return hearing.suspension
    except ObjectDoesNotExist:
        return None


@require_GET
@portal_view("director")
def member_detail(request, pk):
    """One member as the directeur sees it: status, certificates, open flags, hearings,
    suspensions, decisions and timeline, with the decisions the directeur can take."""
    member = get_for_user_or_404(Member.objects.all(), request, pk=pk)
    today = dates.today()
    certificates = list(member.certificates.select_related("body").order_by("-valid_from"))
    for certificate in certificates:  # R-Z5: valid today or a decided renewal
        certificate.withdrawable = not withdrawal_blockers(certificate, today=today)
    return render(request, "members/director/member.html", {
        "member": member,
        "today": today,
        "status": register_status(member=member, today=today),
        "certificates": certificates,
        "flags": member.flags.open().order_by("due_on", "raised_on"),
        "hearings": [(hearing, _suspension_of(hearing)) for hearing in
                     member.hearings.select_related("suspension").order_by("-hearing_on")],
        "suspensions": member.suspensions.order_by("-starts_on"),
        "decisions": member.decisions.select_related("decided_by")[:20],
        "timeline": member_timeline(member=member, today=today),
        # the decisions offered are those their services would take now; ending a
        # pause that R-M3 refuses shows why instead of a live link.
        "can_pause": not pause_blockers(member, pausing=True, today=today),
        "can_resume": member.state == MemberState.PAUSED,
        "resume_blockers": (pause_blockers(member, pausing=False, today=today)
                            if member.state == MemberState.PAUSED else []),
        "can_summon": not hearing_summon_blockers(member),
        "current_suspension": suspension_current(member=member),
        "in_admission": member.state == MemberState.ADMISSION_AUDIT,
        "offer_options": bool(member.without_certificate_since
                              and member.state == MemberState.MEMBER),
    })


# --- admission (R-M1 step 3, R-M2) --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal_view("director")
def admission_decide(request, pk):
    """R-M1 step 3 / R-M2: admit the applicant (after the kernteam's advice and a positive
    audit advice) or reject it (confirmed: irreversible)."""
    member = get_for_user_or_404(Member.objects.select_related("admission"), request, pk=pk)
    form = _form(AdmissionDecisionForm, request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            admit = form.cleaned_data["decision"] == AdmissionDecisionForm.ADMIT
            service = member_admit if admit else member_reject
            success = (_("%(member)s is toegelaten als lid.") if admit
                       else _("De aanvraag van %(member)s is afgewezen.")) % {"member": member}
            _result, violation = run_service(
                request, service, member=member,
                motivation=form.cleaned_data["motivation"], success=success)
            if violation is None:
                return redirect("director:home")
        else:
            status = 400
    audits = (admission_audits(member).select_related("body", "advice")
              .prefetch_related("reports__document").order_by("-pk"))
    return render(request, "members/director/admission.html", {
        "member": member,
        "admission": getattr(member, "admission", None),
        "audits": audits,
        "form": form,
        "open": member.state in APPLICATION_STATES,
        # what refuses admitting or rejecting now, from the checks the services use.
        "admit_blockers": admission_decision_blockers(member, admit=True),
        "blockers": admission_decision_blockers(member, admit=False),
    }, status=status)


# --- pause (R-M4) -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@portal_view("director")
def membership_pause(request, pk, action):
    """R-M4: pause a membership (so the organisation can still get certified) or end the
    pause (R-M3: only with a valid certificate)."""
    member = get_for_user_or_404(Member.objects.all(), request, pk=pk)
    pausing = action == "pause"
    form = _form(MotivationForm, request)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            service = member_pause if pausing else member_resume
            success = (_("Het lidmaatschap van %(member)s is gepauzeerd.") if pausing
                       else _("De pauze van %(member)s is beëindigd.")) % {"member": member}
            _result, violation = run_service(request, service, member=member,
                                             motivation=form.cleaned_data["motivation"],
                                             success=success)
            if violation is None:
                return redirect("director:member", pk=member.pk)
        else:
            status = 400
    today = dates.today()
    return render(request, "members/director/pause.html", {
        "member": member,
        "pausing": pausing,
        "form": form,
        "status": register_status(member=member, today=today),
        "blockers": pause_blockers(member, pausing=pausing, today=today),
    }, status=status)
