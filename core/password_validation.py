"""Password rules with their messages in the active language.

Django 5.2 changed the message of ``MinimumLengthValidator`` to a ``%d`` msgid that its own
Dutch catalogue does not translate yet, so a Dutch user read "This password is too short".
This validator words the same rule in our catalogue (msgid in Dutch, like every other text)."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length (8 by default), with a message that is translated."""

    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d teken bevatten.",
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d tekens bevatten.",
            self.min_length) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Uw wachtwoord moet minstens %(min_length)d teken bevatten.",
            "Uw wachtwoord moet minstens %(min_length)d tekens bevatten.",
            self.min_length) % {"min_length": self.min_length}
