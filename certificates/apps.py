from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificaten")

    def ready(self):
        from . import (
            clocks,  # noqa: F401 - registers this app's deadlines (core.deadlines)
            reminders,  # noqa: F401 - registers its daily reminders (notifications)
        )
