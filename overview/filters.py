"""The list filters of the bureau's and the director's pages (issue #10, django-filter): the
bureau's and the director's member lists and the director's decision records. Same GET
parameters and Dutch labels as before; an invalid value is shown as the field's error and
ignored (the other filters still apply), never a 500."""

import datetime as dt

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.models import Audit, CertificationBody
from certificates.models import Certificate
from certificates.selectors import certificates_valid_on
from core.dates import AMSTERDAM
from core.forms import DateInput
from core.models import DecisionKind, Role
from members.models import MemberState, ScopeItem
from overview.forms import RegisterSearchForm
from overview.selectors import register_members


class BureauMemberFilter(django_filters.FilterSet):
    """The bureau's member list (``members_for_bureau``): search by name, place or member
    number; state, scope item (R-M5), certification body (audits or certificates with it) and
    a valid certificate on ``today`` (R-M3)."""

    q = django_filters.CharFilter(label=_("Zoeken (naam, plaats of lidnummer)"),
                                  method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), field_name="state",
                                         choices=MemberState.choices,
                                         empty_label=_("Alle statussen"))
    scope = django_filters.ModelChoiceFilter(
        label=_("Scope-onderdeel"), field_name="scope", empty_label=_("Alle onderdelen"),
        queryset=lambda request=None: ScopeItem.objects.order_by("number"))
    instelling = django_filters.ModelChoiceFilter(
        label=_("Certificerende instelling"), method="by_body",
        empty_label=_("Alle instellingen"),
        queryset=lambda request=None: CertificationBody.objects.order_by("name"))
    certificaat = django_filters.ChoiceFilter(
        label=_("Certificaat"), method="by_certificate", empty_label=_("Alle"),
        choices=[("valid", _("Geldig certificaat")), ("none", _("Geen geldig certificaat"))])

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(city__icontains=value)
                               | Q(member_number__icontains=value))

    def by_body(self, queryset, name, value):
        return queryset.filter(
            Q(pk__in=Audit.objects.filter(body=value).values("member_id"))
            | Q(pk__in=Certificate.objects.filter(body=value).values("member_id")))

    def by_certificate(self, queryset, name, value):
        holding = certificates_valid_on(today=self.today).values("member_id")
        if value == "valid":
            return queryset.filter(pk__in=holding)
        return queryset.exclude(pk__in=holding)


class DirectorMemberFilter(django_filters.FilterSet):
    """The director's member list: name, place or member number, and state."""

    q = django_filters.CharFilter(label=_("Naam, plaats of lidnummer"), method="search",
                                  max_length=100)
    state = django_filters.ChoiceFilter(label=_("Status"), choices=MemberState.choices,
                                        empty_label=_("Alle"))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(city__icontains=value)
                               | Q(member_number__iexact=value))


def _day_start(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), AMSTERDAM)


class DecisionFilter(django_filters.FilterSet):
    """R-0.3: the decision records (``core.selectors.decision_records``) by kind, rule, role, member or
    subject, and a period of Amsterdam calendar days (R-0.1)."""

    kind = django_filters.ChoiceFilter(label=_("Soort besluit"), choices=DecisionKind.choices,
                                       empty_label=_("Alle"))
    rule_id = django_filters.CharFilter(label=_("Regel"), max_length=12, method="by_rule",
                                        help_text=_("Bijvoorbeeld R-Z1"))
    role = django_filters.ChoiceFilter(label=_("Rol"), choices=Role.choices,
                                       empty_label=_("Alle"))
    q = django_filters.CharFilter(label=_("Lid of onderwerp"), max_length=100,
                                  method="search")
    since = django_filters.DateFilter(label=_("Vanaf"), method="by_since", widget=DateInput(),
                                      error_messages={"invalid": _("Vul een geldige datum in.")})
    until = django_filters.DateFilter(label=_("Tot en met"), method="by_until",
                                      widget=DateInput(),
                                      error_messages={"invalid": _("Vul een geldige datum in.")})

    def by_rule(self, queryset, name, value):
        return queryset.filter(rule_id__iexact=value.strip())

    def search(self, queryset, name, value):
        return queryset.filter(Q(member__name__icontains=value)
                               | Q(subject_label__icontains=value))

    def by_since(self, queryset, name, value):
        return queryset.filter(decided_at__gte=_day_start(value))

    def by_until(self, queryset, name, value):
        return queryset.filter(decided_at__lt=_day_start(value + dt.timedelta(days=1)))


def register_search(data, *, today: dt.date):
    """R-N2: the public register's search (``q``, ``scope`` by number, ``ci``, ``sort``) over
    :func:`overview.selectors.register_members` — one reading of the GET parameters for the
    register page, its open-data files and the public API (issue #12), so that all three give
    the same members. Returns the bound form (its errors name the invalid values, which are
    ignored) and the members."""
    form = RegisterSearchForm(data)
    form.is_valid()
    filters = form.cleaned_data  # the valid fields only: a bad value is reported and ignored
    scope = filters.get("scope")
    body = filters.get("ci")
    members = register_members(today=today, query=filters.get("q") or "",
                               scope_number=scope.number if scope else None,
                               body_id=body.pk if body else None,
                               sort=filters.get("sort") or "name")
    return form, members


class ActivityFilter(django_filters.FilterSet):
    """The bureau's activity log (issue #11, R-0.4): who changed something, what kind of
    object, in which period. Applied to the history rows of each model in turn; the object
    kind chooses the models (``overview.views.history.activity``)."""

    persoon = django_filters.ModelChoiceFilter(
        label=_("Persoon"), field_name="history_user", empty_label=_("Iedereen"),
        queryset=lambda request: _people_with_history())
    soort = django_filters.ChoiceFilter(label=_("Soort object"), method="by_kind",
                                        empty_label=_("Alle soorten"),
                                        choices=lambda: _history_kinds())
    van = django_filters.DateFilter(label=_("Vanaf"), field_name="history_date",
                                    lookup_expr="date__gte", widget=DateInput)
    tot = django_filters.DateFilter(label=_("Tot en met"), field_name="history_date",
                                    lookup_expr="date__lte", widget=DateInput)

    def by_kind(self, queryset, name, value):
        """The models are chosen by the view; each model's rows pass as they are."""
        return queryset


def _people_with_history():
    from core.models import User

    return User.objects.order_by("full_name", "email")


def _history_kinds():
    from core.history_view import history_models

    return sorted(((model._meta.label_lower, str(model._meta.verbose_name).capitalize())
                   for model in history_models()), key=lambda choice: choice[1])
