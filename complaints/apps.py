from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Klachten")

    def ready(self):
        from core.sweep import register_sweep
        from core.timeline import register_timeline

        from . import (
            clocks,  # noqa: F401 - registers this app's deadlines (core.deadlines)
            reminders,  # noqa: F401 - registers its daily reminders (notifications)
            selectors,
            services,
        )

        register_sweep("complaints", services.complaints_sweep)  # the daily pass (core.sweep)
        register_timeline("complaints", selectors.timeline_events)  # the member timeline
