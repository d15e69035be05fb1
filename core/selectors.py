"""Reads for core objects, filtered per user (R-A1). Which documents a user may open is the
document policy, :func:`core.documents.documents_for` (issue #8)."""



def flags_open_for(*, audience):
    """Open flags for ``audience`` (bureau, directeur, Bestuur), most urgent first."""
    from .models import Flag

    return (Flag.objects.open().filter(audience=audience)
            .select_related("member", "subject_type").order_by("due_on", "raised_on", "pk"))


def decision_records():
    """The decision records (R-0.3), newest first, with who decided, the member and the
    documents each decision rests on (a constant number of queries per page); the director's
    filters are ``overview.filters.DecisionFilter``."""
    from .models import Decision

    return (Decision.objects.select_related("decided_by", "member")
            .prefetch_related("documents").order_by("-decided_at", "-id"))
