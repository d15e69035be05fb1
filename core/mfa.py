"""The second factor (issue #8), on django-allauth's ``mfa`` app.

Bureau staff, the director, board, quality team and auditors (:data:`MFA_REQUIRED_ROLES`) reach
their portal only in a session that was confirmed with a second factor: a TOTP code from an
authenticator app, a recovery code or a passkey. :func:`second_factor_gate` is asked by
``core.access.portal_view``: without an authenticator the person is walked through enrolment
first (a first login); with one but an unconfirmed session (e.g. the second factor was just
reset) the person confirms it. Member contacts may enrol too; they are never forced.

"This session used a second factor" is allauth's record of the session's authentication steps
(``method == "mfa"``), written by its login stage and re-authentication. Enrolling writes it
too (:func:`record_second_factor`, called by ``core.account_views.totp_activate``): whoever just
typed a valid code from the new app has shown the second factor.

Tests: ``tests/conftest.py`` makes ``Client.force_login`` record the second factor (a test that
logs somebody in is about its portal, not the login); ``tests.conftest.force_login_password_only``
logs in without it, for the tests of this rule.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .models import Role

#: The roles that need a second factor before they reach their portal.
MFA_REQUIRED_ROLES = (Role.BUREAU, Role.DIRECTOR, Role.BOARD, Role.QUALITY_TEAM, Role.AUDITOR)

#: Where a person who must enrol goes; the page explains, then shows the QR code.
ENROL_URL_NAME = "mfa_activate_totp"


def second_factor_required(user) -> bool:
    return user.has_role(*MFA_REQUIRED_ROLES)


def session_has_second_factor(request) -> bool:
    return any(record.get("method") == "mfa"
               for record in get_authentication_records(request, request.user))


def record_second_factor(request, authenticator: Authenticator | None = None) -> None:
    """Note in the session that ``request.user`` showed a second factor just now (which also
    counts as allauth's recent re-authentication, so the recovery codes show at once)."""
    record_authentication(request, request.user, method="mfa", reauthenticated=True,
                          id=getattr(authenticator, "pk", None),
                          type=getattr(authenticator, "type", None))


def has_second_factor(user) -> bool:
    return is_mfa_enabled(user)


def second_factor_gate(request, *, required: bool | None = None):
    """``None`` when the request may go on; else the redirect to enrolment or to the
    confirmation of the second factor, coming back to this page afterwards."""
    user = request.user
    if required is None:
        required = second_factor_required(user)
    if not required or session_has_second_factor(request):
        return None
    next_url = request.get_full_path()
    if not has_second_factor(user):
        request.session["core_mfa_next"] = next_url
        return redirect(reverse(ENROL_URL_NAME))
    return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")


def totp_enrol(user, *, secret: str) -> Authenticator:
    """Give ``user`` an authenticator app with a known ``secret`` (base32), as enrolment does.
    For the demo (``manage.py seed_demo`` prints the secret beside the login) and the tests;
    people enrol through the page (``mfa_activate_totp``)."""
    from allauth.mfa.totp.internal.auth import TOTP

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return existing
    return TOTP.activate(user, secret).instance


def totp_code(secret: str, *, offset: int = 0, at: float | None = None) -> str:
    """The code an authenticator app shows now for ``secret`` (RFC 6238); ``offset`` steps of
    30 seconds later or earlier (``MFA_TOTP_TOLERANCE`` accepts one either side)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(at if at is not None else time.time()) // app_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def secure_admin_site(site) -> None:
    """``/admin/`` behind the same door as the portals: its login is allauth's (``/inloggen/``,
    with the second-factor stage), and staff reach it only in a session confirmed with a second
    factor (enrolling first if they have none)."""
    from allauth.account.decorators import secure_admin_login

    original_login = secure_admin_login(site.login)

    def has_permission(request):
        # is_staff, or the bureau's or directeur's role (User.may_enter_admin)
        user = request.user
        return (user.is_authenticated and user.may_enter_admin
                and session_has_second_factor(request))

    def login(request, extra_context=None):
        user = request.user
        if user.is_authenticated and user.may_enter_admin:
            gate = second_factor_gate(request, required=True)
            if gate is not None:
                return gate
        return original_login(request, extra_context)

    site.has_permission = has_permission
    site.login = login
