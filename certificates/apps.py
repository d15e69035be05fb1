from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificaten")

    def ready(self):
        from core.sweep import register_sweep
        from core.timeline import register_timeline
        from members import hooks

        from . import (
            clocks,  # noqa: F401 - registers this app's deadlines (core.deadlines)
            document_rules,  # noqa: F401 - who may open its documents (core.documents)
            reminders,  # noqa: F401 - registers its daily reminders (notifications)
            selectors,
            services,
        )

        register_sweep("certificates", services.certificates_sweep)  # the daily pass (core.sweep)
        register_timeline("certificates", selectors.timeline_events)  # the member timeline
        # R-M3/R-M4: members asks whether a member holds a valid certificate (members.hooks).
        hooks.provide("has_valid_certificate", lambda member, today: selectors.valid_certificate(
            member=member, today=today) is not None)
