"""The forms of audits (issue #10: the form classes live here, the views import them). Only
the shape of the input is checked here; the rules are the services' (R-0.5)."""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import date_label
from core.forms import DateInput, confirm_field, date_field, text_field
from core.uploads import REPORT_TYPES, UploadField
from members.models import Member

from .models import (
    Auditor,
    CertificationBody,
    InvolvementKind,
    Level,
    Norm,
    ReportVersion,
)


def norm_choices(*, empty=True):
    """The 50 norms of the Kwaliteitskader (R-U3), grouped by performance area."""
    groups: dict[str, list] = {}
    for norm in Norm.objects.select_related("area").order_by("area__number", "position"):
        groups.setdefault(f"{norm.area.number}. {norm.area.title}", []).append(
            (norm.code, f"{norm.code} {norm.title}"))
    choices = [("", _("– kies een norm –"))] if empty else []
    return choices + list(groups.items())


def proposal_norm_choices():
    """R-N4: a proposal concerns one norm (by pk), or the framework as a whole."""
    groups: dict[str, list] = {}
    for norm in Norm.objects.select_related("area").order_by("area__number", "position"):
        groups.setdefault(f"{norm.area.number}. {norm.area.title}", []).append(
            (norm.pk, f"{norm.code} {norm.title}"))
    return [("", _("– het kader als geheel of een nieuwe norm –")), *groups.items()]


class StepForm(forms.Form):
    """One step of R-U2: the confirmation and, for a dated step, its date (empty: today)."""

    confirm = confirm_field()


class DatedStepForm(StepForm):
    on = forms.DateField(label="", required=False, widget=DateInput(),
                         help_text=_("Leeg laten: vandaag."))

    field_order = ["on", "confirm"]

    def __init__(self, *args, date_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = date_label


def step_form_class(step):
    """The form of the R-U2 step ``step`` (an ``audits.views.auditor.Step``)."""
    if step.dated:
        return partial(DatedStepForm, date_label=step.date_label)
    return StepForm


class AuditorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, auditor):
        if auditor.confidentiality_signed_on:
            return _("%(name)s (geheimhouding getekend op %(date)s)") % {
                "name": auditor.name, "date": date_label(auditor.confidentiality_signed_on)}
        return _("%(name)s (geen geheimhoudingsverklaring)") % {"name": auditor.name}


class TeamForm(forms.Form):
    lead = AuditorChoiceField(label=_("Leidend auditor"), queryset=Auditor.objects
                              .none())
    second = AuditorChoiceField(label=_("Tweede auditor"), required=False,
                                queryset=Auditor.objects.none(),
                                help_text=_("In de regel twee auditors (R-C4)."))

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        team = Auditor.objects.filter(body_id=audit.body_id, active=True).order_by("name")
        self.fields["lead"].queryset = team
        self.fields["second"].queryset = team


class PlanForm(forms.Form):
    fieldwork_starts_on = forms.DateField(label=_("Audit op locatie van"),
                                          required=False, widget=DateInput())
    fieldwork_ends_on = forms.DateField(label=_("Audit op locatie tot en met"),
                                        required=False, widget=DateInput())
    planned_days = forms.DecimalField(label=_("Geplande auditdagen"),
                                      required=False, min_value=0.5, max_value=99,
                                      decimal_places=1, max_digits=3)
    planned_auditors = forms.IntegerField(label=_("Aantal auditors"), min_value=1,
                                          max_value=9)
    scope = forms.TypedMultipleChoiceField(
        label=_("Scope van de audit"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Een deel van de scope van het lid (R-M5)."))
    development_levels = forms.BooleanField(
        label=_("Ontwikkelniveaus maken deel uit van deze audit (R-U4)"),
        required=False)

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [(item.number, f"{item.number}. {item.title}")
                                        for item in audit.member.scope.order_by("number")]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("fieldwork_starts_on"), cleaned.get("fieldwork_ends_on")
        if starts and ends and ends < starts:
            self.add_error("fieldwork_ends_on",
                           _("De laatste dag ligt vóór de eerste dag op locatie."))
        return cleaned


class CoveredNormForm(forms.Form):
    norm_code = forms.ChoiceField(label=_("Norm"))
    other_mark = forms.CharField(label=_("Ander keurmerk"), max_length=100,
                                 help_text=_("Bijvoorbeeld LKB, ISO 9001, NEN."))
    reference = forms.CharField(label=_("Referentie van die audit"), max_length=200)
    improvement_follow_up = forms.CharField(
        label=_("Opvolging van de verbeterpunten van die audit"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    reduction = forms.CharField(
        label=_("Met het lid afgesproken reductie van werkzaamheden"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm_code"].choices = norm_choices()


class AssessmentForm(forms.Form):
    """Per performance area the auditor's observation (A–D) and its notes (R-U3)."""

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            self.fields[f"observation_{area.number}"] = forms.ChoiceField(
                label=_("Waarneming %(number)s. %(title)s") % {
                    "number": area.number, "title": area.title},
                required=False, choices=[("", _("– geen –")), *Level.choices])
            self.fields[f"notes_{area.number}"] = forms.CharField(
                label=_("Toelichting bij %(number)s. %(title)s") % {
                    "number": area.number, "title": area.title},
                required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        for area in self.areas:
            if cleaned.get(f"notes_{area.number}", "").strip() and not cleaned.get(
                    f"observation_{area.number}") and not area.current_observation:
                self.add_error(f"observation_{area.number}",
                               _("Kies een niveau bij de toelichting (R-U3)."))
        return cleaned


class ReportForm(forms.Form):
    """R-U2: the version is always chosen explicitly (no default: a definitive file must never
    silently become a concept)."""

    version = forms.ChoiceField(
        label=_("Versie"), choices=ReportVersion.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Kies of dit het conceptrapport of het definitieve "
                                      "rapport is.")})
    file = UploadField(label=_("Rapport (PDF)"), allowed=REPORT_TYPES,
                       help_text=_("Alleen PDF; het type wordt aan de inhoud "
                                              "herkend, niet aan de naam."))


class ReportReplaceForm(forms.Form):
    """R-U2: a wrong upload replaced before it counts, with the reason."""

    file = UploadField(label=_("Juiste bestand (PDF)"), allowed=REPORT_TYPES,
                       help_text=_("Alleen PDF; het eerdere bestand blijft bewaard in de "
                                   "historie."))
    reason = text_field(_("Reden van vervanging"), rows=3, error_messages={
        "required": _("Geef aan waarom het rapport wordt vervangen.")})


class SendBackForm(forms.Form):
    """R-C4: the second auditor sends the concept report back for rework, with the reason."""

    reason = text_field(_("Wat moet er aan het conceptrapport veranderen?"), rows=5,
                        error_messages={"required": _("Geef aan wat er aan het "
                                                      "conceptrapport moet veranderen.")})
    confirm = confirm_field(_("Ik stuur het conceptrapport terug naar de leidend auditor."))


class ReviewForm(forms.Form):
    notes = forms.CharField(label=_("Bevindingen van de interne toets"),
                            required=False, widget=forms.Textarea(attrs={"rows": 5}))
    confirm = confirm_field(_(
        "Ik heb de bevindingen als tweede auditor getoetst; het rapport kan naar de "
        "organisatie."))


class BodyPeriodForm(forms.Form):
    """A period (van … tot en met) and optionally one certification body: the filter of the
    bureau's figures per body (R-N3 audit quality, R-K4 complaint analysis)."""

    van = forms.DateField(label=_("Van"), widget=DateInput())
    tot = forms.DateField(label=_("Tot en met"), widget=DateInput())
    instelling = forms.ModelChoiceField(
        label=_("Certificerende instelling"), required=False,
        queryset=CertificationBody.objects.order_by("name"),
        empty_label=_("Alle instellingen"))

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            raise forms.ValidationError(_("De einddatum ligt vóór de begindatum."))
        return data


class BodyForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    city = forms.CharField(label=_("Plaats"), max_length=100, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    recognised = forms.BooleanField(label=_("Erkend door de NVVK"), required=False)


class RecognitionForm(forms.Form):
    recognised = forms.BooleanField(label=_("Erkend door de NVVK"), required=False)


class ContractForm(forms.Form):
    starts_on = date_field(_("Ingangsdatum"))
    ends_on = date_field(_("Einddatum"), required=False,
                         help_text=_("Leeg voor een contract zonder einddatum."))
    signed_on = date_field(_("Getekend op"), required=False)
    notes = text_field(_("Opmerkingen"), required=False, rows=3)

    def clean(self):
        data = super().clean()
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Het contract eindigt vóór het ingaat."))
        return data


class AccreditationForm(forms.Form):
    accredited = forms.BooleanField(label=_("Geaccrediteerd door de Raad voor "
                                                       "Accreditatie"), required=False)
    reference = forms.CharField(label=_("Accreditatienummer"), max_length=100,
                                required=False)


class BodyEvaluationForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    held_on = date_field(_("Gehouden op"))
    summary = text_field(_("Verslag"), rows=6)
    agreements = text_field(_("Afspraken"), required=False)


class AuditorForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres"))


class ConfidentialityForm(forms.Form):
    signed_on = date_field(_("Geheimhoudingsverklaring getekend op"))


class InvolvementForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Lid"), queryset=Member.objects.none(),
                                    empty_label=_("– kies een lid –"))
    kind = forms.ChoiceField(label=_("Soort"), choices=InvolvementKind.choices,
                             widget=forms.RadioSelect)
    description = text_field(_("Omschrijving"))
    started_on = date_field(_("Van"))
    ended_on = date_field(_("Tot en met"), required=False,
                          help_text=_("Leeg als het nog loopt."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.order_by("name")


class ProposalForm(forms.Form):
    norm = forms.TypedChoiceField(label=_("Norm"), required=False, coerce=int,
                                  empty_value=None)
    text = text_field(_("Voorgestelde wijziging"), rows=6)
    rationale = text_field(_("Onderbouwing"), rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm"].choices = proposal_norm_choices()

    def clean_norm(self):
        pk = self.cleaned_data["norm"]
        return Norm.objects.get(pk=pk) if pk else None


class ProposalDecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Besluit"), widget=forms.RadioSelect,
        coerce=lambda value: value == "ja",
        choices=[("ja", _("Aannemen")), ("nee", _("Afwijzen"))])
    notes = text_field(_("Toelichting op het besluit"))
    confirm = confirm_field()


class SelfAssessmentForm(forms.Form):
    """R-U3: per performance area a development level A–D and notes."""

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— nog niet ingevuld —")), *Level.choices]
        for area in areas:
            self.fields[f"level_{area.number}"] = forms.ChoiceField(
                label=_("Ontwikkelniveau"), choices=choices, required=False)
            self.fields[f"notes_{area.number}"] = forms.CharField(
                label=_("Toelichting"), required=False,
                widget=forms.Textarea(attrs={"rows": 3}))


class AuditEvaluationForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Rapportcijfer voor de audit"), coerce=int,
        choices=[(n, str(n)) for n in range(10, 0, -1)], widget=forms.RadioSelect)
    comments = forms.CharField(
        label=_("Toelichting"), required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat ging goed, wat kan beter? De NVVK gebruikt de evaluaties "
                               "om de kwaliteit van de audits te bewaken."))


class RecognisedBodyForm(forms.Form):
    """A choice among the recognised certification bodies (R-C1)."""

    body = forms.ModelChoiceField(
        label=_("Certificerende instelling"), queryset=None,
        empty_label=_("Kies een instelling"),
        error_messages={"required": _("Kies een certificerende instelling.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = CertificationBody.objects.filter(
            recognised=True).order_by("name")


class ChooseBodyForm(RecognisedBodyForm):
    """R-C2: the member chooses its certification body for its next audit."""

    development_levels = forms.BooleanField(
        label=_("Met ontwikkelniveaus (R-U4)"), required=False)


class CombinedSwnRequestForm(RecognisedBodyForm):
    """R-Z2: the member tells NVVK it wants a combined NVVK/SWN audit with the body it
    chose."""

    note = forms.CharField(label=_("Toelichting (optioneel)"), required=False, max_length=200,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            "De instelling die zowel de NVVK-audit als de SWN-audit uitvoert.")


class CombinedSwnAuditForm(ChooseBodyForm):
    """R-Z2: the bureau registers the combined NVVK/SWN audit the member asked for, with the
    body the member chose (R-C2)."""

    fieldwork_starts_on = date_field(_("Audit op locatie van (gepland, optioneel)"),
                                     required=False)
    confirm = confirm_field(_("Het lid heeft om een gecombineerde NVVK/SWN-audit gevraagd."))
