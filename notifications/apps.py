from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Berichten")

    def ready(self):
        from core.timeline import register_timeline

        from . import events, selectors

        events.connect()  # e-mail for the domain's events, after each commit (issue #5)
        register_timeline("notifications", selectors.timeline_events)  # messages sent
