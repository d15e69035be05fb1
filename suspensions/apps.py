from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuspensionsConfig(AppConfig):
    name = "suspensions"
    verbose_name = _("Schorsingen")
