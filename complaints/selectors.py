"""Reads of complaints: open complaints by urgency (R-K2, R-N1), the periodic analysis
(R-K4) and the member timeline part (without the complainant's personal data, R-A2)."""

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from audits.models import CertificationBody
from core import dates
from core.timeline import TimelineEvent

from . import deadlines
from .models import (
    OPEN_COMPLAINT_STATES,
    UNRESOLVED_STATES,
    WRITTEN_CHANNELS,
    Complaint,
    ComplaintState,
)


def complaints_open():
    """Open complaints, the most urgent response first (R-K2, R-N1). Bureau only."""
    return (Complaint.objects.filter(state__in=OPEN_COMPLAINT_STATES)
            .select_related("body", "member").order_by("respond_by", "received_at"))


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dates.AMSTERDAM)


@dataclass(frozen=True)
class ComplaintAnalysis:
    """R-K4: complaints received from ``start`` to ``end`` inclusive. Lead times are in
    working days (R-0.2) from the day of receipt; "past deadline" counts a complaint once per
    missed R-K2 deadline, judged on ``as_of`` for complaints still waiting."""

    start: dt.date
    end: dt.date
    total: int = 0
    by_subject_kind: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_body: list[tuple] = field(default_factory=list)      # [(CertificationBody, n)]
    by_member: list[tuple] = field(default_factory=list)    # [(Member, n)]
    response_median: float | None = None
    response_mean: float | None = None
    resolution_median: float | None = None
    resolution_mean: float | None = None
    past_deadline: dict[str, int] = field(default_factory=dict)
    past_any_deadline: int = 0
    objections: int = 0
    serious_and_public: int = 0
    interim_audits: int = 0


def _mean(values):
    return round(statistics.fmean(values), 1) if values else None


def _median(values):
    return statistics.median(values) if values else None


def complaint_analysis(*, start: dt.date, end: dt.date, body=None,
                       as_of: dt.date | None = None) -> ComplaintAnalysis:
    """R-K4: the periodic analysis — counts by subject, by CI (for the yearly evaluation with
    each CI, R-C1) and by member (interim-audit triggers, R-T2), lead times and deadlines
    missed. ``body`` limits it to complaints about one CI."""
    as_of = as_of or dates.today()
    complaints = (Complaint.objects
                  .filter(received_at__gte=_start_of(start),
                          received_at__lt=_start_of(end + dt.timedelta(days=1)))
                  .select_related("body", "member")
                  .prefetch_related("objections", "interim_audits"))
    if body is not None:
        complaints = complaints.filter(body=body)
    rows = list(complaints)

    by_body, by_member = Counter(), Counter()
    responses, resolutions = [], []
    missed = Counter()
    any_missed = 0
    for c in rows:
        if c.subject_kind == "body" and c.body:
            by_body[c.body] += 1
        if c.subject_kind == "member" and c.member:
            by_member[c.member] += 1
        received = deadlines.received_on(c.received_at)
        if c.responded_on:
            responses.append(deadlines.lead_time_working_days(received, c.responded_on))
        if c.resolved_on:
            resolutions.append(deadlines.lead_time_working_days(received, c.resolved_on))
        late = set()
        if c.channel in WRITTEN_CHANNELS:
            if c.acknowledged_at:
                if c.acknowledged_at > c.acknowledge_by:
                    late.add("acknowledgement")
            elif not c.responded_on and dates.local_date(c.acknowledge_by) < as_of:
                late.add("acknowledgement")
        # Answered late, or still unanswered and already past the deadline on ``as_of``.
        if (c.responded_on or as_of) > c.respond_by:
            late.add("response")
        if (c.resolved_on or as_of) > c.resolve_by:
            late.add("resolution")
        missed.update(late)
        any_missed += bool(late)

    def ordered(counter):
        return sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))

    return ComplaintAnalysis(
        start=start, end=end, total=len(rows),
        by_subject_kind=dict(Counter(c.subject_kind for c in rows)),
        by_channel=dict(Counter(c.channel for c in rows)),
        by_body=ordered(by_body), by_member=ordered(by_member),
        response_median=_median(responses), response_mean=_mean(responses),
        resolution_median=_median(resolutions), resolution_mean=_mean(resolutions),
        past_deadline={key: missed.get(key, 0)
                       for key in ("acknowledgement", "response", "resolution")},
        past_any_deadline=any_missed,
        objections=sum(len(c.objections.all()) for c in rows),
        serious_and_public=sum(c.serious_and_public for c in rows),
        interim_audits=sum(len(c.interim_audits.all()) for c in rows),
    )


def timeline_events(*, member, today: dt.date) -> list[TimelineEvent]:
    """Complaints about ``member`` (R-K1 … R-K3): reference, dates and deadlines only —
    never the complainant's name, e-mail, phone or the complaint text (R-A2)."""
    events: list[TimelineEvent] = []
    complaints = (Complaint.objects.filter(member=member, subject_kind="member")
                  .prefetch_related("objections"))
    for c in complaints:
        ref = c.reference
        events.append(TimelineEvent(on=deadlines.received_on(c.received_at),
                                    title=_("Klacht %(ref)s ontvangen") % {"ref": ref}, rule_id="R-K1"))
        if c.responded_on:
            events.append(TimelineEvent(on=c.responded_on, rule_id="R-K2",
                                        title=_("Klacht %(ref)s: inhoudelijk gereageerd") % {"ref": ref}))
        if c.resolved_on:
            events.append(TimelineEvent(on=c.resolved_on, rule_id="R-K2",
                                        title=_("Klacht %(ref)s afgehandeld") % {"ref": ref}))
        for objection in c.objections.all():
            events.append(TimelineEvent(on=objection.filed_on, rule_id="R-K3",
                                        title=_("Klacht %(ref)s: bezwaar tegen de afhandeling")
                                        % {"ref": ref}))
            if objection.handled_on:
                events.append(TimelineEvent(on=objection.handled_on, rule_id="R-K3",
                                            title=_("Klacht %(ref)s: bezwaar behandeld")
                                            % {"ref": ref}))
        if c.closed_on:
            events.append(TimelineEvent(on=c.closed_on, rule_id="R-K3",
                                        title=_("Klacht %(ref)s gesloten") % {"ref": ref}))
    return events


# --- the member portal (issue #4) ---------------------------------------------------------------


def complaints_filed_by_member(*, member):
    """R-C2: the complaints a contact of ``member`` filed through the member portal (their
    creation is recorded with that contact as the acting user, R-0.4), newest first."""
    filed = (Complaint.history.filter(history_type="+",
                                      history_user__member_contacts__member=member)
             .values("id"))
    return (Complaint.objects.filter(pk__in=filed).select_related("body")
            .prefetch_related("objections").order_by("-received_at"))


# --- The bureau portal (issue #4) -------------------------------------------------------------


def complaints_for_bureau(*, member=None):
    """All complaints for the bureau (or about one member), newest first; the list's filters
    are ``complaints.filters.ComplaintFilter`` (search by reference only: the complainant's
    data stays on the detail page, R-A2)."""
    complaints = Complaint.objects.select_related("body", "member").order_by("-received_at",
                                                                             "-pk")
    if member is not None:
        complaints = complaints.filter(member=member)
    return complaints


def complaints_past_deadline(*, today: dt.date):
    """R-K2/R-N1: open complaints past one of their deadlines on ``today``: a written complaint
    not acknowledged within 24 hours, no substantive response within 5 working days, or not
    resolved by the aimed date (34 working days, or the later date the complainant was told)."""
    from django.db.models import Q

    start_of_today = _start_of(today)
    late = (
        Q(state=ComplaintState.RECEIVED, channel__in=WRITTEN_CHANNELS,
          acknowledge_by__lt=start_of_today)
        | Q(state__in=[ComplaintState.RECEIVED, ComplaintState.ACKNOWLEDGED],
            respond_by__lt=today)
        | Q(state__in=UNRESOLVED_STATES, expected_on__isnull=True, resolve_by__lt=today)
        | Q(state__in=UNRESOLVED_STATES, expected_on__lt=today)
    )
    return (Complaint.objects.filter(late).select_related("body", "member")
            .order_by("respond_by", "received_at"))


def member_certifiers(member):
    """R-C2: the bodies that audit or audited the member."""
    return CertificationBody.objects.filter(audits__member=member).distinct().order_by("name")
