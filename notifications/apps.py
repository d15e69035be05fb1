from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The outbox (issue #5): messages, their sending and retries. It knows no domain app
    (issue #10): each app's services queue their own e-mail (``<app>/emails.py``) after their
    commit, and each app registers its daily reminders (``<app>/reminders.py``)."""

    name = "notifications"
    verbose_name = _("Berichten")

    def ready(self):
        from core.sweep import register_sweep
        from core.timeline import register_timeline

        from . import selectors
        from .decision_digest import decision_digest_sweep

        # issue #13: the signed daily digest of the decision chain
        register_sweep("notifications", decision_digest_sweep)

        register_timeline("notifications", selectors.timeline_events)  # messages sent
