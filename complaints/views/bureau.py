"""The bureau portal, complaints (R-K1 … R-K4): the list, registering a complaint, the complaint
with its R-K2 deadlines and every handling step, the R-T2 link to an interim audit, and the
periodic analysis of R-K4.

The complainant's personal data (R-A2) is shown only on the complaint's own page, which only the
bureau and the directeur reach; lists show the reference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints import services
from complaints.models import (
    Channel,
    Complaint,
    ComplaintState,
    ComplaintSubject,
)
from complaints.selectors import (
    complaint_analysis,
    complaints_for_bureau,
)
from core import dates
from core.access import get_for_user_or_404, portal_view
from core.deadlines import open_deadlines
from core.exports import Column, export_or_none
from core.forms import ConfirmForm, posted
from core.pagination import paginate
from members.views.bureau_kit import action

from ..filters import ComplaintFilter
from ..forms import (
    AcknowledgeForm,
    AnalysisForm,
    DelayForm,
    HandleObjectionForm,
    InterimForm,
    ObjectForm,
    RegisterForm,
    ResolveForm,
    RespondForm,
    SeriousForm,
)

#: R-K2: the complaint clocks in the order a complaint meets them (``complaints.clocks``).
NEXT_DEADLINE_LABELS = {
    "complaints.acknowledge": gettext_lazy("ontvangst bevestigen"),
    "complaints.respond": gettext_lazy("inhoudelijke reactie"),
    "complaints.resolve": gettext_lazy("afhandeling"),
}


def get_complaint(request, pk) -> Complaint:
    return get_for_user_or_404(Complaint.objects.select_related("body", "member", "handled_by"),
                               request, pk=pk)


# --- list -------------------------------------------------------------------------------------


def _next_deadlines(today) -> dict[int, object]:
    """R-K2: per open complaint its first open deadline (acknowledgement, then response, then
    resolution), read from the deadline registry."""
    order = list(NEXT_DEADLINE_LABELS)
    nearest: dict[int, object] = {}
    for deadline in open_deadlines(today=today, clocks_=order):
        current = nearest.get(deadline.subject.pk)
        if current is None or order.index(deadline.clock) < order.index(current.clock):
            nearest[deadline.subject.pk] = deadline
    return nearest


def _with_deadline(complaint, today, nearest):
    deadline = nearest.get(complaint.pk)
    complaint.next_deadline = deadline.on if deadline else None
    complaint.next_deadline_label = NEXT_DEADLINE_LABELS[deadline.clock] if deadline else ""
    complaint.is_late = bool(deadline and deadline.on < today)
    return complaint


#: The bureau's complaint list as a file (issue #11): the register of complaints, without
#: the complainant's personal data (R-A2: that stays on the complaint's page).
COMPLAINT_COLUMNS = [
    Column(gettext_lazy("Kenmerk"), lambda c: c.reference),
    Column(gettext_lazy("Ontvangen op"), lambda c: c.received_at),
    Column(gettext_lazy("Kanaal"), lambda c: c.get_channel_display()),
    Column(gettext_lazy("Klacht over"), lambda c: c.get_subject_kind_display()),
    Column(gettext_lazy("Lid of instelling"),
           lambda c: c.member.name if c.member else (c.body.name if c.body else "")),
    Column(gettext_lazy("Status"), lambda c: c.get_state_display()),
    Column(gettext_lazy("Ontvangst bevestigd op"), lambda c: c.acknowledged_at),
    Column(gettext_lazy("Inhoudelijke reactie uiterlijk"), lambda c: c.respond_by),
    Column(gettext_lazy("Inhoudelijk gereageerd op"), lambda c: c.responded_on),
    Column(gettext_lazy("Afhandeling uiterlijk"), lambda c: c.resolve_by),
    Column(gettext_lazy("Afgehandeld op"), lambda c: c.resolved_on),
    Column(gettext_lazy("Gesloten op"), lambda c: c.closed_on),
]


@portal_view("bureau")
def complaint_list(request):
    """R-K1/R-K2: complaints with their next deadline; filters and pages of 25; as CSV or
    XLSX."""
    today = dates.today()
    filters = ComplaintFilter(request.GET or None, queryset=complaints_for_bureau())
    export = export_or_none(request, rows=filters.qs, columns=COMPLAINT_COLUMNS,
                            name="klachten")
    if export is not None:
        return export
    page = paginate(request, filters.qs)
    nearest = _next_deadlines(today)
    return render(request, "complaints/bureau/complaint_list.html", {
        "form": filters.form, "page": page,
        "rows": [_with_deadline(c, today, nearest) for c in page],
        "today": today,
    })


# --- R-K1 registration ------------------------------------------------------------------------


@portal_view("bureau")
def complaint_register(request):
    """R-K1: register a complaint; its R-K2 deadlines are computed (working days, R-0.2)."""
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = RegisterForm(posted(request), initial={"received_at": now})

    def arguments(data):
        subject_is_body = data["subject_kind"] == ComplaintSubject.BODY
        return {**data, "body": data["body"] if subject_is_body else None,
                "member": None if subject_is_body else data["member"]}

    back = reverse("bureau:complaint_list")
    return action(
        request, form=form, service=services.complaint_register, arguments=arguments,
        success=_("De klacht is geregistreerd."),
        done=lambda complaint: reverse("bureau:complaint_detail", kwargs={"pk": complaint.pk}),
        context={"title": _("Klacht registreren"), "back": back, "rules": ["R-K1", "R-K2"],
                 "intro": _("De persoonsgegevens van de klager blijven intern (R-A2)."),
                 "submit": _("Registreren")})


# --- the complaint ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRow:
    """One R-K2 deadline of a complaint: due, when it was met (if), and its status."""

    label: str
    due: object
    done: object
    status: str  # met, late, open, overdue
    timed: bool = False  # ``due`` is a moment (the 24 hours), not a day


def _status(due_day, done_day, today) -> str:
    if done_day:
        return "met" if done_day <= due_day else "late"
    return "overdue" if today > due_day else "open"


def complaint_deadlines(complaint, today) -> list[DeadlineRow]:
    """R-K2: acknowledgement (24 hours, written complaints), response (5 working days) and
    resolution (34 working days, or the later date the complainant was told)."""
    rows = []
    if complaint.is_written:
        ack_due = dates.local_date(complaint.acknowledge_by)
        ack_done = dates.local_date(complaint.acknowledged_at) if complaint.acknowledged_at \
            else None
        if complaint.acknowledged_at:
            status = "met" if complaint.acknowledged_at <= complaint.acknowledge_by else "late"
        elif complaint.responded_on:
            status = "met" if complaint.responded_on <= ack_due else "late"
        else:
            status = "overdue" if timezone.now() > complaint.acknowledge_by else "open"
        rows.append(DeadlineRow(_("Ontvangst bevestigen (24 uur)"),
                                timezone.localtime(complaint.acknowledge_by), ack_done, status,
                                timed=True))
    rows.append(DeadlineRow(_("Inhoudelijke reactie (5 werkdagen)"), complaint.respond_by,
                            complaint.responded_on,
                            _status(complaint.respond_by, complaint.responded_on, today)))
    rows.append(DeadlineRow(_("Afhandeling (beoogd binnen 34 werkdagen)"), complaint.resolve_by,
                            complaint.resolved_on,
                            _status(complaint.resolve_by, complaint.resolved_on, today)))
    if complaint.expected_on:
        rows.append(DeadlineRow(_("Afhandeling (aan klager meegedeeld)"), complaint.expected_on,
                                complaint.resolved_on,
                                _status(complaint.expected_on, complaint.resolved_on, today)))
    return rows


#: The handling steps offered per state (R-K2, R-K3, R-T2).
STEPS_BY_STATE = {
    ComplaintState.RECEIVED: ["acknowledge", "respond", "notify_delay"],
    ComplaintState.ACKNOWLEDGED: ["respond", "notify_delay"],
    ComplaintState.RESPONDED: ["resolve", "notify_delay"],
    ComplaintState.RESOLVED: ["object", "close"],
    ComplaintState.OBJECTED: ["handle_objection"],
    ComplaintState.CLOSED: [],
}


@portal_view("bureau")
def complaint_detail(request, pk):
    """R-K1 … R-K3: the complaint with the complainant's data (internal, R-A2), its deadlines,
    objections, the linked interim audits (R-T2) and the steps that can be taken now."""
    complaint = get_complaint(request, pk)
    today = dates.today()
    steps = [(step, STEPS[step].label) for step in STEPS_BY_STATE[complaint.state]]
    if complaint.subject_kind == ComplaintSubject.MEMBER:
        steps.append(("mark_serious", STEPS["mark_serious"].label))
        steps.append(("interim_audit", STEPS["interim_audit"].label))
    # a step that cannot be taken now shows why instead of a live link.
    steps = [(step, label, services.complaint_step_blockers(complaint, step))
             for step, label in steps]
    return render(request, "complaints/bureau/complaint_detail.html", {
        "complaint": complaint, "today": today,
        "deadlines": complaint_deadlines(complaint, today),
        "objections": list(complaint.objections.order_by("filed_on", "pk")),
        "interim_audits": list(complaint.interim_audits.select_related("body")),
        "steps": steps,
    })


@dataclass(frozen=True)
class Step:
    label: str
    service: object
    form: type
    rules: tuple
    intro: str = ""
    initial: object = None  # function (complaint, today) -> dict
    arguments: object = None  # function (cleaned_data) -> dict
    submit: str = gettext_lazy("Vastleggen")


def _without_confirm(data):
    return {k: v for k, v in data.items() if k != "confirm"}


STEPS = {
    "acknowledge": Step(
        gettext_lazy("Ontvangst bevestigen"), services.complaint_acknowledge, AcknowledgeForm,
        ("R-K2",), initial=lambda c, today: {
            "at": timezone.localtime().replace(second=0, microsecond=0)}),
    "respond": Step(
        gettext_lazy("Inhoudelijk reageren"), services.complaint_respond, RespondForm,
        ("R-K2",)),
    "notify_delay": Step(
        gettext_lazy("Klager informeren over vertraging"), services.complaint_notify_delay,
        DelayForm, ("R-K2",),
        gettext_lazy("Duurt de afhandeling langer, dan hoort de klager tot wanneer.")),
    "resolve": Step(
        gettext_lazy("Klacht afhandelen"), services.complaint_resolve, ResolveForm,
        ("R-K2", "R-K3")),
    "object": Step(
        gettext_lazy("Bezwaar vastleggen"), services.complaint_object, ObjectForm, ("R-K3",),
        initial=lambda c, today: {"filed_on": today}),
    "handle_objection": Step(
        gettext_lazy("Bezwaar behandeld en klacht sluiten"),
        services.complaint_handle_objection, HandleObjectionForm, ("R-K3",),
        arguments=_without_confirm),
    "close": Step(
        gettext_lazy("Klacht sluiten"), services.complaint_close, ConfirmForm, ("R-K3",),
        gettext_lazy("Sluit een afgehandelde klacht waartegen geen bezwaar kwam."),
        arguments=lambda data: {}, submit=gettext_lazy("Sluiten")),
    "mark_serious": Step(
        gettext_lazy("Zwaarte beoordelen"), services.complaint_mark_serious, SeriousForm,
        ("R-T2",), initial=lambda c, today: {"serious_and_public": c.serious_and_public}),
    "interim_audit": Step(
        gettext_lazy("Tussentijdse audit opleggen"), services.complaint_trigger_interim_audit,
        InterimForm, ("R-T1", "R-T2", "R-0.3"),
        gettext_lazy("Een ernstige en openbare klacht over een lid kan aanleiding zijn voor een "
                     "tussentijdse audit; de klacht wordt aan de audit gekoppeld."),
        arguments=_without_confirm, submit=gettext_lazy("Audit opleggen")),
}


@portal_view("bureau")
def complaint_step(request, pk, step):
    """One handling step of a complaint (R-K2, R-K3, R-T2) through its service; a step taken in
    the wrong state is refused by the service naming the rule."""
    complaint = get_complaint(request, pk)
    definition = STEPS[step]
    initial = definition.initial(complaint, dates.today()) if definition.initial else None
    back = reverse("bureau:complaint_detail", kwargs={"pk": complaint.pk})
    return action(
        request, form=definition.form(posted(request), initial=initial),
        service=definition.service,
        arguments=lambda data: {"complaint": complaint, **(
            definition.arguments(data) if definition.arguments else data)},
        success=_("%(step)s: vastgelegd.") % {"step": definition.label}, done=back,
        context={"title": definition.label, "subject": complaint, "back": back,
                 "rules": list(definition.rules), "intro": definition.intro,
                 "submit": definition.submit},
        blockers=lambda: services.complaint_step_blockers(complaint, step))


# --- R-K4 analysis ----------------------------------------------------------------------------


@portal_view("bureau")
def complaint_analysis_page(request):
    """R-K4: counts by subject, by body and by member, lead times and missed deadlines over a
    period, for the yearly evaluation with the bodies (R-C1) and interim-audit triggers
    (R-T2)."""
    today = dates.today()
    defaults = {"van": dt.date(today.year, 1, 1), "tot": today}
    form = AnalysisForm(request.GET or None, initial=defaults)
    status = 200
    if request.GET:
        if form.is_valid():
            start, end = form.cleaned_data["van"], form.cleaned_data["tot"]
            body = form.cleaned_data["instelling"]
        else:
            start, end, body, status = defaults["van"], defaults["tot"], None, 400
    else:
        start, end, body = defaults["van"], defaults["tot"], None
    analysis = complaint_analysis(start=start, end=end, body=body, as_of=today)
    return render(request, "complaints/bureau/complaint_analysis.html", {
        "form": form, "analysis": analysis, "body": body,
        "subject_labels": dict(ComplaintSubject.choices),
        "channel_labels": dict(Channel.choices),
    }, status=status)
