"""Reads of suspensions, hearings and appeals (R-S1 … R-S7), and the member timeline part.

R-S6: a suspended member loses all membership rights but keeps its obligations. Its
obligations include getting recertified: the member itself initiates a re-audit
(``audits.AuditKind.RE_AUDIT``), which the audits app allows for a suspended member. A
positive advice on it leads to lifting (``suspension_lift_after_reaudit``, R-S5 c).
"""

import datetime as dt

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audits.models import AuditKind
from core.dates import date_label
from core.timeline import TimelineEvent
from members.models import MemberState

from . import deadlines
from .models import (
    OPEN_SUSPENSION_STATES,
    Appeal,
    AppealState,
    AppealSubject,
    Hearing,
    Publication,
    Suspension,
    SuspensionState,
)


def member_has_rights(member) -> bool:
    """R-S6: membership rights (voting, presenting itself as NVVK member, …) belong to a
    member; a suspended member (also one whose expulsion is not yet final) has none. A paused
    member keeps its membership (R-M4 governs what it may show)."""
    return member.state in (MemberState.MEMBER, MemberState.PAUSED)


def suspension_current(*, member) -> Suspension | None:
    """The suspension in force for ``member`` (open, or expelled but not yet final)."""
    return (Suspension.objects
            .filter(member=member, expulsion_effective_on__isnull=True)
            .filter(state__in=[*OPEN_SUSPENSION_STATES, SuspensionState.EXPELLED])
            .order_by("-starts_on").first())


def suspension_publicly_shown(*, member) -> bool:
    """R-S7/R-M4: whether the public register may show this member as suspended: only when
    the directeur or the Bestuur chose to publish it outside the association."""
    current = suspension_current(member=member)
    return bool(current and current.publication != Publication.NONE)


def suspensions_open():
    """Open suspensions by their end date, for the directeur's and the bureau's overview
    (R-N1)."""
    return (Suspension.objects.filter(state__in=OPEN_SUSPENSION_STATES)
            .select_related("member").order_by("ends_on"))


def appeals_pending():
    """Pending appeals by board deadline, for the Bestuur and the bureau (R-S4, R-N1)."""
    return (Appeal.objects.filter(state=AppealState.PENDING)
            .select_related("suspension__member").order_by("board_deadline"))


def suspensions_for_member(*, member):
    return (Suspension.objects.filter(member=member)
            .select_related("hearing")
            .prefetch_related(Prefetch("appeals", queryset=Appeal.objects.order_by("announced_on")),
                              "appeals__documents",
                              "notices")
            .order_by("starts_on"))


def appeal_window(*, suspension, subject) -> tuple[dt.date, dt.date] | None:
    """R-S3: ``(notified_on, last_day)`` of the appeal window against ``subject``, or None when
    there is no such decision."""
    from core.exceptions import RuleViolation

    from .services import appealed_decision_notified_on

    try:
        notified_on = appealed_decision_notified_on(suspension, subject)
    except RuleViolation:
        return None
    return notified_on, deadlines.appeal_deadline(notified_on)


# --- timeline ---------------------------------------------------------------------------------


def _event(on, title, rule_id, *, today, detail="") -> TimelineEvent:
    # What is still to be done (hearing, end of the suspension, appeal window, the Bestuur's
    # ruling) is a deadline of suspensions.clocks; these are events.
    return TimelineEvent(on=on, title=title, rule_id=rule_id, detail=detail)


#: The Bestuur's ruling on an appeal, one whole sentence per outcome so that every language
#: can word it (never "Bestuur: beroep " + a lowered state label).
_RULING_TITLES = {
    AppealState.UPHELD: gettext_lazy("Bestuur: beroep gegrond verklaard"),
    AppealState.DISMISSED: gettext_lazy("Bestuur: beroep ongegrond verklaard"),
}
_APPEAL_TITLES = {
    AppealSubject.SUSPENSION: gettext_lazy("Beroep ingesteld tegen de schorsing"),
    AppealSubject.EXTENSION: gettext_lazy("Beroep ingesteld tegen de verlenging"),
    AppealSubject.EXPULSION: gettext_lazy("Beroep ingesteld tegen de ontzetting"),
    AppealSubject.LIFTING: gettext_lazy("Beroep ingesteld tegen de opheffing"),
}


def timeline_events(*, member, today: dt.date) -> list[TimelineEvent]:
    """Hearings, suspensions, extensions, outcomes, appeals and their deadlines of ``member``
    (R-S1 … R-S7). Upcoming dates are deadlines; the rest are past events. Every text is
    worded here, at read time, in the reader's language (nothing translated is stored)."""
    events: list[TimelineEvent] = []
    for hearing in Hearing.objects.filter(member=member):
        events.append(_event(hearing.summoned_on, _("Opgeroepen voor hoorzitting"), "R-S1",
                             today=today, detail=_("Hoorzitting op %(on)s")
                             % {"on": date_label(hearing.hearing_on)}))
        if hearing.held_on:
            title = (_("Hoorzitting: lid niet verschenen") if hearing.member_did_not_appear
                     else _("Hoorzitting gehouden"))
            events.append(_event(hearing.held_on, title, "R-S1", today=today))
    for suspension in suspensions_for_member(member=member):
        events.extend(_suspension_events(suspension, today=today))
    return events


def _suspension_events(suspension: Suspension, *, today) -> list[TimelineEvent]:
    s = suspension
    events = [
        _event(s.starts_on, ngettext("Geschorst voor %(n)d maand", "Geschorst voor %(n)d maanden",
                                     s.months) % {"n": s.months}, "R-S2", today=today,
               detail=_("Tot en met %(end)s") % {"end": date_label(s.original_ends_on)}),
        _event(s.notified_on, _("Schorsingsbesluit bekendgemaakt"), "R-S3", today=today),
    ]
    appeals = list(s.appeals.all())
    if s.extended_on:
        events.append(_event(s.extended_on, _("Schorsing verlengd tot en met %(end)s")
                             % {"end": date_label(s.ends_on)}
                             if s.state == SuspensionState.EXTENDED else _("Schorsing verlengd"),
                             "R-S2", today=today))
    if s.extension_annulled_on:
        events.append(_event(s.extension_annulled_on, _("Verlenging vernietigd door het bestuur"),
                             "R-S4", today=today))
    if s.state == SuspensionState.LIFTED and s.outcome_on:
        events.append(_event(s.outcome_on, _("Schorsing opgeheven"), "R-S5", today=today))
    if s.state == SuspensionState.EXPELLED and s.outcome_on:
        events.append(_event(s.outcome_on, _("Schorsing omgezet in ontzetting"), "R-S5",
                             today=today))
    if s.expulsion_effective_on:
        events.append(_event(s.expulsion_effective_on, _("Ontzetting onherroepelijk; "
                             "lidmaatschap beëindigd"), "R-S5", today=today))
    for appeal in appeals:
        events.append(_event(appeal.announced_on, str(_APPEAL_TITLES[appeal.subject]),
                             "R-S3", today=today))
        if appeal.ruled_on and appeal.state in _RULING_TITLES:
            events.append(_event(appeal.ruled_on, str(_RULING_TITLES[appeal.state]), "R-S4",
                                 today=today))
    for notice in s.notices.all():
        events.append(_event(notice.sent_on, _("Schorsing bekendgemaakt aan %(audience)s")
                             % {"audience": notice.get_audience_display()},
                             "R-S7", today=today))
    return events


# --- directeur and Bestuur (issue #4) ---------------------------------------------------------


def hearings_awaiting_record():
    """R-S1: summoned hearings whose outcome is not recorded yet, by hearing date."""
    return (Hearing.objects.filter(held_on__isnull=True)
            .select_related("member").order_by("hearing_on", "pk"))


def hearings_awaiting_decision():
    """R-S1: hearings that took place (or at which the member did not appear) without a
    suspension decision yet, for members that can still be suspended."""
    return (Hearing.objects.filter(held_on__isnull=False, suspension__isnull=True,
                                   member__state__in=[MemberState.MEMBER, MemberState.PAUSED])
            .select_related("member").order_by("held_on", "pk"))


def suspensions_awaiting_outcome(*, today: dt.date):
    """R-S5/R-S6: open suspensions on which the directeur can decide the outcome: from the
    last day on, or earlier once a CI has advised on an audit of the member since the start.
    Annotated with ``appeal_pending`` (then the Bestuur rules first) and ``ci_advised``."""
    from django.db.models import Exists, OuterRef, Q

    from findings.models import Advice

    advised = Advice.objects.filter(audit__member=OuterRef("member"),
                                    given_on__gte=OuterRef("starts_on"))
    pending = Appeal.objects.filter(suspension=OuterRef("pk"), state=AppealState.PENDING)
    return (Suspension.objects.filter(state__in=OPEN_SUSPENSION_STATES)
            .annotate(ci_advised=Exists(advised), appeal_pending=Exists(pending))
            .filter(Q(ends_on__lte=today) | Q(ci_advised=True))
            .select_related("member").order_by("ends_on", "pk"))


def appeals_decided():
    """R-S4: appeals the Bestuur ruled on, newest ruling first."""
    return (Appeal.objects.exclude(state=AppealState.PENDING)
            .select_related("suspension__member").order_by("-ruled_on", "-pk"))


def suspensions_in_force():
    """Suspensions still in force (open, or expelled but not yet final), for the publication
    choice of the directeur and the Bestuur (R-S7)."""
    return (Suspension.objects
            .filter(expulsion_effective_on__isnull=True,
                    state__in=[*OPEN_SUSPENSION_STATES, SuspensionState.EXPELLED])
            .select_related("member").order_by("ends_on", "pk"))


#: The decision kind each appeal subject contests (R-S3).
APPEAL_SUBJECT_DECISION_KINDS = {
    "suspension": "suspension",
    "extension": "extension",
    "expulsion": "expulsion",
    "lifting": "lifting",
}


def appealed_decision(*, appeal):
    """R-S3/R-S4: the decision record the appeal contests: the latest decision of the
    appealed kind on the suspension taken on or before the appeal was announced."""
    from django.contrib.contenttypes.models import ContentType

    from core.dates import local_date
    from core.models import Decision

    decisions = Decision.objects.filter(
        subject_type=ContentType.objects.get_for_model(Suspension),
        subject_id=appeal.suspension_id,
        kind=APPEAL_SUBJECT_DECISION_KINDS[appeal.subject],
    ).select_related("decided_by").prefetch_related("documents").order_by("-decided_at", "-id")
    for decision in decisions:
        if local_date(decision.decided_at) <= appeal.announced_on:
            return decision
    return decisions.first()


def re_audits_advised(suspension):
    """R-S6: re-audits of the member with the body's advice given since the suspension."""
    return (suspension.member.audits.filter(kind=AuditKind.RE_AUDIT,
                                            advice__given_on__gte=suspension.starts_on)
            .select_related("advice", "body").order_by("-advice__given_on"))
