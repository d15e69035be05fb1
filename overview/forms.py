"""The forms of overview (issue #10: the form classes live here, the views import them). Only
the shape of the input is checked here; the rules are the services' (R-0.5)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.forms import BodyPeriodForm
from audits.models import (
    CertificationBody,
    DocumentRequirement,
    InterimTrigger,
)
from complaints.models import Complaint
from core.forms import (
    DateInput,
    confirm_field,
    motivation_field,
    text_field,
)
from core.uploads import DOCUMENT_TYPES, UploadField
from members.models import AdmissionAdvice, ScopeItem

SORT_CHOICES = [
    ("name", _("Naam")),
    ("place", _("Plaats")),
    ("valid_until", _("Certificaat geldig tot")),
]


class ReassignAuditForm(forms.Form):
    """R-C1/R-C2: the body the member chose instead of the one that lost its recognition or
    contract (``audits.services.audit_reassign`` checks the rule)."""

    body = forms.ModelChoiceField(
        label=_("Nieuwe certificerende instelling (keuze van het lid)"),
        queryset=CertificationBody.objects.filter(recognised=True).order_by("name"),
        empty_label=_("– kies een instelling –"))
    reason = text_field(_("Reden"))
    confirm = confirm_field(_("De huidige audit wordt geannuleerd; de nieuwe instelling begint "
                              "opnieuw bij 'CI gekozen'."))


class ImposeInterimForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Certificerende instelling"),
        queryset=CertificationBody.objects.filter(recognised=True).order_by("name"),
        empty_label=_("– kies een instelling –"))
    trigger = forms.ChoiceField(label=_("Aanleiding"), choices=InterimTrigger.choices,
                                widget=forms.RadioSelect)
    complaint = forms.ModelChoiceField(
        label=_("Klacht (bij ernstige en openbare klachten)"), required=False,
        queryset=Complaint.objects.none(), empty_label=_("– geen –"))
    trigger_source = text_field(_("Bron van de aanleiding"), required=False, rows=3,
                                help_text=_("Bijvoorbeeld het persbericht over de "
                                                       "fusie of het scopebesluit."))
    motivation = text_field(_("Motivering van het besluit"))
    confirm = confirm_field(_("Ik leg deze tussentijdse audit op; het lid draagt de "
                                         "kosten."))

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaint"].queryset = Complaint.objects.filter(
            member=member).order_by("-received_at")

    def clean(self):
        data = super().clean()
        if data.get("trigger") == InterimTrigger.COMPLAINT and not data.get("complaint"):
            self.add_error("complaint", _("Kies de klacht die aanleiding is voor de audit."))
        if (data.get("trigger") and data.get("trigger") != InterimTrigger.COMPLAINT
                and not (data.get("trigger_source") or "").strip()):
            self.add_error("trigger_source", _("Vermeld de bron van de aanleiding."))
        return data


class PeriodForm(BodyPeriodForm):
    van = forms.DateField(label=_("Audits met eerste dag op locatie van"),
                          widget=DateInput())
    tot = forms.DateField(label=_("tot en met"), widget=DateInput())


class AdmissionDecisionForm(forms.Form):
    ADMIT, REJECT = "admit", "reject"

    decision = forms.ChoiceField(
        label=_("Besluit"), widget=forms.RadioSelect,
        choices=[(ADMIT, _("Toelaten als lid")),
                 (REJECT, _("Aanvraag afwijzen"))],
        error_messages={"required": _("Kies toelaten of afwijzen.")})
    motivation = motivation_field()
    confirm = forms.BooleanField(
        label=_("Ik bevestig dit besluit. Het kan niet ongedaan worden gemaakt."),
        error_messages={"required": _("Vink aan dat u het besluit bevestigt; het kan niet "
                                      "ongedaan worden gemaakt.")})


class MotivationForm(forms.Form):
    motivation = motivation_field()


class DocumentUploadForm(forms.Form):
    requirement = forms.ModelChoiceField(
        label=_("Document uit de documentenlijst (bijlage 3)"),
        queryset=DocumentRequirement.objects.order_by("number"),
        empty_label=_("Kies een document"))
    file = UploadField(label=_("Bestand"), allowed=DOCUMENT_TYPES,
                       help_text=_("PDF, DOCX, XLSX of ODT"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].label_from_instance = (
            lambda r: f"{r.number}. {r.title}")


class RegisterSearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100,
                        help_text=_("Naam, plaats of certificaatnummer"))
    scope = forms.ModelChoiceField(
        label=_("Vorm van dienstverlening"), required=False, to_field_name="number",
        queryset=ScopeItem.objects.order_by("number"), empty_label=_("Alle vormen"))
    ci = forms.ModelChoiceField(
        label=_("Certificerende instelling"), required=False,
        queryset=CertificationBody.objects.order_by("name"), empty_label=_("Alle instellingen"))
    sort = forms.ChoiceField(label=_("Sorteer op"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].label_from_instance = lambda item: f"{item.number}. {item.title}"


class CertificateLookupForm(forms.Form):
    nummer = forms.CharField(label=_("Certificaatnummer"), max_length=30,
                             help_text=_("Bijvoorbeeld NVVK-2026-0042"))


class QualityTeamAdviceForm(forms.Form):
    advice = forms.ChoiceField(
        label=_("Advies aan de directeur"), widget=forms.RadioSelect,
        choices=AdmissionAdvice.choices,
        error_messages={"required": _("Kies positief of negatief.")})
    text = motivation_field(label=_("Toelichting"))




class FlagResolveForm(forms.Form):
    """R-N1: resolving a signal by hand needs the reason it needs no further action."""

    reason = text_field(_("Reden van afhandeling"), rows=3, max_length=300,
                        error_messages={"required": _(
                            "Vermeld waarom het signaal is afgehandeld.")})


class FlagAssignForm(forms.Form):
    """Issue #11: give a flag to a colleague of its team (or to nobody)."""

    assignee = forms.ModelChoiceField(label=_("Toewijzen aan"), queryset=None, required=False,
                                      empty_label=_("– niemand –"))

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = colleagues


class FlagCommentForm(forms.Form):
    """Issue #11: a staff note on a flag."""

    text = text_field(_("Opmerking"), rows=3, max_length=2000)


class FlagSnoozeForm(forms.Form):
    """Issue #11: put a flag aside until a date, with the reason."""

    until = forms.DateField(label=_("Uitstellen tot"), widget=DateInput())
    snooze_reason = forms.CharField(label=_("Reden van uitstel"), max_length=300)


class DigestForm(forms.Form):
    """Issue #11: one's own daily inbox digest, on or off."""

    daily_digest = forms.BooleanField(label=_("Stuur mij elke dag een overzicht per e-mail"),
                                      required=False)
