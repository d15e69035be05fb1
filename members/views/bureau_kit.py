"""The one shape of a state change in the bureau portal's views (``/bureau/``), shared by the
``views/bureau.py`` modules of members, audits, certificates, complaints and suspensions; the
forms themselves live in each app's ``forms.py`` and the kit in ``core.forms`` (issue #10).

:func:`action` is the one shape of every state change in the portal: a GET shows the form (or a
confirmation), a POST validates it server-side, calls the service through
:func:`core.portal.run_service` and redirects; invalid input or a refused service re-renders the
form with status 400 and the rule id (R-0.5) — nothing is stored (services are atomic).
"""

from __future__ import annotations

from django.shortcuts import redirect, render

from core.portal import run_service

ACTION_TEMPLATE = "members/bureau/action.html"


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
