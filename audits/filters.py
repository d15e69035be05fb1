"""The list filters of audits (issue #10, django-filter): the bureau's auditors, audits and
norm-change proposals, and the auditor's audit list. Each keeps the GET parameters and Dutch
labels the pages had; a value that does not validate is shown as the field's error and ignored
(the other filters still apply), never a 500. The views pass the selector's queryset, so the
access filter stays in the selector."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditKind, AuditState, CertificationBody, NormProposalState


def _bodies(request=None):
    return CertificationBody.objects.order_by("name")


class AuditorFilter(django_filters.FilterSet):
    """R-C3: the bureau's auditor list (``auditors_for_bureau``)."""

    q = django_filters.CharFilter(label=_("Zoeken (naam of e-mail)"), method="search")
    instelling = django_filters.ModelChoiceFilter(
        label=_("Certificerende instelling"), field_name="body", queryset=_bodies,
        empty_label=_("Alle instellingen"))

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(email__icontains=value))


class BureauAuditFilter(django_filters.FilterSet):
    """The bureau's audit list (``audits_for_bureau``): member name, kind, step, body."""

    q = django_filters.CharFilter(label=_("Lid"), field_name="member__name",
                                  lookup_expr="icontains")
    soort = django_filters.ChoiceFilter(label=_("Soort"), field_name="kind",
                                        choices=AuditKind.choices, empty_label=_("Alle soorten"))
    stap = django_filters.ChoiceFilter(label=_("Stap"), field_name="state",
                                       choices=AuditState.choices, empty_label=_("Alle stappen"))
    instelling = django_filters.ModelChoiceFilter(
        label=_("Certificerende instelling"), field_name="body", queryset=_bodies,
        empty_label=_("Alle instellingen"))


class ProposalFilter(django_filters.FilterSet):
    """R-N4: the norm-change proposals (``norm_proposals``) by state."""

    status = django_filters.ChoiceFilter(label=_("Status"), field_name="state",
                                         choices=NormProposalState.choices, empty_label=_("Alle"))


class AuditorAuditFilter(django_filters.FilterSet):
    """R-A1: the audits of the auditor's own body (``audits_for_auditor``) by step and
    member."""

    state = django_filters.ChoiceFilter(label=_("Stap"), choices=AuditState.choices,
                                        empty_label=_("Alle stappen"))
    member = django_filters.CharFilter(label=_("Lid"), field_name="member__name",
                                       lookup_expr="icontains", max_length=100)
