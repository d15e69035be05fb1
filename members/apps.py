from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Leden")

    def ready(self):
        from core.sweep import register_sweep
        from core.timeline import register_timeline

        from . import (
            document_rules,  # noqa: F401 - who may open its documents (core.documents)
            selectors,
            services,
        )

        register_sweep("members", services.members_sweep)  # the daily pass (core.sweep)
        register_timeline("members", selectors.timeline_events)  # the member timeline
