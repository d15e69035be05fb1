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
        messages.error(request, rule_message(violation, request=request))
        return None, violation
    if success:
        messages.success(request, success)
    return result, None


#: Namespaces whose readers are members or the public: they read what is refused and why, in
#: words; the rule id is for staff and auditors (SPEC §1).
PLAIN_NAMESPACES = frozenset({"member", "public"})


def shows_rule_ids(request) -> bool:
    """Rule-id chips are for staff and auditors, not on member or public pages."""
    match = getattr(request, "resolver_match", None) if request is not None else None
    return not (match and PLAIN_NAMESPACES.intersection(match.namespaces))


def rule_message(violation: RuleViolation, *, request=None):
    if not shows_rule_ids(request):
        return format_html("{} {}", _("Niet toegestaan:"), violation.message)
    return format_html('<span class="rule">{}</span> {} {}', violation.rule_id,
                       _("Niet toegestaan:"), violation.message)
