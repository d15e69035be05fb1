"""Reads for core objects, filtered per user (R-A1). Which documents a user may open is the
document policy, :func:`core.documents.documents_for` (issue #8)."""

from django.db.models import Q


def flags_open_for(*, audience):
    """Open flags for ``audience`` (bureau, directeur, Bestuur), most urgent first."""
    from .models import Flag

    return (Flag.objects.open().filter(audience=audience)
            .select_related("member", "subject_type").order_by("due_on", "raised_on", "pk"))


def decisions_filtered(*, kind="", rule_id="", role="", member_query="", since=None,
                       until=None):
    """The decision records (R-0.3), newest first, filtered; with who decided, the member and
    the documents each decision rests on (a constant number of queries per page)."""
    import datetime as dt

    from django.utils import timezone

    from .dates import AMSTERDAM
    from .models import Decision

    decisions = (Decision.objects.select_related("decided_by", "member")
                 .prefetch_related("documents").order_by("-decided_at", "-id"))
    if kind:
        decisions = decisions.filter(kind=kind)
    if rule_id:
        decisions = decisions.filter(rule_id__iexact=rule_id.strip())
    if role:
        decisions = decisions.filter(role=role)
    if member_query:
        decisions = decisions.filter(Q(member__name__icontains=member_query)
                                     | Q(subject_label__icontains=member_query))
    if since:
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min), AMSTERDAM)
        decisions = decisions.filter(decided_at__gte=start)
    if until:
        end = timezone.make_aware(dt.datetime.combine(until + dt.timedelta(days=1),
                                                      dt.time.min), AMSTERDAM)
        decisions = decisions.filter(decided_at__lt=end)
    return decisions
