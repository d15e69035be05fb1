from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "overview"
    verbose_name = _("Overzicht")

    def ready(self):
        # Issue #18: a calendar event of the bureau opens the same page as its dashboard row.
        from core.calendar import register_event_url
        from core.deadlines import Audience
        from core.sweep import register_sweep

        from . import digest
        from .views.bureau import deadline_url

        register_event_url(Audience.BUREAU, deadline_url)
        register_sweep("overview", digest.inbox_digest_sweep)  # the inbox digest (issue #11)
