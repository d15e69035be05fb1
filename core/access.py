"""Per-portal and per-object access (SPEC §1, R-A1).

Each portal has one URL prefix and one role check (:func:`portal_view`). Inside, every object
is fetched through a selector that filters by the user (an auditor sees only audits of its own
body, a member contact only its own organisation); an object outside that set is a 404 — never
a 403 that would leak its existence — and the attempt is logged (:func:`get_for_user_or_404`).
"""

import functools
import logging

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .mfa import second_factor_gate
from .models import Role

logger = logging.getLogger("keurmerk.access")

#: The roles each portal serves; the director and bureau see everything (SPEC §1).
PORTAL_ROLES = {
    "bureau": (Role.BUREAU, Role.DIRECTOR),
    "director": (Role.DIRECTOR,),
    "board": (Role.BOARD, Role.DIRECTOR),
    "quality_team": (Role.QUALITY_TEAM, Role.DIRECTOR),
    "auditor": (Role.AUDITOR,),
    "member": (Role.MEMBER_CONTACT,),
}


def portal_view(portal: str):
    """Decorate a view of ``portal``: anonymous users go to the login page, users without one
    of the portal's roles get 403 (they may know the portal exists; objects they may not), and
    a role that needs a second factor is sent to enrol or confirm it first (core.mfa)."""
    roles = PORTAL_ROLES[portal]

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.has_role(*roles):
                raise PermissionDenied
            # Issue #8: staff and auditors reach their portal only with a second factor.
            gate = second_factor_gate(request)
            if gate is not None:
                return gate
            return view(request, *args, **kwargs)

        wrapper.portal = portal
        return wrapper

    return decorator


def get_for_user_or_404(queryset, request, **lookup):
    """Fetch one object from ``queryset`` (already filtered for the user by a selector);
    anything else is a 404 and the attempt is logged (R-A1)."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        logger.warning("R-A1: %s asked for %s %s outside their reach (%s)",
                       getattr(request.user, "email", "anonymous"),
                       queryset.model._meta.label, lookup, request.path)
        raise Http404 from None
