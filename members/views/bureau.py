"""The bureau portal (``/bureau/``), members part: the dashboard of R-N1, the member list and
file (timeline, core data, scope, contacts, documents, certificates, audits, findings, signals),
the admission steps of R-M1, the scope (R-M5) and contacts.

SPEC §1: the bureau (and the directeur) see everything, so every member is in reach; an unknown
id is a 404. Views are thin: selectors read, ``members.services`` change, a refusal shows its
rule id (R-0.5). State changes are POST with CSRF; a GET shows the form or confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.selectors import (
    certificates_expiring,
    members_without_valid_certificate,
    register_status,
)
from complaints.selectors import complaints_for_bureau, complaints_past_deadline
from core.access import get_for_user_or_404, portal_view
from core.dates import today as current_day
from core.models import Flag
from core.timeline import member_timeline
from members import services
from members.dashboard import bureau_deadlines, urgency_counts
from members.models import (
    APPLICATION_STATES,
    Contact,
    CoreData,
    Member,
    MemberState,
    ScopeItem,
)
from members.selectors import applications_waiting, members_for_bureau, members_for_user
from suspensions.selectors import appeals_pending, suspensions_for_member, suspensions_open

from .bureau_kit import (
    ConfirmForm,
    action,
    date_field,
    paginate,
    posted,
    text_field,
)

BLOCK_SIZE = 10

#: Where a deadline's object opens in the bureau portal.
TARGET_URLS = {
    "members.member": "bureau:member_detail",
    "members.admission": None,  # the member file
    "complaints.complaint": "bureau:complaint_detail",
    "certificates.postponement": "bureau:postponement_decide",
    "suspensions.suspension": "bureau:suspension_list",
    "audits.audit": "bureau:audit_detail",
    "audits.certificationbody": "bureau:body_detail",
}


def deadline_url(deadline) -> str:
    """The page of the object a deadline is about; the member's file when there is none."""
    if deadline.target:
        label, pk = deadline.target
        name = TARGET_URLS.get(label)
        if name == "bureau:suspension_list":
            return reverse(name) + f"#schorsing-{pk}"
        if name:
            return reverse(name, kwargs={"pk": pk})
    if deadline.member_id:
        return reverse("bureau:member_detail", kwargs={"pk": deadline.member_id})
    return ""


def get_member(request, pk) -> Member:
    return get_for_user_or_404(members_for_user(user=request.user).select_related("admission"),
                               request, pk=pk)


# --- R-N1 dashboard ---------------------------------------------------------------------------


def _block(queryset, size=BLOCK_SIZE):
    return {"count": queryset.count(), "rows": list(queryset[:size])}


@portal_view("bureau")
def home(request):
    """R-N1: what waits for the bureau, at a glance; each block with its count and links."""
    today = current_day()
    deadlines = bureau_deadlines(today=today)
    return render(request, "members/bureau/home.html", {
        "today": today,
        "applications": _block(applications_waiting()),
        "expiring": _block(certificates_expiring(today=today, months=7, planned=False)),
        "without_certificate": _block(members_without_valid_certificate(today=today)),
        "suspensions": _block(suspensions_open()),
        "appeals": _block(appeals_pending()),
        "late_complaints": _block(complaints_past_deadline(today=today)),
        "deadlines": [(d, d.urgency(today), deadline_url(d)) for d in deadlines[:20]],
        "deadline_count": len(deadlines),
        "urgency": urgency_counts(deadlines, today=today),
    })


@portal_view("bureau")
def deadline_list(request):
    """R-N1: every open deadline by urgency, with its rule id and a link."""
    today = current_day()
    deadlines = bureau_deadlines(today=today)
    urgency = request.GET.get("urgentie", "")
    if urgency:
        deadlines = [d for d in deadlines if d.urgency(today) == urgency]
    page = paginate(request, deadlines)
    return render(request, "members/bureau/deadline_list.html", {
        "today": today, "page": page, "urgency": urgency,
        "rows": [(d, d.urgency(today), deadline_url(d)) for d in page],
    })


# --- members ----------------------------------------------------------------------------------


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Zoeken (naam, plaats of lidnummer)"),
                        required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    scope = forms.ModelChoiceField(label=gettext_lazy("Scope-onderdeel"), required=False,
                                   queryset=ScopeItem.objects.order_by("number"),
                                   empty_label=gettext_lazy("Alle onderdelen"))
    instelling = forms.ModelChoiceField(label=gettext_lazy("Certificerende instelling"),
                                        required=False, queryset=None,
                                        empty_label=gettext_lazy("Alle instellingen"))
    certificaat = forms.ChoiceField(
        label=gettext_lazy("Certificaat"), required=False,
        choices=[("", gettext_lazy("Alle")), ("valid", gettext_lazy("Geldig certificaat")),
                 ("none", gettext_lazy("Geen geldig certificaat"))])

    def __init__(self, *args, **kwargs):
        from audits.models import CertificationBody

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alle statussen")), *MemberState.choices]
        self.fields["instelling"].queryset = CertificationBody.objects.order_by("name")


@portal_view("bureau")
def member_list(request):
    """Members and applicants: search, filters (state, scope item, body, certificate) and
    pages of 25; the valid certificate of each member shown (R-M3)."""
    today = current_day()
    form = MemberFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    members = members_for_bureau(
        today=today, query=filters.get("q", ""), state=filters.get("status", ""),
        scope=filters.get("scope"), body=filters.get("instelling"),
        certificate=filters.get("certificaat", ""))
    return render(request, "members/bureau/member_list.html", {
        "form": form, "page": paginate(request, members), "today": today,
    })


@portal_view("bureau")
def member_detail(request, pk):
    """The member's file: status, timeline (past events and deadlines with their rules), core
    data (R-M6), scope (R-M5), contacts, documents, certificates, audits, findings, complaints,
    suspensions and open signals; the admission steps for an applicant (R-M1)."""
    from audits.selectors import audits_for_member
    from certificates.models import Certificate
    from findings.models import Finding
    from findings.selectors import finding_label

    member = get_member(request, pk)
    today = current_day()
    findings = (Finding.objects.filter(member=member)
                .select_related("norm", "audit", "audit__body")
                .prefetch_related("kind_changes__audit", "plans", "investigations")
                .order_by("status", "norm__area__number", "norm__position", "pk"))
    admission = getattr(member, "admission", None)
    return render(request, "members/bureau/member_detail.html", {
        "member": member,
        "today": today,
        "admission": admission,
        "is_applicant": member.state in APPLICATION_STATES,
        "missing": services.application_missing(member)
        if member.state in APPLICATION_STATES else [],
        "timeline": member_timeline(member=member, today=today),
        "core_rows": _core_rows(CoreData.objects.filter(member=member,
                                                        audit__isnull=True).first()),
        "scope": list(member.scope.order_by("number")),
        "contacts": list(member.contacts.select_related("user")),
        "documents": list(member.documents.select_related("uploaded_by")),
        "certificates": list(Certificate.objects.filter(member=member)
                             .select_related("body").prefetch_related("postponements")
                             .order_by("-valid_from")),
        "register_status": register_status(member=member, today=today),
        "audits": list(audits_for_member(member=member)),
        "findings": [(f, finding_label(f)) for f in findings],
        "complaints": list(complaints_for_bureau(member=member)),
        "suspensions": list(suspensions_for_member(member=member)),
        "flags": list(Flag.objects.open().filter(member=member).order_by("due_on",
                                                                           "raised_on")),
    })


def _core_rows(core_data):
    """R-M6: the current kerngegevens as (label, value) rows; empty without core data."""
    if core_data is None:
        return []
    return [(CoreData._meta.get_field(name).verbose_name, getattr(core_data, name))
            for name in CoreData.SNAPSHOT_FIELDS]


# --- R-M5 scope -------------------------------------------------------------------------------


def scope_choices():
    return [(item.number, f"{item.number}. {item.title}")
            for item in ScopeItem.objects.order_by("number")]


def scope_field(label):
    return forms.TypedMultipleChoiceField(
        label=label, coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Kies ten minste één onderdeel.")})


class ScopeForm(forms.Form):
    scope = scope_field(gettext_lazy("Vormen van financiële dienstverlening (bijlage 1)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices()


@portal_view("bureau")
def member_scope(request, pk):
    """R-M5: the bureau sets the member's scope; an extension raises a signal to consider an
    interim audit (R-T2)."""
    member = get_member(request, pk)
    current = list(member.scope.values_list("number", flat=True))
    form = ScopeForm(posted(request), initial={"scope": current})
    back = reverse("bureau:member_detail", kwargs={"pk": member.pk})
    return action(
        request, form=form, service=services.member_update_scope,
        arguments=lambda data: {"member": member, "scope_numbers": data["scope"]},
        success=_("De scope van %(member)s is vastgelegd.") % {"member": member}, done=back,
        context={"title": _("Scope wijzigen"), "subject": member, "back": back,
                 "rules": ["R-M5", "R-T2"],
                 "intro": _("Een uitbreiding van de scope van een lid geeft een signaal om een "
                            "tussentijdse audit te overwegen."),
                 "submit": _("Scope vastleggen")})


# --- contacts ---------------------------------------------------------------------------------


class ContactForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("E-mailadres"))
    phone = forms.CharField(label=gettext_lazy("Telefoon"), max_length=40, required=False)
    function = forms.CharField(label=gettext_lazy("Functie"), max_length=100, required=False)
    is_primary = forms.BooleanField(label=gettext_lazy("Eerste contactpersoon"),
                                    required=False)


@portal_view("bureau")
def contact_add(request, pk):
    """A contact person of the member (personal data: internal only, R-A2)."""
    member = get_member(request, pk)
    back = reverse("bureau:member_detail", kwargs={"pk": member.pk}) + "#contactpersonen"
    return action(
        request, form=ContactForm(posted(request)), service=services.contact_add,
        arguments=lambda data: {"member": member, **data},
        success=_("Contactpersoon toegevoegd."), done=back,
        context={"title": _("Contactpersoon toevoegen"), "subject": member, "back": back,
                 "rules": ["R-A2"], "submit": _("Toevoegen")})


@portal_view("bureau")
def contact_edit(request, pk, contact_pk):
    member = get_member(request, pk)
    contact = get_for_user_or_404(Contact.objects.filter(member=member), request, pk=contact_pk)
    initial = {f: getattr(contact, f) for f in ("name", "email", "phone", "function",
                                                 "is_primary")}
    back = reverse("bureau:member_detail", kwargs={"pk": member.pk}) + "#contactpersonen"
    return action(
        request, form=ContactForm(posted(request), initial=initial),
        service=services.contact_update,
        arguments=lambda data: {"contact": contact, **data},
        success=_("Contactpersoon gewijzigd."), done=back,
        context={"title": _("Contactpersoon wijzigen"), "subject": member, "back": back,
                 "rules": ["R-A2"], "submit": _("Opslaan")})


# --- R-M1 admission steps ---------------------------------------------------------------------


class CheckForm(forms.Form):
    meets_conditions = forms.BooleanField(
        label=gettext_lazy("De aanmelding voldoet aan wet- en regelgeving en de "
                           "lidmaatschapsvoorwaarden"), required=False)
    notes = text_field(gettext_lazy("Bevindingen van de controle"), required=False)
    scope = scope_field(gettext_lazy("Vastgestelde scope (bijlage 1)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices()


class ContactedForm(forms.Form):
    contacted_on = date_field(gettext_lazy("Contact opgenomen op"))


class InformBoardForm(forms.Form):
    informed_on = date_field(gettext_lazy("Bestuur geïnformeerd op"))


class CompleteForm(forms.Form):
    introduction_meeting_on = date_field(gettext_lazy("Introductiegesprek op"), required=False)
    certificate_handed_over_on = date_field(gettext_lazy("Certificaat uitgereikt op"),
                                            required=False)
    published_on = date_field(gettext_lazy("Op de website geïntroduceerd op"), required=False)

    def clean(self):
        data = super().clean()
        if not any(data.get(f) for f in self.fields):
            raise forms.ValidationError(_("Vul ten minste één datum in."))
        return data


class EmptyForm(forms.Form):
    """A step that only needs the button (the GET page is its confirmation)."""


@dataclass(frozen=True)
class AdmissionStep:
    title: str
    service: object
    form: type
    submit: str
    intro: str = ""
    initial: object = None  # function (member, today) -> dict
    arguments: object = None  # function (cleaned_data) -> dict


ADMISSION_STEPS = {
    "start_review": AdmissionStep(
        gettext_lazy("Aanmelding in behandeling nemen"), services.admission_start_review,
        EmptyForm, gettext_lazy("In behandeling nemen"),
        gettext_lazy("Stap 1 (aanmelding): het bureau controleert de aanmelding aan wet- en "
                     "regelgeving, stelt de scope vast en neemt contact op met de organisatie.")),
    "check": AdmissionStep(
        gettext_lazy("Controle van de aanmelding vastleggen"), services.admission_record_check,
        CheckForm, gettext_lazy("Controle vastleggen"),
        gettext_lazy("Stap 1: leg de uitkomst van de controle en de vastgestelde scope vast "
                     "(R-M5)."),
        initial=lambda member, today: {
            "scope": list(member.scope.values_list("number", flat=True)),
            "meets_conditions": bool(getattr(member, "admission", None)
                                     and member.admission.meets_conditions),
            "notes": getattr(getattr(member, "admission", None), "check_notes", "")},
        arguments=lambda data: {"meets_conditions": data["meets_conditions"],
                                "notes": data["notes"], "scope_numbers": data["scope"]}),
    "contact": AdmissionStep(
        gettext_lazy("Contact met de aanvrager vastleggen"), services.admission_record_contact,
        ContactedForm, gettext_lazy("Contact vastleggen"),
        initial=lambda member, today: {"contacted_on": today}),
    "start_audit": AdmissionStep(
        gettext_lazy("Naar de toelatingsaudit"), services.admission_start_audit, ConfirmForm,
        gettext_lazy("Toelatingsaudit openen"),
        gettext_lazy("Stap 2 (audit): als de aanmelding compleet is en aan de voorwaarden "
                     "voldoet, kiest de organisatie een CI en wordt zij geaudit.")),
    "inform_board": AdmissionStep(
        gettext_lazy("Bestuur geïnformeerd over het nieuwe lid"),
        services.admission_inform_board, InformBoardForm, gettext_lazy("Vastleggen"),
        gettext_lazy("Stap 3 (akkoord): na het besluit van de directeur wordt het Bestuur "
                     "geïnformeerd over nieuwe leden."),
        initial=lambda member, today: {"informed_on": today}),
    "complete": AdmissionStep(
        gettext_lazy("Afronding van de toelating"), services.admission_complete, CompleteForm,
        gettext_lazy("Afronding vastleggen"),
        gettext_lazy("Stap 4 (afronding): introductiegesprek, uitreiking van het certificaat "
                     "en introductie op de website (het lid verschijnt in het ledenregister)."),
        arguments=lambda data: {k: v for k, v in data.items() if v}),
}


@portal_view("bureau")
def admission_step(request, pk, step):
    """R-M1: one of the bureau's admission steps. What is still missing is shown before the
    admission audit is opened; a refused step names R-M1 and what is missing."""
    member = get_member(request, pk)
    definition = ADMISSION_STEPS[step]
    today = current_day()
    initial = definition.initial(member, today) if definition.initial else None
    form = definition.form(posted(request), initial=initial)
    back = reverse("bureau:member_detail", kwargs={"pk": member.pk}) + "#toelating"
    missing = services.application_missing(member) if step == "start_audit" else []
    return action(
        request, form=form, service=definition.service,
        arguments=lambda data: {"member": member, **(
            definition.arguments(data) if definition.arguments
            else {k: v for k, v in data.items() if k != "confirm"})},
        success=_("%(step)s: vastgelegd.") % {"step": definition.title}, done=back,
        context={"title": definition.title, "subject": member, "back": back,
                 "rules": ["R-M1"], "intro": definition.intro, "missing": missing,
                 "submit": definition.submit})
