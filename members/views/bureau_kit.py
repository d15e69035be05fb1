"""Building blocks of the bureau portal's views (``/bureau/``), shared by the ``views/bureau.py``
modules of members, audits, certificates, complaints and suspensions.

:func:`action` is the one shape of every state change in the portal: a GET shows the form (or a
confirmation), a POST validates it server-side, calls the service through
:func:`core.portal.run_service` and redirects; invalid input or a refused service re-renders the
form with status 400 and the rule id (R-0.5) — nothing is stored (services are atomic).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from core.pagination import paginate  # noqa: F401 - re-exported for the bureau views
from core.portal import run_service

ACTION_TEMPLATE = "members/bureau/action.html"


class DateInput(forms.DateInput):
    """A native date picker that still works as a plain text field without JavaScript."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, *, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


def confirm_field(label=None) -> forms.BooleanField:
    """The checkbox an irreversible step asks for."""
    return forms.BooleanField(
        required=True,
        label=label or gettext_lazy("Ik bevestig deze stap; hij kan niet worden teruggedraaid."),
        error_messages={"required": gettext_lazy("Bevestig deze stap om door te gaan.")},
    )


class ConfirmForm(forms.Form):
    confirm = confirm_field()


def text_field(label, *, required=True, rows=4, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def posted(request):
    """The POST data to bind a form to, or ``None`` on GET. (Not ``request.POST or None``: an
    empty POST — a confirmation without fields, or no checkbox ticked — must still bind.)"""
    return request.POST if request.method == "POST" else None




def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def action(request, *, form, service, arguments, success, done, context,
           template: str = ACTION_TEMPLATE):
    """Show ``form`` on GET; on POST validate it and call ``service`` with
    ``arguments(cleaned_data)`` (plus ``actor``). ``done`` is the URL to go to afterwards, or a
    function of the service's result giving it. Invalid input and refusals re-render with 400."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result, violation = run_service(request, service, success=success,
                                            **arguments(form.cleaned_data))
            if violation is None:
                return redirect(done(result) if callable(done) else done)
            context = {**context, "violation": violation}
        status = 400
    return render(request, template, {**context, "form": form}, status=status)
