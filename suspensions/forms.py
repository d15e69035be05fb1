"""The forms of suspensions (issue #10: the form classes live here, the views import them). Only
the shape of the input is checked here; the rules are the services' (R-0.5)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.dates import date_label
from core.forms import (
    confirm_field,
    date_field,
    motivation_field,
    text_field,
    today_initial,
)
from core.uploads import DOCUMENT_TYPES, UploadField

from .models import (
    NoticeAudience,
    Publication,
    SummonsMethod,
)
from .selectors import (
    re_audits_advised,
)


class RulingForm(forms.Form):
    UPHOLD, DISMISS = "uphold", "dismiss"

    verdict = forms.ChoiceField(
        label=_("Uitspraak"), widget=forms.RadioSelect,
        choices=[(UPHOLD, _("Gegrond: het beroep slaagt")),
                 (DISMISS, _("Ongegrond: het besluit blijft in stand"))],
        error_messages={"required": _("Kies gegrond of ongegrond.")})
    ruling = forms.CharField(
        label=_("Uitspraak van het bestuur (motivering)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Leg de gemotiveerde uitspraak vast (R-S4).")})
    confirm = forms.BooleanField(
        label=_("Ik bevestig deze uitspraak namens het bestuur. Zij kan niet "
                           "ongedaan worden gemaakt."),
        error_messages={"required": _("Vink aan dat u de uitspraak bevestigt.")})


class NoticeForm(forms.Form):
    audience = forms.ChoiceField(label=_("Aan"), widget=forms.RadioSelect)
    text = text_field(_("Tekst van de mededeling"), rows=8)

    def __init__(self, *args, sent=(), counts=None, **kwargs):
        super().__init__(*args, **kwargs)
        counts = counts or {}
        self.fields["audience"].choices = [
            (value, ngettext("%(label)s (%(count)d ontvanger)",
                             "%(label)s (%(count)d ontvangers)", counts.get(value, 0))
             % {"label": label, "count": counts.get(value, 0)}
             if value in counts else label)
            for value, label in NoticeAudience.choices if value not in sent]


class SummonsForm(forms.Form):
    summoned_on = date_field(_("Opgeroepen op"), initial=today_initial)
    method = forms.ChoiceField(label=_("Wijze van oproepen"),
                               choices=[("", "—")] + SummonsMethod.choices,
                               error_messages={"required": _(
                                   "Kies hoe het lid is opgeroepen.")})
    hearing_on = date_field(_("Datum hoorzitting"))


class HearingRecordForm(forms.Form):
    held_on = date_field(_("Gehouden op"))
    member_did_not_appear = forms.BooleanField(
        label=_("Het lid is niet verschenen (terwijl het behoorlijk was opgeroepen)"),
        required=False)
    member_statement = forms.CharField(
        label=_("Wat het lid naar voren bracht"), required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Verplicht als het lid is verschenen (R-S1)."))


class SuspensionDecisionForm(forms.Form):
    starts_on = date_field(_("Ingangsdatum"), initial=today_initial)
    months = forms.TypedChoiceField(
        label=_("Duur"), coerce=int,
        choices=[(1, _("1 maand")), (2, _("2 maanden")),
                 (3, _("3 maanden"))],
        help_text=_("Ten hoogste drie maanden; éénmaal te verlengen met dezelfde "
                               "periode (R-S2)."))
    notified_on = date_field(
        _("Bekendgemaakt aan het lid op"), initial=today_initial,
        help_text=_("Vanaf deze dag loopt de beroepstermijn van één maand (R-S3)."))
    publication = forms.ChoiceField(label=_("Bekendmaking buiten de vereniging"),
                                    choices=Publication.choices, initial=Publication.NONE,
                                    help_text=_("R-S7; het openbare ledenregister "
                                                           "volgt deze keuze."))
    motivation = motivation_field()
    confirm = confirm_field(_("Ik bevestig de schorsing van dit lid."))

    def clean(self):
        cleaned = super().clean()
        cleaned.pop("confirm", None)  # binds the page, is no argument of the service
        return cleaned


class OutcomeForm(forms.Form):
    notified_on = date_field(
        _("Bekendgemaakt aan het lid op"), initial=today_initial,
        help_text=_("Ook tegen dit besluit staat binnen één maand beroep open "
                               "(R-S3)."))
    motivation = motivation_field()
    confirm = confirm_field(_("Ik bevestig dit besluit over de schorsing."))


class ExpulsionForm(OutcomeForm):
    confirm = confirm_field(_(
        "Ik bevestig de ontzetting. Zij wordt onherroepelijk als er niet binnen een maand "
        "beroep wordt ingesteld, of als het Bestuur het beroep ongegrond verklaart."))


class ReAuditLiftForm(forms.Form):
    audit = forms.ModelChoiceField(label=_("Heraudit met positief advies"),
                                   queryset=None, empty_label="—",
                                   error_messages={"required": _(
                                       "Kies de heraudit waarop de opheffing rust.")})
    notified_on = date_field(_("Bekendgemaakt aan het lid op"),
                             initial=today_initial)
    motivation = motivation_field()
    confirm = confirm_field(_("Ik bevestig de opheffing van de schorsing."))

    def __init__(self, *args, suspension, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audit"].queryset = re_audits_advised(suspension)
        self.fields["audit"].label_from_instance = lambda audit: _(
            "%(audit)s – %(advice)s (%(on)s)") % {
                "audit": audit, "advice": audit.advice.get_kind_display().lower(),
                "on": date_label(audit.advice.given_on)}


class PublicationForm(forms.Form):
    publication = forms.ChoiceField(label=_("Bekendmaking buiten de vereniging"),
                                    choices=Publication.choices, widget=forms.RadioSelect)
    motivation = motivation_field()

    def __init__(self, *args, suspension, **kwargs):
        kwargs.setdefault("initial", {"publication": suspension.publication})
        super().__init__(*args, **kwargs)


class AppealForm(forms.Form):
    subject = forms.ChoiceField(label=_("Beroep tegen het besluit"),
                                widget=forms.RadioSelect)
    motivation = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Een beroep moet gemotiveerd zijn: waarom is het besluit "
                               "volgens u onjuist?"))
    attachment = UploadField(
        label=_("Stuk bij het beroep (optioneel)"), required=False, allowed=DOCUMENT_TYPES,
        help_text=_("Bijvoorbeeld een brief of een planning van de heraudit. PDF, DOCX, XLSX "
                    "of ODT; het bestuur en uw organisatie kunnen het openen."))

    def __init__(self, *args, windows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [
            (w.subject, _("%(label)s (bekendgemaakt op %(date)s)")
             % {"label": w.label, "date": date_label(w.notified_on)})
            for w in windows]
        if len(windows) == 1:
            self.fields["subject"].initial = windows[0].subject


