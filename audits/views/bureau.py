"""The bureau portal, audits part: certification bodies with their contracts, accreditation and
yearly evaluations (R-C1); auditors with their confidentiality declarations and declared
involvements (R-C3 — the bureau sees them; R-A2 keeps them off public pages only); the audit
list; and the proposals to change the norms (R-N4). The pages that read findings or
complaints too (a body's page, an audit's page, imposing an interim audit, the audit-quality
figures of R-N3) live in ``overview.views.bureau_audits`` (issue #10).

Views are thin: selectors read, ``audits.services`` change, a refusal shows its rule (R-0.5).
"""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audits import services
from audits.models import (
    Audit,
    AuditKind,
    Auditor,
    AuditState,
    CertificationBody,
    InvolvementKind,
    Norm,
    NormChangeProposal,
    NormProposalState,
)
from audits.selectors import (
    auditors_for_bureau,
    audits_for_bureau,
    bodies_for_bureau,
    norm_proposals,
)
from core import dates
from core.access import get_for_user_or_404, portal_view
from core.accounts import person_status
from core.forms import DateInput, confirm_field, date_field, posted, text_field
from core.portal import run_service
from members.models import Member
from members.views.bureau_kit import action, paginate


def get_body(request, pk) -> CertificationBody:
    return get_for_user_or_404(CertificationBody.objects.all(), request, pk=pk)


def get_auditor(request, pk) -> Auditor:
    return get_for_user_or_404(auditors_for_bureau(), request, pk=pk)


def body_url(body) -> str:
    return reverse("bureau:body_detail", kwargs={"pk": body.pk})


class BodyPeriodForm(forms.Form):
    """A period (van … tot en met) and optionally one certification body: the filter of the
    bureau's figures per body (R-N3 audit quality, R-K4 complaint analysis)."""

    van = forms.DateField(label=gettext_lazy("Van"), widget=DateInput())
    tot = forms.DateField(label=gettext_lazy("Tot en met"), widget=DateInput())
    instelling = forms.ModelChoiceField(
        label=gettext_lazy("Certificerende instelling"), required=False,
        queryset=CertificationBody.objects.order_by("name"),
        empty_label=gettext_lazy("Alle instellingen"))

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            raise forms.ValidationError(_("De einddatum ligt vóór de begindatum."))
        return data


# --- R-C1 certification bodies ----------------------------------------------------------------


@portal_view("bureau")
def body_list(request):
    """R-C1: the bodies with recognition, the contract in force, accreditation, the latest
    yearly evaluation and the number of active auditors."""
    today = dates.today()
    bodies = bodies_for_bureau(today=today)
    return render(request, "audits/bureau/body_list.html", {
        "page": paginate(request, bodies), "today": today,
    })


class BodyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=200)
    city = forms.CharField(label=gettext_lazy("Plaats"), max_length=100, required=False)
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")
    recognised = forms.BooleanField(label=gettext_lazy("Erkend door de NVVK"), required=False)


@portal_view("bureau")
def body_register(request):
    """R-C1: register a certification body (recognised now or later)."""
    back = reverse("bureau:body_list")
    return action(
        request, form=BodyForm(posted(request)), service=services.body_register,
        arguments=lambda data: data, success=_("De instelling is geregistreerd."),
        done=body_url,
        context={"title": _("Certificerende instelling registreren"), "back": back,
                 "rules": ["R-C1"], "submit": _("Registreren")})


class RecognitionForm(forms.Form):
    recognised = forms.BooleanField(label=gettext_lazy("Erkend door de NVVK"), required=False)


@portal_view("bureau")
def body_recognition(request, pk):
    """R-C1: recognise a body, or withdraw its recognition (no new audits then)."""
    body = get_body(request, pk)
    return action(
        request, form=RecognitionForm(posted(request),
                                      initial={"recognised": body.recognised}),
        service=services.body_set_recognition,
        arguments=lambda data: {"body": body, **data},
        success=_("De erkenning is vastgelegd."), done=body_url(body),
        context={"title": _("Erkenning"), "subject": body, "back": body_url(body),
                 "rules": ["R-C1"], "submit": _("Opslaan")})


class ContractForm(forms.Form):
    starts_on = date_field(gettext_lazy("Ingangsdatum"))
    ends_on = date_field(gettext_lazy("Einddatum"), required=False,
                         help_text=gettext_lazy("Leeg voor een contract zonder einddatum."))
    signed_on = date_field(gettext_lazy("Getekend op"), required=False)
    notes = text_field(gettext_lazy("Opmerkingen"), required=False, rows=3)

    def clean(self):
        data = super().clean()
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Het contract eindigt vóór het ingaat."))
        return data


@portal_view("bureau")
def body_contract(request, pk):
    """R-C1: the contract with start and end date; contracts of one body do not overlap."""
    body = get_body(request, pk)
    return action(
        request, form=ContractForm(posted(request)), service=services.body_record_contract,
        arguments=lambda data: {"body": body, **data},
        success=_("Het contract is vastgelegd."), done=body_url(body),
        context={"title": _("Contract vastleggen"), "subject": body, "back": body_url(body),
                 "rules": ["R-C1"], "submit": _("Vastleggen")})


class AccreditationForm(forms.Form):
    accredited = forms.BooleanField(label=gettext_lazy("Geaccrediteerd door de Raad voor "
                                                       "Accreditatie"), required=False)
    reference = forms.CharField(label=gettext_lazy("Accreditatienummer"), max_length=100,
                                required=False)


@portal_view("bureau")
def body_accreditation(request, pk):
    """R-C1: accreditation by the Raad voor Accreditatie (preferred, not required)."""
    body = get_body(request, pk)
    form = AccreditationForm(posted(request), initial={
        "accredited": body.accredited, "reference": body.accreditation_reference})
    return action(
        request, form=form, service=services.body_record_accreditation,
        arguments=lambda data: {"body": body, **data},
        success=_("De accreditatie is vastgelegd."), done=body_url(body),
        context={"title": _("Accreditatie"), "subject": body, "back": body_url(body),
                 "rules": ["R-C1"], "submit": _("Opslaan")})


class EvaluationForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Jaar"), min_value=2000, max_value=2100)
    held_on = date_field(gettext_lazy("Gehouden op"))
    summary = text_field(gettext_lazy("Verslag"), rows=6)
    agreements = text_field(gettext_lazy("Afspraken"), required=False)


@portal_view("bureau")
def body_evaluation(request, pk):
    """R-C1 (with R-K4, R-N3): the yearly evaluation with the body, one per year."""
    body = get_body(request, pk)
    today = dates.today()
    return action(
        request, form=EvaluationForm(posted(request),
                                     initial={"year": today.year, "held_on": today}),
        service=services.body_record_evaluation,
        arguments=lambda data: {"body": body, **data},
        success=_("De jaarlijkse evaluatie is vastgelegd."), done=body_url(body),
        context={"title": _("Jaarlijkse evaluatie"), "subject": body, "back": body_url(body),
                 "rules": ["R-C1", "R-N3"],
                 "intro": _("Gebruik de kwaliteitscijfers en de klachtenanalyse van deze "
                            "instelling als voorbereiding."),
                 "links": [(reverse("bureau:quality") + f"?instelling={body.pk}",
                            _("Kwaliteitscijfers")),
                           (reverse("bureau:complaint_analysis") + f"?instelling={body.pk}"
                            f"&van={today.year}-01-01&tot={today.isoformat()}",
                            _("Klachtenanalyse"))],
                 "submit": _("Vastleggen")})


# --- R-C3 auditors ----------------------------------------------------------------------------


class AuditorFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Zoeken (naam of e-mail)"), required=False)
    instelling = forms.ModelChoiceField(
        label=gettext_lazy("Certificerende instelling"), required=False,
        queryset=CertificationBody.objects.order_by("name"),
        empty_label=gettext_lazy("Alle instellingen"))


@portal_view("bureau")
def auditor_list(request):
    """R-C3: every auditor with the confidentiality declaration and declared involvements."""
    form = AuditorFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    auditors = auditors_for_bureau(body=data.get("instelling"), query=data.get("q", ""))
    return render(request, "audits/bureau/auditor_list.html", {
        "form": form, "page": paginate(request, auditors),
    })


@portal_view("bureau")
def auditor_detail(request, pk):
    """R-C3: an auditor's declarations and the audits they worked on."""
    auditor = get_auditor(request, pk)
    audits = (Audit.objects.filter(lead_auditor=auditor) | Audit.objects.filter(
        second_auditor=auditor) | Audit.objects.filter(reviewer=auditor))
    return render(request, "audits/bureau/auditor_detail.html", {
        "auditor": auditor,
        "login_status": person_status(auditor.user) if auditor.user_id else None,
        "audits": list(audits.select_related("member", "body").distinct()
                       .order_by("-fieldwork_starts_on", "-pk")[:50]),
    })


@require_POST
@portal_view("bureau")
def auditor_invite(request, pk):
    """Issue #8: (re-)invite the auditor; the e-mailed link sets a password, the previous link
    stops working."""
    auditor = get_auditor(request, pk)
    run_service(request, services.auditor_invite, auditor=auditor,
                success=_("De uitnodiging is verstuurd naar %(email)s.") % {
                    "email": auditor.email})
    return redirect("bureau:auditor_detail", pk=auditor.pk)


class AuditorForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("E-mailadres"))


@portal_view("bureau")
def auditor_register(request, pk):
    """Register an auditor of the body; the declaration follows (R-C3)."""
    body = get_body(request, pk)
    return action(
        request, form=AuditorForm(posted(request)), service=services.auditor_register,
        arguments=lambda data: {"body": body, **data},
        success=_("De auditor is geregistreerd."),
        done=lambda auditor: reverse("bureau:auditor_detail", kwargs={"pk": auditor.pk}),
        context={"title": _("Auditor registreren"), "subject": body, "back": body_url(body),
                 "rules": ["R-C3"],
                 "intro": _("Een auditor kan pas worden ingezet na een getekende "
                            "geheimhoudingsverklaring."),
                 "submit": _("Registreren")})


class ConfidentialityForm(forms.Form):
    signed_on = date_field(gettext_lazy("Geheimhoudingsverklaring getekend op"))


@portal_view("bureau")
def auditor_confidentiality(request, pk):
    """R-C3: record the signed confidentiality declaration."""
    auditor = get_auditor(request, pk)
    back = reverse("bureau:auditor_detail", kwargs={"pk": auditor.pk})
    return action(
        request, form=ConfidentialityForm(posted(request),
                                          initial={"signed_on": dates.today()}),
        service=services.auditor_record_confidentiality,
        arguments=lambda data: {"auditor": auditor, **data},
        success=_("De geheimhoudingsverklaring is vastgelegd."), done=back,
        context={"title": _("Geheimhoudingsverklaring"), "subject": auditor, "back": back,
                 "rules": ["R-C3"], "submit": _("Vastleggen")})


class InvolvementForm(forms.Form):
    member = forms.ModelChoiceField(label=gettext_lazy("Lid"), queryset=Member.objects.none(),
                                    empty_label=gettext_lazy("– kies een lid –"))
    kind = forms.ChoiceField(label=gettext_lazy("Soort"), choices=InvolvementKind.choices,
                             widget=forms.RadioSelect)
    description = text_field(gettext_lazy("Omschrijving"))
    started_on = date_field(gettext_lazy("Van"))
    ended_on = date_field(gettext_lazy("Tot en met"), required=False,
                          help_text=gettext_lazy("Leeg als het nog loopt."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.order_by("name")


@portal_view("bureau")
def auditor_involvement(request, pk):
    """R-C3: a declared (advisory) work for, or interest in, a member, with its period."""
    auditor = get_auditor(request, pk)
    back = reverse("bureau:auditor_detail", kwargs={"pk": auditor.pk})
    return action(
        request, form=InvolvementForm(posted(request)),
        service=services.auditor_declare_involvement,
        arguments=lambda data: {"auditor": auditor, **data},
        success=_("De betrokkenheid is vastgelegd."), done=back,
        context={"title": _("Eerdere betrokkenheid vastleggen"), "subject": auditor,
                 "back": back, "rules": ["R-C3"], "submit": _("Vastleggen")})


# --- audits -----------------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Lid"), required=False)
    soort = forms.ChoiceField(label=gettext_lazy("Soort"), required=False)
    stap = forms.ChoiceField(label=gettext_lazy("Stap"), required=False)
    instelling = forms.ModelChoiceField(
        label=gettext_lazy("Certificerende instelling"), required=False,
        queryset=CertificationBody.objects.order_by("name"),
        empty_label=gettext_lazy("Alle instellingen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [("", _("Alle soorten")), *AuditKind.choices]
        self.fields["stap"].choices = [("", _("Alle stappen")), *AuditState.choices]


@portal_view("bureau")
def audit_list(request):
    """All audits, filtered by kind, step, body or member name."""
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    audits = audits_for_bureau(kind=data.get("soort", ""), state=data.get("stap", ""),
                               body=data.get("instelling"), query=data.get("q", ""))
    return render(request, "audits/bureau/audit_list.html", {
        "form": form, "page": paginate(request, audits),
    })


# --- R-N4 norm-change proposals ---------------------------------------------------------------


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False,
        choices=[("", gettext_lazy("Alle")), *NormProposalState.choices])


@portal_view("bureau")
def norm_proposal_list(request):
    """R-N4: the proposals to change the norms, collected and tracked."""
    form = ProposalFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return render(request, "audits/bureau/norm_proposal_list.html", {
        "form": form, "page": paginate(request, norm_proposals(state=data.get("status", ""))),
    })


def norm_choices():
    groups: dict[str, list] = {}
    for norm in Norm.objects.select_related("area").order_by("area__number", "position"):
        groups.setdefault(f"{norm.area.number}. {norm.area.title}", []).append(
            (norm.pk, f"{norm.code} {norm.title}"))
    return [("", _("– het kader als geheel of een nieuwe norm –")), *groups.items()]


class ProposalForm(forms.Form):
    norm = forms.TypedChoiceField(label=gettext_lazy("Norm"), required=False, coerce=int,
                                  empty_value=None)
    text = text_field(gettext_lazy("Voorgestelde wijziging"), rows=6)
    rationale = text_field(gettext_lazy("Onderbouwing"), rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm"].choices = norm_choices()

    def clean_norm(self):
        pk = self.cleaned_data["norm"]
        return Norm.objects.get(pk=pk) if pk else None


@portal_view("bureau")
def norm_proposal_new(request):
    """R-N4: collect a proposal to change a norm (or the framework)."""
    back = reverse("bureau:norm_proposal_list")
    return action(
        request, form=ProposalForm(posted(request)), service=services.norm_proposal_submit,
        arguments=lambda data: data, success=_("Het voorstel is ingediend."),
        done=lambda proposal: reverse("bureau:norm_proposal_detail",
                                      kwargs={"pk": proposal.pk}),
        context={"title": _("Voorstel tot normwijziging"), "back": back, "rules": ["R-N4"],
                 "submit": _("Indienen")})


def get_proposal(request, pk) -> NormChangeProposal:
    return get_for_user_or_404(norm_proposals(), request, pk=pk)


@portal_view("bureau")
def norm_proposal_detail(request, pk):
    """R-N4: one proposal with its history."""
    proposal = get_proposal(request, pk)
    history = list(proposal.history.select_related("history_user")
                   .order_by("history_date", "history_id"))
    return render(request, "audits/bureau/norm_proposal_detail.html", {
        "proposal": proposal, "history": history,
        "can_review": proposal.state == NormProposalState.PROPOSED,
        "can_decide": proposal.state == NormProposalState.UNDER_REVIEW,
    })


@portal_view("bureau")
def norm_proposal_review(request, pk):
    """R-N4: take a submitted proposal into review."""
    proposal = get_proposal(request, pk)
    back = reverse("bureau:norm_proposal_detail", kwargs={"pk": proposal.pk})
    return action(
        request, form=forms.Form(posted(request)), service=services.norm_proposal_review,
        arguments=lambda data: {"proposal": proposal},
        success=_("Het voorstel is in behandeling genomen."), done=back,
        context={"title": _("Voorstel in behandeling nemen"), "subject": proposal,
                 "back": back, "rules": ["R-N4"], "submit": _("In behandeling nemen")})


class ProposalDecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=gettext_lazy("Besluit"), widget=forms.RadioSelect,
        coerce=lambda value: value == "ja",
        choices=[("ja", gettext_lazy("Aannemen")), ("nee", gettext_lazy("Afwijzen"))])
    notes = text_field(gettext_lazy("Toelichting op het besluit"))
    confirm = confirm_field()


@portal_view("bureau")
def norm_proposal_decide(request, pk):
    """R-N4: accept or reject a proposal under review, with notes."""
    proposal = get_proposal(request, pk)
    back = reverse("bureau:norm_proposal_detail", kwargs={"pk": proposal.pk})
    return action(
        request, form=ProposalDecideForm(posted(request)),
        service=services.norm_proposal_decide,
        arguments=lambda data: {"proposal": proposal, "accept": data["accept"],
                                "notes": data["notes"]},
        success=_("Het besluit over het voorstel is vastgelegd."), done=back,
        context={"title": _("Besluiten over het voorstel"), "subject": proposal, "back": back,
                 "rules": ["R-N4"], "submit": _("Besluit vastleggen")})
