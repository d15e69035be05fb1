"""Helpers for thin portal views: run a service and show a refusal with its rule (R-0.5)."""

from django.contrib import messages
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .exceptions import RuleViolation


def run_service(request, service, *, success: str = "", **kwargs):
    """Call ``service(**kwargs, actor=request.user)``. On success add ``success`` as a message
    and return ``(result, None)``; on a :class:`RuleViolation` show the rule id and what is
    missing and return ``(None, violation)``. Nothing is stored on refusal: services are
    atomic."""
    try:
        result = service(actor=request.user, **kwargs)
    except RuleViolation as violation:
        messages.error(request, rule_message(violation))
        return None, violation
    if success:
        messages.success(request, success)
    return result, None


def rule_message(violation: RuleViolation):
    return format_html('<span class="rule">{}</span> {} {}', violation.rule_id,
                       _("Niet toegestaan:"), violation.message)
