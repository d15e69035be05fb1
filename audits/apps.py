from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audits")

    def ready(self):
        from core.sweep import register_sweep
        from core.timeline import register_timeline
        from members import hooks

        from . import (
            clocks,  # noqa: F401 - registers this app's deadlines (core.deadlines)
            document_rules,  # noqa: F401 - who may open its documents (core.documents)
            selectors,
            services,
        )

        register_sweep("audits", services.audits_sweep)  # the daily pass (core.sweep)
        register_timeline("audits", selectors.timeline_events)  # the member timeline
        # What members asks of the audits (R-M1, R-M2), answered from here (members.hooks).
        hooks.provide("admission_audit_reported", selectors.admission_audit_reported)
        hooks.provide("admission_audit_with_positive",
                      selectors.admission_audit_with_positive_advice)
        hooks.provide("cancel_open_audits", services.audits_cancel_open_for_member)
