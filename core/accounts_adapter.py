"""django-allauth's adapter and forms for Keurmerk (issue #8): nobody signs up (people are
invited, :mod:`core.accounts`), and a completed password reset ends the account's login
cool-off (:func:`core.login_throttle.login_throttle_clear`)."""

import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm

from .login_throttle import login_throttle_clear

#: A first enrolment of the second factor within this many seconds of typing the password
#: (the login or the invitation) does not ask for the password again.
ENROLMENT_AFTER_LOGIN_SECONDS = 10 * 60


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """Every account starts with an invitation by the bureau or a member's main contact
        (issue #8); there is no public sign-up."""
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before any change of the second factor. A
        person enrolling for the first time, minutes after typing the password (the walk
        through a first login, core.mfa), is not asked again; removing or changing a second
        factor still is."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = self.request
        if not (required and app == "allauth.mfa" and request is not None
                and request.user.is_authenticated):
            return required
        from allauth.account.authentication import get_authentication_records
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(user=request.user).exists():
            return True
        passwords = [record["at"] for record in get_authentication_records(request, request.user)
                     if record.get("method") == "password"]
        return not (passwords and time.time() - passwords[-1] < ENROLMENT_AFTER_LOGIN_SECONDS)


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    """The form behind the e-mailed reset link: the new password also ends the account's
    cool-off of failed logins (issue #17), so a person locked out by an attacker gets in."""

    def save(self):
        super().save()
        login_throttle_clear(email=self.user.email)
