"""The forms of findings (issue #10: the form classes live here, the views import them). Only
the shape of the input is checked here; the rules are the services' (R-0.5)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.forms import norm_choices
from core.forms import DateInput, confirm_field
from core.uploads import DOCUMENT_TYPES, UploadField

from .models import (
    AdviceKind,
    FindingKind,
    InvestigationOutcome,
    JudgementOutcome,
)


class FindingForm(forms.Form):
    norm_code = forms.ChoiceField(label=_("Norm"))
    kind = forms.ChoiceField(label=_("Soort"), choices=FindingKind.choices,
                             widget=forms.RadioSelect)
    description = forms.CharField(label=_("Omschrijving"),
                                  widget=forms.Textarea(attrs={"rows": 4}))
    risk_to_clients = forms.BooleanField(
        label=_("Risico voor de dienstverlening aan klanten en/of schuldeisers"),
        required=False,
        help_text=_("Niet bij een kanttekening (R-F1); bij een afwijking met risico "
                               "kan een aanvullend onderzoek volgen (R-F4)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["norm_code"].choices = norm_choices()


class FindingCorrectForm(FindingForm):
    """R-U2: a finding corrected before the report is definitive, with the reason."""

    reason = forms.CharField(
        label=_("Reden van de correctie"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef de reden van de correctie.")})


class FindingWithdrawForm(forms.Form):
    """R-U2: a finding withdrawn before the report is definitive, with the reason."""

    reason = forms.CharField(
        label=_("Reden van het intrekken"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef de reden van het intrekken.")})
    confirm = confirm_field(_("Ik trek deze bevinding in; zij telt niet meer mee."))


class JudgementForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Oordeel over de opvolging"),
                                choices=JudgementOutcome.choices, widget=forms.RadioSelect)
    notes = forms.CharField(label=_("Toelichting"),
                            widget=forms.Textarea(attrs={"rows": 4}))
    no_big_risk = forms.BooleanField(
        label=_("Er is wel (onvoldoende) opvolging en geen groot risico voor "
                           "klanten"), required=False,
        help_text=_("Nodig om een kanttekening of afwijking te handhaven "
                               "(R-F2/R-F3)."))
    confirm = confirm_field()


class PlanAssessmentForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Oordeel"), widget=forms.RadioSelect,
        choices=[("approve", _("Goedkeuren")), ("reject", _("Afkeuren"))])
    assessment = forms.CharField(
        label=_("Oordeel van de certificerende instelling"), required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Bij afkeuren verplicht (R-F3)."))
    confirm = confirm_field()


class OrderForm(forms.Form):
    confirm = confirm_field(_("Ik draag dit aanvullend onderzoek op."))


class CompleteForm(forms.Form):
    held_on = forms.DateField(label=_("Uitgevoerd op"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Uitkomst"), widget=forms.RadioSelect,
                                choices=InvestigationOutcome.choices)
    notes = forms.CharField(label=_("Toelichting"),
                            widget=forms.Textarea(attrs={"rows": 4}))
    confirm = confirm_field()


class LimitsForm(forms.Form):
    decision_text = forms.CharField(label=_("Besluit over het vervolg"),
                                    widget=forms.Textarea(attrs={"rows": 5}))
    confirm = confirm_field()


class AdviceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Advies"), choices=AdviceKind.choices,
                             widget=forms.RadioSelect)
    conditions = forms.CharField(label=_("Voorwaarden"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("Verplicht bij een positief advies "
                                                        "onder voorwaarden (R-F7)."))
    motivation = forms.CharField(label=_("Motivering"),
                                 widget=forms.Textarea(attrs={"rows": 5}))
    confirm = confirm_field(_(
        "Ik geef dit advies namens de certificerende instelling; het kan niet worden "
        "gewijzigd."))


class PlanForm(forms.Form):
    text = forms.CharField(label=_("Plan van aanpak"), required=False,
                           widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Wat gaat u doen, wie doet het en wanneer is "
                                                  "het klaar?"))
    document = UploadField(label=_("Bijlage (optioneel)"), required=False,
                           allowed=DOCUMENT_TYPES,
                           help_text=_("PDF, DOCX, XLSX of ODT"))

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("text") or "").strip() and not cleaned.get("document") \
                and not self.errors:
            raise forms.ValidationError(_("Schrijf het plan van aanpak of voeg het toe als "
                                          "bijlage."))
        return cleaned


