"""The auditor's list of plans of approach (issue #10, django-filter): by default the plans
awaiting assessment (R-F3), ``status=all`` for every plan, or one state."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import PlanState


class PlanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("Ter beoordeling"), method="by_state",
        choices=[("all", _("Alle")),
                 *[(value, label) for value, label in PlanState.choices
                   if value != PlanState.SUBMITTED]])

    def by_state(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(state=value)

    def filter_queryset(self, queryset):
        # No (valid) choice: the plans that wait for the body's assessment (R-F3).
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(state=PlanState.SUBMITTED)
        return super().filter_queryset(queryset)

