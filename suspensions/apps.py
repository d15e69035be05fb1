from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuspensionsConfig(AppConfig):
    name = "suspensions"
    verbose_name = _("Schorsingen")

    def ready(self):
        from core.sweep import register_sweep
        from core.timeline import register_timeline

        from . import (
            clocks,  # noqa: F401 - registers this app's deadlines (core.deadlines)
            document_rules,  # noqa: F401 - who may open its documents (core.documents)
            reminders,  # noqa: F401 - registers its daily reminders (notifications)
            selectors,
            services,
        )

        register_sweep("suspensions", services.suspensions_sweep)  # the daily pass (core.sweep)
        register_timeline("suspensions", selectors.timeline_events)  # the member timeline
