"""django-allauth's adapter and forms for Keurmerk (issue #8): nobody signs up (people are
invited, :mod:`core.accounts`), and a completed password reset ends the account's login
cool-off (:func:`core.login_throttle.login_throttle_clear`)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm

from .login_throttle import login_throttle_clear


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """Every account starts with an invitation by the bureau or a member's main contact
        (issue #8); there is no public sign-up."""
        return False


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    """The form behind the e-mailed reset link: the new password also ends the account's
    cool-off of failed logins (issue #17), so a person locked out by an attacker gets in."""

    def save(self):
        super().save()
        login_throttle_clear(email=self.user.email)
