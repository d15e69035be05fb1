"""The one form kit of every portal (issue #10): the HTML date input, the written motivation
(R-0.3), the confirmation an irreversible step asks for, a text area, and the helper that binds
a form to a POST. Only the shape of the input is checked here; the rules themselves are the
services' (R-0.5), so a form never decides what is allowed."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from . import dates


class FormRenderer(TemplatesSetting):
    """``FORM_RENDERER``: every ``{{ form }}`` and ``{{ field.as_field_group }}`` of every portal
    renders through one form template and one field template (labels, required marker, help
    text and errors tied to the input with ``aria-describedby``, radio groups in a fieldset).
    Templates load through ``TEMPLATES`` so the project's ``templates/forms/`` wins."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class DateInput(forms.DateInput):
    """``<input type="date">``: the browser shows a date picker and posts ISO dates; without
    JavaScript it is a plain text field."""

    input_type = "date"

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs=attrs, format="%Y-%m-%d", **kwargs)


def date_field(label, *, required=True, help_text="", initial=None, **kwargs):
    return forms.DateField(label=label, required=required, help_text=help_text,
                           widget=DateInput(), initial=initial,
                           error_messages={"invalid": _("Vul een geldige datum in.")}, **kwargs)


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
    """The required "ik bevestig" checkbox before an irreversible step or decision."""
    return forms.BooleanField(
        label=label or _("Ik bevestig deze stap; hij kan niet worden teruggedraaid."),
        required=True,
        error_messages={"required": _("Bevestig deze stap om door te gaan.")},
    )


class EmptyForm(forms.Form):
    """A step that only needs the button (the GET page is its confirmation)."""


class ConfirmForm(forms.Form):
    """Only the confirmation: an irreversible step without further input."""

    confirm = confirm_field()


def text_field(label, *, required=True, rows=4, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def posted(request):
    """The POST data to bind a form to, or ``None`` on GET. (Not ``request.POST or None``: an
    empty POST — a confirmation without fields, or no checkbox ticked — must still bind.)"""
    return request.POST if request.method == "POST" else None


def bound(request, form_class, **kwargs):
    """``form_class`` bound to the POST (unbound on GET)."""
    return form_class(posted(request), **kwargs)
