"""The bureau portal (``/bureau/``), members part: the admission steps of R-M1, the scope
(R-M5) and contacts. The dashboard of R-N1, the member list and the member's file (which read
certificates, audits, findings, complaints and suspensions too) live in
``overview.views.bureau`` (issue #10).

SPEC §1: the bureau (and the directeur) see everything, so every member is in reach; an unknown
id is a 404. Views are thin: selectors read, ``members.services`` change, a refusal shows its
rule id (R-0.5). State changes are POST with CSRF; a GET shows the form or confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.access import get_for_user_or_404, portal_view
from core.dates import today as current_day
from core.forms import ConfirmForm, EmptyForm, posted
from core.portal import run_service
from members import services
from members.models import (
    Contact,
    Member,
)
from members.selectors import members_for_user

from ..forms import (
    CheckForm,
    CompleteForm,
    ContactedForm,
    ContactForm,
    InformBoardForm,
    ResignationForm,
    ScopeForm,
)
from .bureau_kit import action


def get_member(request, pk) -> Member:
    return get_for_user_or_404(members_for_user(user=request.user).select_related("admission"),
                               request, pk=pk)


# --- R-M5 scope -------------------------------------------------------------------------------


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


# --- R-M2 resignation ------------------------------------------------------------------------


@portal_view("bureau")
def member_resign(request, pk):
    """R-M2: the bureau records the member's resignation on its behalf (a letter or e-mail of
    the member), with the reason and a confirmation; open audits are cancelled."""
    member = get_member(request, pk)
    back = reverse("bureau:member_detail", kwargs={"pk": member.pk})
    return action(
        request, form=ResignationForm(posted(request)), service=services.member_resign,
        arguments=lambda data: {"member": member, "reason": data["reason"]},
        success=_("De opzegging van %(member)s is vastgelegd.") % {"member": member},
        done=back, blockers=lambda: services.resignation_blockers(member),
        context={"title": _("Opzegging vastleggen"), "subject": member, "back": back,
                 "rules": ["R-M2"],
                 "intro": _("Leg de opzegging vast die het lid schriftelijk heeft gedaan. "
                            "Lopende audits worden geannuleerd en de contactpersonen krijgen "
                            "een bevestiging per e-mail."),
                 "submit": _("Opzegging vastleggen")})


# --- contacts ---------------------------------------------------------------------------------


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


@require_POST
@portal_view("bureau")
def contact_invite(request, pk, contact_pk):
    """Issue #8: (re-)invite a contact person to the member portal."""
    member = get_member(request, pk)
    contact = get_for_user_or_404(Contact.objects.filter(member=member), request, pk=contact_pk)
    run_service(request, services.contact_invite, contact=contact,
                success=_("De uitnodiging voor %(name)s is verwerkt.") % {"name": contact.name})
    return redirect(reverse("bureau:member_detail", kwargs={"pk": member.pk})
                    + "#contactpersonen")


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
    """R-M1: one of the bureau's admission steps. What stands in the way (for the admission
    audit: what is still missing) is shown before the click, from the check the step's service
    refuses with; a refused step names R-M1 and what is missing."""
    member = get_member(request, pk)
    definition = ADMISSION_STEPS[step]
    today = current_day()
    initial = definition.initial(member, today) if definition.initial else None
    form = definition.form(posted(request), initial=initial)
    back = reverse("bureau:member_detail", kwargs={"pk": member.pk}) + "#toelating"
    return action(
        request, form=form, service=definition.service,
        arguments=lambda data: {"member": member, **(
            definition.arguments(data) if definition.arguments
            else {k: v for k, v in data.items() if k != "confirm"})},
        success=_("%(step)s: vastgelegd.") % {"step": definition.title}, done=back,
        context={"title": definition.title, "subject": member, "back": back,
                 "rules": ["R-M1"], "intro": definition.intro,
                 "submit": definition.submit},
        # what refuses the step now (for the admission audit: what is still missing).
        blockers=lambda: services.admission_step_blockers(member, step))
