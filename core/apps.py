from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Kern")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import (
            clocks,  # noqa: F401 - registers the sweep's flags with the deadline registry
            decisions,  # noqa: F401 - connects the R-0.3 documents guard
            demo_guard,  # noqa: F401 - registers the no-demo-accounts deploy check
        )
        from .decision_chain import decision_chain_sweep
        from .middleware import login_is_activity
        from .sweep import register_sweep

        register_sweep("core", decision_chain_sweep)  # issue #13: verify the decision chain

        # Session bookkeeping, not a domain side effect: a login restarts the idle clock.
        user_logged_in.connect(login_is_activity, dispatch_uid="keurmerk.login_is_activity")
