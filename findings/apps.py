from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = _("Bevindingen")

    def ready(self):
        from . import (
            clocks,  # noqa: F401 - registers this app's deadlines (core.deadlines)
            reminders,  # noqa: F401 - registers its daily reminders (notifications)
        )
