"""The bureau's complaint list filter (issue #10, django-filter): reference, state (or every
open state), subject and body; an invalid value is shown as an error and ignored."""

import django_filters
from django.utils.translation import gettext_lazy as _

from audits.models import CertificationBody

from .models import OPEN_COMPLAINT_STATES, ComplaintState, ComplaintSubject


class ComplaintFilter(django_filters.FilterSet):
    """R-K1/R-K2: the complaints of ``complaints_for_bureau``."""

    q = django_filters.CharFilter(label=_("Kenmerk"), field_name="reference",
                                  lookup_expr="icontains")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[("open", _("Open")), *ComplaintState.choices],
        empty_label=_("Alle"), method="by_state")
    over = django_filters.ChoiceFilter(label=_("Klacht over"), field_name="subject_kind",
                                       choices=ComplaintSubject.choices, empty_label=_("Alles"))
    instelling = django_filters.ModelChoiceFilter(
        label=_("Certificerende instelling"), field_name="body",
        queryset=lambda request=None: CertificationBody.objects.order_by("name"),
        empty_label=_("Alle instellingen"))

    def by_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(state__in=OPEN_COMPLAINT_STATES)
        return queryset.filter(state=value)
