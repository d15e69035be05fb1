"""``manage.py seed_demo``: build the demo association through the domain services (once) and
print one login per role. The building code lives in the :mod:`demo` app."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo_guard import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DemoNotAllowed,
    require_demo_allowed,
)
from core.mfa import totp_code
from demo.build import build_demo, other_logins
from demo.specs import LOGINS
from demo.timeline import DemoError


class Command(BaseCommand):
    help = ("Build the demo NVVK association (about 40 members, 3 certification bodies) through "
            "the domain services; idempotent. Prints the demo logins.")

    def handle(self, *args, **options):
        try:
            require_demo_allowed()  # issue #17: before anything touches the database
        except DemoNotAllowed as error:
            raise CommandError(str(error)) from error
        started = time.monotonic()
        try:
            report = build_demo()
        except DemoError as error:
            raise CommandError(f"Demo niet opgebouwd: {error}") from error
        elapsed = time.monotonic() - started
        if report.built:
            states = ", ".join(f"{state} {count}" for state, count in
                               report.members_by_state.items())
            total = sum(report.members_by_state.values())
            self.stdout.write(f"Demo opgebouwd in {elapsed:.1f} s ({report.steps} stappen): "
                              f"{total} organisaties ({states}).")
        else:
            self.stdout.write("Demo was al opgebouwd; alleen de dagelijkse sweep is gedraaid.")
        self.stdout.write("")
        self.stdout.write(f"Demo-inloggegevens (wachtwoord voor allemaal: {DEMO_PASSWORD})")
        self._table(LOGINS, with_password=True)
        self.stdout.write("")
        self.stdout.write("Verder:")
        self._table(other_logins(), with_password=False)
        self.stdout.write("")
        self.stdout.write(
            "Tweede factor (bureau, directeur, bestuur, kernteam, auditors): voeg dit "
            f"TOTP-geheim toe aan een authenticator-app: {DEMO_TOTP_SECRET}")
        self.stdout.write(f"  of vraag de code van nu op met: python manage.py demo_totp "
                          f"(nu: {totp_code(DEMO_TOTP_SECRET)})")
        self.stdout.write(f"Inloggen op {settings.SITE_URL}/")

    def _table(self, logins, *, with_password):
        width = max(len(login.role) for login in logins)
        email_width = max(len(login.email) for login in logins)
        if with_password:
            self.stdout.write(f"  {'rol':<{width}}  {'e-mail':<{email_width}}  wachtwoord")
        for login in logins:
            line = f"  {login.role:<{width}}  {login.email:<{email_width}}"
            self.stdout.write(f"{line}  {DEMO_PASSWORD}" if with_password else line.rstrip())
