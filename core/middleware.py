"""Response headers and the idle timeout of a logged-in session (issue #8).

* :class:`SecurityHeadersMiddleware` sends ``Permissions-Policy`` on every response (no page of
  Keurmerk needs a camera, a microphone or a location) and ``Cache-Control: private, no-store``
  on every response to a logged-in user, so that no shared proxy and no browser history keeps a
  member's file or a decision once the user has gone. A response that already says
  ``no-store`` keeps its own (stricter or equal) header.
* :class:`SessionIdleTimeoutMiddleware` logs a user out after a period without requests: the
  staff roles (bureau, director, board, quality team, auditor) after
  ``SESSION_IDLE_TIMEOUT_STAFF`` seconds, a member contact after
  ``SESSION_IDLE_TIMEOUT_MEMBER``. It knows nothing of the login view: it sends the user to
  ``settings.LOGIN_URL`` with a message.

The content security policy itself comes from django-csp (``CONTENT_SECURITY_POLICY`` in the
settings).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .models import Role

#: Browser features no page uses, switched off for the page and every frame in it. WebAuthn
#: (``publickey-credentials-*``) stays allowed: security keys are a login method.
DISABLED_FEATURES = (
    "accelerometer", "ambient-light-sensor", "autoplay", "battery", "bluetooth", "camera",
    "display-capture", "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi",
    "payment", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DISABLED_FEATURES)

#: The session key holding the time (seconds since the epoch) of the user's last request.
LAST_ACTIVITY_KEY = "_last_activity"
#: The last activity is written at most this often (seconds), so that a page with many
#: requests does not save the session each time; the timeout is at most this much early.
ACTIVITY_RESOLUTION = 60

STAFF_ROLES = frozenset({Role.BUREAU, Role.DIRECTOR, Role.BOARD, Role.QUALITY_TEAM,
                         Role.AUDITOR})


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` on every response; ``Cache-Control: private, no-store`` on every
    response to a logged-in user (also the response that logs them out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        logged_in = bool(user and user.is_authenticated)
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if logged_in or (user and user.is_authenticated):
            _no_store(response)
        return response


def _no_store(response):
    cache_control = response.get("Cache-Control", "")
    if "no-store" in cache_control.lower():
        return  # already as strict (Django's never_cache adds no-store too)
    patch_cache_control(response, private=True, no_store=True)  # drops "public" as well


def idle_timeout(user) -> int:
    """Seconds of inactivity after which ``user``'s session ends: the staff timeout for every
    role but member contact (and for an account without a role, e.g. the superuser); a user
    who holds a staff role and a member role gets the shorter staff one."""
    roles = user.role_set
    if roles and not roles & STAFF_ROLES:
        return settings.SESSION_IDLE_TIMEOUT_MEMBER
    return settings.SESSION_IDLE_TIMEOUT_STAFF


class SessionIdleTimeoutMiddleware:
    """Log a user out after :func:`idle_timeout` seconds without a request. The time of the
    last request is kept in the session; the next request after the timeout logs out and
    redirects to ``settings.LOGIN_URL`` (with ``next``) and a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            if not isinstance(last, int):
                last = None
            if last is not None and now - last > idle_timeout(user):
                logout(request)
                messages.warning(request, _(
                    "Uw sessie is verlopen omdat u enige tijd niet actief was. Log opnieuw "
                    "in om verder te gaan."))
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if last is None or now - last >= ACTIVITY_RESOLUTION:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


def login_is_activity(sender, request, user, **kwargs):
    """A login is activity (connected to ``user_logged_in`` in ``CoreConfig.ready``): logging in
    again in a browser that still holds the session starts a new idle period. (Django keeps the
    session key when the same user logs in again, so the middleware alone cannot tell.)"""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = int(time.time())
