"""Form parts shared by the decision pages of the directeur, the Bestuur and the kernteam:
an HTML date input, the written motivation (R-0.3) and the confirmation an irreversible step
asks for. Only input shape is checked here; the rules themselves are the services' (R-0.5)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import dates


class DateInput(forms.DateInput):
    """``<input type="date">``: the browser shows a date picker and posts ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, *, required=True, help_text="", initial=None):
    return forms.DateField(label=label, required=required, help_text=help_text,
                           widget=DateInput(), initial=initial,
                           error_messages={"invalid": _("Vul een geldige datum in.")})


def today_initial():
    return dates.today()


def motivation_field(*, required=True, label=None, help_text=""):
    """R-0.3: the written motivation of a decision."""
    return forms.CharField(
        label=label or _("Motivering"), required=required, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Een besluit heeft een schriftelijke motivering nodig "
                                      "(R-0.3).")},
    )


def confirm_field(label=None):
    """The required "ik bevestig" checkbox before an irreversible step."""
    return forms.BooleanField(
        label=label or _("Ik bevestig dit besluit. Het kan niet ongedaan worden gemaakt."),
        required=True,
        error_messages={"required": _("Vink aan dat u dit onomkeerbare besluit bevestigt.")},
    )
