"""The demo can never reach production (issue #17).

* :func:`require_demo_allowed`: ``seed_demo`` (and the builder itself) refuses to run unless the
  settings say ``DEMO_DATA_ALLOWED = True``, which only ``config.settings.local`` and
  ``config.settings.test`` do;
* :func:`check_no_demo_accounts`: a deploy check (``manage.py check --deploy``) that fails while
  the database holds a demo account: an address in the reserved ``.example`` domain that every
  demo login uses (RFC 2606: no real mailbox can have it), or a staff account whose password is
  the demo password;
* :class:`NotTheDemoPasswordValidator`: nobody can choose the published demo password.

This module is light on purpose (no domain imports): the deploy check runs on every
production start of ``check --deploy``, where the demo stories (``demo/``, the top app) are
installed but refuse to run, and their development dependency ``time_machine`` is absent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import DatabaseError
from django.db.models import Q
from django.utils.translation import gettext as _

DEMO_PASSWORD = "keurmerk-demo"
#: The authenticator-app secret (base32) of every demo login that needs a second factor
#: (issue #8): add it to an authenticator app, or ask ``manage.py demo_totp`` for the code.
DEMO_TOTP_SECRET = "KEURMERKDEMONVVKKEURMERKDEMONVVK"
#: Every demo login lives in this reserved top-level domain (RFC 2606).
DEMO_EMAIL_SUFFIX = ".example"


class DemoNotAllowed(ImproperlyConfigured):
    pass


def require_demo_allowed() -> None:
    """Refuse before anything is written unless these are local or test settings."""
    if not getattr(settings, "DEMO_DATA_ALLOWED", False):
        raise DemoNotAllowed(
            "De demo-gegevens (met bekende wachtwoorden) mogen alleen in een ontwikkel- of "
            "testomgeving worden geladen: DEMO_DATA_ALLOWED staat niet aan in "
            f"{settings.SETTINGS_MODULE or 'deze instellingen'}. Gebruik "
            "config.settings.local of config.settings.test.")


def demo_accounts() -> list[str]:
    """E-mail addresses of the active demo accounts in the database (see the module
    docstring); a deactivated account cannot log in and does not count."""
    from .models import Role, User

    active = User.objects.filter(is_active=True)
    found = set(active.filter(email__iendswith=DEMO_EMAIL_SUFFIX)
                .values_list("email", flat=True))
    staff_roles = [Role.BUREAU, Role.DIRECTOR, Role.BOARD, Role.QUALITY_TEAM]
    # Checking a password costs a full key derivation, so only the accounts that can see the
    # whole register are checked for the demo password; their number is small.
    privileged = (active.filter(Q(is_staff=True) | Q(is_superuser=True)
                                      | Q(roles__role__in=staff_roles))
                  .exclude(email__in=found).distinct())
    found.update(user.email for user in privileged
                 if user.has_usable_password() and user.check_password(DEMO_PASSWORD))
    return sorted(found)


@register("keurmerk", deploy=True)
def check_no_demo_accounts(app_configs=None, **kwargs):
    """``check --deploy`` fails while a demo account exists (issue #17)."""
    try:
        accounts = demo_accounts()
    except DatabaseError as error:
        if _tables_missing(error):
            return []  # a database without tables holds no demo account
        return [Error(f"Kan niet controleren of er demo-accounts bestaan: {error}",
                      hint="Controleer DATABASE_URL.", id="keurmerk.E002")]
    if not accounts:
        return []
    shown = ", ".join(accounts[:5]) + (" …" if len(accounts) > 5 else "")
    return [Error(
        f"De database bevat {len(accounts)} demo-account(s) met een openbaar bekend "
        f"wachtwoord of demo-adres: {shown}.",
        hint="Laad nooit seed_demo in productie. Verwijder of deactiveer deze accounts "
             "(of zet de database opnieuw op) voordat de site live gaat.",
        id="keurmerk.E001")]


def _tables_missing(error: DatabaseError) -> bool:
    from django.db import connection

    try:
        return "core_user" not in connection.introspection.table_names()
    except DatabaseError:
        return False


class NotTheDemoPasswordValidator:
    """Password validator: the demo password is published in the README."""

    def validate(self, password, user=None):
        if password and password.strip().lower() == DEMO_PASSWORD:
            raise ValidationError(
                _("Dit is het openbaar bekende demowachtwoord; kies een ander wachtwoord."),
                code="demo_password")

    def get_help_text(self):
        return _("Uw wachtwoord mag niet het demowachtwoord zijn.")
