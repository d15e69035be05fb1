"""``manage.py demo_totp``: the code an authenticator app with the demo's TOTP secret shows now
(issue #8), for logging in to a demo account that needs a second factor."""

from django.core.management.base import BaseCommand, CommandError

from core.demo_guard import DEMO_TOTP_SECRET, DemoNotAllowed, require_demo_allowed
from core.mfa import totp_code


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo accounts' authenticator app."

    def handle(self, *args, **options):
        try:
            require_demo_allowed()
        except DemoNotAllowed as error:
            raise CommandError(str(error)) from error
        self.stdout.write(totp_code(DEMO_TOTP_SECRET))
