"""The forms of certificates (issue #10: the form classes live here, the views import them). Only
the shape of the input is checked here; the rules are the services' (R-0.5)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from audits.models import AuditKind
from core.forms import confirm_field, date_field, motivation_field, text_field, today_initial
from core.uploads import REPORT_TYPES, UploadField

from .deadlines import MAX_POSTPONEMENT_MONTHS
from .models import (
    WithdrawalReason,
)


class DecideForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("Besluit"), widget=forms.RadioSelect,
        coerce=lambda value: value == "ja",
        choices=[("ja", _("Uitstel verlenen")),
                 ("nee", _("Uitstel weigeren"))])
    motivation = text_field(_("Motivering"))
    confirm = confirm_field(_("Ik bevestig dit besluit over het uitstel. Het kan niet ongedaan "
                              "worden gemaakt."))


class CertificationForm(forms.Form):
    CERTIFY, REFUSE = "certify", "refuse"

    decision = forms.ChoiceField(
        label=_("Besluit"), widget=forms.RadioSelect,
        choices=[(CERTIFY, _("Certificeren: certificaat afgeven")),
                 (REFUSE, _("Niet certificeren"))],
        error_messages={"required": _("Kies certificeren of niet certificeren.")})
    four_years_swn = forms.BooleanField(
        label=_("Vier jaar geldig (gecombineerde NVVK/SWN-audit, R-Z2)"),
        required=False,
        help_text=_("Het lid stuurt dan na twee jaar het SWN-auditrapport naar het "
                               "verenigingsbureau."))
    motivation = motivation_field(
        required=False,
        help_text=_("Verplicht als u afwijkt van het advies van de CI (R-Z1)."))
    confirm = confirm_field(_("Ik bevestig dit besluit. Het kan niet ongedaan worden gemaakt."))

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        if audit.kind != AuditKind.COMBINED_SWN:
            # R-Z2: four years only after a combined NVVK + SWN audit.
            del self.fields["four_years_swn"]



class PostponementDecisionForm(forms.Form):
    GRANT, REFUSE = "grant", "refuse"

    decision = forms.ChoiceField(
        label=_("Besluit"), widget=forms.RadioSelect,
        choices=[(GRANT, _("Uitstel verlenen")),
                 (REFUSE, _("Uitstel weigeren"))],
        error_messages={"required": _("Kies verlenen of weigeren.")})
    body_advice = forms.CharField(
        label=_("Advies van de CI (optioneel)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De directeur kan de CI om advies vragen (R-Z4)."))
    motivation = motivation_field()
    confirm = confirm_field(_("Ik bevestig dit besluit over het uitstel. Het kan niet ongedaan "
                              "worden gemaakt."))


class WithdrawalForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reden"), choices=[("", "—")] + WithdrawalReason.choices,
        error_messages={"required": _("Kies de reden van de intrekking.")})
    motivation = motivation_field()
    confirm = confirm_field(_(
        "Ik bevestig de intrekking. Het ledenregister toont die vandaag nog; dit kan niet "
        "ongedaan worden gemaakt."))


class PostponementForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Hoeveel maanden uitstel vraagt u?"), coerce=int,
        choices=[(n, str(n)) for n in range(1, MAX_POSTPONEMENT_MONTHS + 1)])
    reason = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Uitstel is alleen mogelijk met een gegronde reden."))


class SwnReportForm(forms.Form):
    """R-Z2: the bureau records the receipt of the SWN audit report of a four-year
    certificate."""

    received_on = date_field(_("Ontvangen op"), initial=today_initial,
                             help_text=_("De datum waarop het verenigingsbureau het "
                                         "SWN-auditrapport van het lid ontving."))


class SwnReportUploadForm(forms.Form):
    """R-Z2: the member sends the SWN audit report of its four-year certificate."""

    file = UploadField(label=_("SWN-auditrapport (PDF)"), allowed=REPORT_TYPES,
                       help_text=_("Het rapport van de gecombineerde NVVK/SWN-audit, als PDF."))
