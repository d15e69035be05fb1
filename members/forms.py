"""The forms of members (issue #10: the form classes live here, the views import them). Only
the shape of the input is checked here; the rules are the services' (R-0.5)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.forms import confirm_field, date_field, text_field

from .models import NON_NEGATIVE, CoreData, ScopeItem


def scope_choices():
    return [(item.number, f"{item.number}. {item.title}")
            for item in ScopeItem.objects.order_by("number")]


def scope_field(label):
    return forms.TypedMultipleChoiceField(
        label=label, coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één onderdeel.")})


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    field = model_field.formfield(**kwargs)
    # The model's validators (R-M6: no negative fte) hold in the form too, so bad input is a
    # field error and nothing is stored.
    for validator in model_field.validators:
        if validator not in field.validators:
            field.validators.append(validator)
    if isinstance(model_field, models.DecimalField) and NON_NEGATIVE in model_field.validators:
        field.widget.attrs["min"] = "0"
    return field


class ScopeForm(forms.Form):
    scope = scope_field(_("Vormen van financiële dienstverlening (bijlage 1)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices()


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres"))
    phone = forms.CharField(label=_("Telefoon"), max_length=40, required=False)
    function = forms.CharField(label=_("Functie"), max_length=100, required=False)
    is_primary = forms.BooleanField(label=_("Eerste contactpersoon"),
                                    required=False)


class CheckForm(forms.Form):
    meets_conditions = forms.BooleanField(
        label=_("De aanmelding voldoet aan wet- en regelgeving en de "
                           "lidmaatschapsvoorwaarden"), required=False)
    notes = text_field(_("Bevindingen van de controle"), required=False)
    scope = scope_field(_("Vastgestelde scope (bijlage 1)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices()


class ContactedForm(forms.Form):
    contacted_on = date_field(_("Contact opgenomen op"))


class InformBoardForm(forms.Form):
    informed_on = date_field(_("Bestuur geïnformeerd op"))


class CompleteForm(forms.Form):
    introduction_meeting_on = date_field(_("Introductiegesprek op"), required=False)
    certificate_handed_over_on = date_field(_("Certificaat uitgereikt op"),
                                            required=False)
    published_on = date_field(_("Op de website geïntroduceerd op"), required=False)

    def clean(self):
        data = super().clean()
        if not any(data.get(f) for f in self.fields):
            raise forms.ValidationError(_("Vul ten minste één datum in."))
        return data


class CoreDataForm(forms.Form):
    """R-M6: the kerngegevens of appendix 2."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(CoreData, fields=CoreData.SNAPSHOT_FIELDS,
                                                  formfield_callback=_formfield))
        for name, field in self.fields.items():
            if name != "name":
                field.required = False
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3


class ApplicationForm(forms.Form):
    name = forms.CharField(label=_("Naam organisatie"), max_length=200)
    city = forms.CharField(label=_("Plaats"), max_length=100)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_name = forms.CharField(label=_("Naam contactpersoon"), max_length=200)
    contact_email = forms.EmailField(
        label=_("E-mailadres contactpersoon"),
        help_text=_("Hierheen sturen wij de bevestiging en de link om een "
                               "wachtwoord in te stellen."))
    contact_phone = forms.CharField(label=_("Telefoon contactpersoon"),
                                    max_length=40, required=False)
    motivation = forms.CharField(label=_("Toelichting"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 5}),
                                 help_text=_("Waarom wilt u lid worden van de NVVK?"))
    scope = forms.ModelMultipleChoiceField(
        label=_("Vormen van financiële dienstverlening (bijlage 1)"),
        queryset=ScopeItem.objects.order_by("number"), to_field_name="number",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies de vormen die u aanbiedt; het verenigingsbureau stelt de "
                               "scope vast."),
        error_messages={"required": _("Kies ten minste één vorm van "
                                                 "dienstverlening.")})
    conditions = forms.BooleanField(
        label=_("Wij aanvaarden de lidmaatschapsvoorwaarden van de NVVK"),
        error_messages={"required": _("De aanmelding kan alleen als u de "
                                                 "lidmaatschapsvoorwaarden aanvaardt.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].label_from_instance = lambda item: f"{item.number}. {item.title}"


class ContactInviteForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres"))
    function = forms.CharField(label=_("Functie"), max_length=100, required=False)


class ResignationForm(forms.Form):
    """R-M2: the member ends its membership; the reason is recorded, the step confirmed."""

    reason = text_field(_("Reden van de opzegging"),
                        error_messages={"required": _("Vermeld de reden van de opzegging.")})
    confirm = confirm_field(_(
        "Ik bevestig de opzegging van het lidmaatschap. Lopende audits worden geannuleerd; "
        "de opzegging kan niet worden teruggedraaid."))

    def clean(self):
        cleaned = super().clean()
        cleaned.pop("confirm", None)  # binds the page, is no argument of the service
        return cleaned
