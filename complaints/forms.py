"""The forms of complaints (issue #10: the form classes live here, the views import them). Only
the shape of the input is checked here; the rules are the services' (R-0.5)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.forms import BodyPeriodForm
from audits.models import CertificationBody
from core.forms import confirm_field, date_field, text_field
from members.models import MEMBERSHIP_STATES, Member

from .models import (
    Channel,
    ComplaintSubject,
)
from .selectors import member_certifiers


class RegisterForm(forms.Form):
    received_at = forms.DateTimeField(
        label=_("Ontvangen op (datum en tijd)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    channel = forms.ChoiceField(label=_("Kanaal"), choices=Channel.choices)
    subject_kind = forms.ChoiceField(label=_("Klacht over"),
                                     choices=ComplaintSubject.choices, widget=forms.RadioSelect)
    body = forms.ModelChoiceField(label=_("Certificerende instelling"),
                                  required=False,
                                  queryset=CertificationBody.objects.order_by("name"),
                                  empty_label=_("– kies bij een klacht over een CI –"))
    member = forms.ModelChoiceField(label=_("Lid"), required=False,
                                    queryset=Member.objects.order_by("name"),
                                    empty_label=_("– kies bij een klacht over een "
                                                             "lid –"))
    complainant_name = forms.CharField(label=_("Naam klager"), max_length=200)
    complainant_email = forms.EmailField(label=_("E-mail klager"), required=False)
    complainant_phone = forms.CharField(label=_("Telefoon klager"), max_length=40,
                                        required=False)
    content = text_field(_("Inhoud van de klacht"), rows=6)
    serious_and_public = forms.BooleanField(
        label=_("Ernstig en openbaar (aanleiding voor een tussentijdse audit, "
                           "R-T2)"), required=False)

    def clean(self):
        data = super().clean()
        kind = data.get("subject_kind")
        if kind == ComplaintSubject.BODY and not data.get("body"):
            self.add_error("body", _("Kies de certificerende instelling waarover geklaagd "
                                     "wordt."))
        if kind == ComplaintSubject.MEMBER and not data.get("member"):
            self.add_error("member", _("Kies het lid waarover geklaagd wordt."))
        received = data.get("received_at")
        if received and received > timezone.now():
            self.add_error("received_at", _("De ontvangst ligt in de toekomst."))
        return data


class AcknowledgeForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Ontvangst bevestigd op (datum en tijd)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))

    def clean_at(self):
        value = self.cleaned_data["at"]
        if value > timezone.now() + dt.timedelta(minutes=1):
            raise forms.ValidationError(_("Dit moment ligt in de toekomst."))
        return value


class RespondForm(forms.Form):
    response = text_field(_("Inhoudelijke reactie aan de klager"), rows=6)


class DelayForm(forms.Form):
    new_expected_on = date_field(_("Nieuwe verwachte datum van afhandeling"))


class ResolveForm(forms.Form):
    outcome = text_field(_("Uitkomst (met de mogelijkheid van bezwaar, R-K3)"),
                         rows=6)


class ObjectForm(forms.Form):
    filed_on = date_field(_("Bezwaar ingediend op"))
    content = text_field(_("Inhoud van het bezwaar"), rows=6)


class HandleObjectionForm(forms.Form):
    outcome = text_field(_("Uitkomst van de behandeling van het bezwaar"), rows=6)
    confirm = confirm_field()


class SeriousForm(forms.Form):
    serious_and_public = forms.BooleanField(
        label=_("Deze klacht is ernstig en openbaar"), required=False)
    motivation = text_field(_("Motivering van het oordeel"))


class InterimForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Certificerende instelling die de tussentijdse audit uitvoert"),
        queryset=CertificationBody.objects.filter(recognised=True).order_by("name"),
        empty_label=_("– kies een instelling –"))
    motivation = text_field(_("Motivering van het besluit"))
    confirm = forms.BooleanField(
        label=_("Ik leg deze tussentijdse audit op; het lid draagt de kosten."),
        error_messages={"required": _("Bevestig het opleggen van de audit.")})


class AnalysisForm(BodyPeriodForm):
    """R-K4: the period and the body of the complaint analysis."""


class ComplaintForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Over welke certificerende instelling?"),
                                  queryset=CertificationBody.objects.none(),
                                  empty_label=_("Kies de instelling"))
    content = forms.CharField(
        label=_("Uw klacht"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Beschrijf wat er gebeurde, wanneer en bij welke audit."))

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = member_certifiers(member)




class PublicComplaintForm(forms.Form):
    """R-K1: a complaint from the public (no account): about a member of the register or a
    recognised certification body; name and e-mail for the confirmation (R-A2: internal)."""

    subject_kind = forms.ChoiceField(
        label=_("Uw klacht gaat over"), widget=forms.RadioSelect,
        choices=[(ComplaintSubject.MEMBER, _("een lid van de NVVK")),
                 (ComplaintSubject.BODY, _("een certificerende instelling"))],
        error_messages={"required": _("Kies waarover uw klacht gaat.")})
    member = forms.ModelChoiceField(
        label=_("Lid"), required=False, queryset=Member.objects.none(),
        empty_label=_("– kies bij een klacht over een lid –"))
    body = forms.ModelChoiceField(
        label=_("Certificerende instelling"), required=False,
        queryset=CertificationBody.objects.none(),
        empty_label=_("– kies bij een klacht over een instelling –"))
    content = text_field(_("Uw klacht"), rows=8, max_length=5000,
                         error_messages={"required": _(
                             "Beschrijf waarover u een klacht heeft.")})
    complainant_name = forms.CharField(label=_("Uw naam"), max_length=200,
                                       error_messages={"required": _("Vul uw naam in.")})
    complainant_email = forms.EmailField(
        label=_("Uw e-mailadres"),
        help_text=_("Hierop ontvangt u de bevestiging met het kenmerk van uw klacht."),
        error_messages={"required": _("Vul uw e-mailadres in."),
                        "invalid": _("Vul een geldig e-mailadres in.")})
    complainant_phone = forms.CharField(label=_("Uw telefoonnummer"), max_length=40,
                                        required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(
            state__in=MEMBERSHIP_STATES).order_by("name")
        self.fields["member"].label_from_instance = lambda m: f"{m.name} ({m.city})"
        self.fields["body"].queryset = CertificationBody.objects.filter(
            recognised=True).order_by("name")

    def clean(self):
        data = super().clean()
        kind = data.get("subject_kind")
        if kind == ComplaintSubject.MEMBER and not data.get("member"):
            self.add_error("member", _("Kies het lid waarover u een klacht heeft."))
        if kind == ComplaintSubject.BODY and not data.get("body"):
            self.add_error("body", _("Kies de certificerende instelling waarover u een "
                                     "klacht heeft."))
        return data
