"""The outbox filter of the bureau (issue #11, R-Z6): status, and a search on recipient,
subject or member. An invalid value is shown as the field's error and ignored."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import NotificationStatus


class OutboxFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NotificationStatus.choices,
                                         empty_label=_("Alle statussen"))
    q = django_filters.CharFilter(label=_("Zoeken (ontvanger, onderwerp of lid)"),
                                  method="search", max_length=100)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(recipient_email__icontains=value)
                               | Q(subject__icontains=value)
                               | Q(member__name__icontains=value))
