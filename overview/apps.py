from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "overview"
    verbose_name = _("Overzicht")

    def ready(self):
        from core.sweep import register_sweep

        from . import digest

        register_sweep("overview", digest.inbox_digest_sweep)  # the inbox digest (issue #11)
