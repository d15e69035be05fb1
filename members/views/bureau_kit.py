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
           template: str = ACTION_TEMPLATE, blockers=None):
    """Show ``form`` on GET; on POST validate it and call ``service`` with
    ``arguments(cleaned_data)`` (plus ``actor``). ``done`` is the URL to go to afterwards, or a
    function of the service's result giving it. Invalid input and refusals re-render with 400.

    ``blockers`` (R-0.5, "refused before the click"): a function giving what stands in the way
    of the step now, as ``(rule_id, text)`` pairs, read from the same check the service refuses
    with; the page shows them and disables the button. Read after a POST, so a refused or
    successful step shows the state it leaves."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result, violation = run_service(request, service, success=success,
                                            **arguments(form.cleaned_data))
            if violation is None:
                return redirect(done(result) if callable(done) else done)
            context = {**context, "violation": violation}
        status = 400
    if blockers is not None:
        context = {**context, "blockers": blockers()}
    return render(request, template, {**context, "form": form}, status=status)
