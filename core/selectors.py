"""Reads for core objects, filtered per user (R-A1)."""

from django.db.models import Exists, OuterRef, Q

from .models import Document, Role


def documents_for_user(*, user):
    """Documents ``user`` may open: the bureau, director and board all; a member contact those
    of its own organisation, except concept reports of an audit not yet presented to it
    (R-U2); an auditor those of members its body audits; the quality team the reports of the
    admission audits it advises on (R-M1) (R-A1, R-A2)."""
    from audits.models import AuditKind, AuditReport, AuditState, ReportVersion

    documents = Document.objects.all()
    if user.has_role(Role.BUREAU, Role.DIRECTOR, Role.BOARD):
        return documents
    allowed = Q(pk__in=[])
    if user.has_role(Role.MEMBER_CONTACT):
        unpresented_concept = AuditReport.objects.filter(
            document=OuterRef("pk"), version=ReportVersion.CONCEPT,
            audit__state__in=[AuditState.CONCEPT_REPORT, AuditState.REVIEWED])
        allowed |= Q(member__contacts__user=user) & ~Q(Exists(unpresented_concept))
    if user.has_role(Role.AUDITOR) and getattr(user, "auditor", None):
        allowed |= Q(member__audits__body_id=user.auditor.body_id)
    if user.has_role(Role.QUALITY_TEAM):
        allowed |= Q(Exists(AuditReport.objects.filter(
            document=OuterRef("pk"), version=ReportVersion.DEFINITIVE,
            audit__kind=AuditKind.ADMISSION)))
    return documents.filter(allowed).distinct()


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
