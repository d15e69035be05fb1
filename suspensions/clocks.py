"""The legal clocks of suspensions, registered with the deadline registry (``core.deadlines``).

- ``suspensions.hearing`` (R-S1): a summoned hearing not yet held;
- ``suspensions.end`` (R-S5): the end of an open suspension, when the directeur decides on the
  outcome;
- ``suspensions.appeal_window`` (R-S3): the last day the member may appeal a decision it has
  not appealed yet (suspension, extension, lifting or expulsion);
- ``suspensions.appeal_board`` (R-S4): the Bestuur rules on a pending appeal within three
  months.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from core.deadlines import Audience, Deadline, Query, clock, member_fields

from . import deadlines
from .models import (
    OPEN_SUSPENSION_STATES,
    Appeal,
    AppealState,
    Hearing,
    Suspension,
    SuspensionState,
)

STAFF = {Audience.BUREAU, Audience.DIRECTOR}


def _for_member(queryset, query: Query, path: str = "member_id"):
    if query.member_id is not None:
        queryset = queryset.filter(**{path: query.member_id})
    return queryset


@clock("suspensions.hearing", rule_id="R-S1", audiences=STAFF | {Audience.MEMBER})
def hearing_clock(query: Query):
    """R-S1: the member is heard before the directeur decides on a suspension."""
    hearings = _for_member(Hearing.objects.filter(held_on__isnull=True), query)
    for hearing in hearings.select_related("member"):
        yield Deadline(
            clock="suspensions.hearing", uid=f"hearing-{hearing.pk}", rule_id="R-S1",
            on=hearing.hearing_on, audiences=frozenset(STAFF | {Audience.MEMBER}),
            title=_("Hoorzitting"), target=("members.member", hearing.member_id),
            subject=hearing, **member_fields(hearing.member))


@clock("suspensions.end", rule_id="R-S5", audiences=STAFF | {Audience.MEMBER})
def end_clock(query: Query):
    """R-S5: at the end of an open suspension the directeur decides on its outcome."""
    suspensions = _for_member(Suspension.objects.filter(state__in=OPEN_SUSPENSION_STATES),
                              query)
    for suspension in suspensions.select_related("member"):
        yield Deadline(
            clock="suspensions.end", uid=f"suspension-end-{suspension.pk}", rule_id="R-S5",
            on=suspension.ends_on, audiences=frozenset(STAFF | {Audience.MEMBER}),
            title=_("Einde schorsing: besluit directeur over de uitkomst"),
            target=("suspensions.suspension", suspension.pk), subject=suspension,
            **member_fields(suspension.member))


def _appeal_windows(suspension):
    """``(subject, notified_on)`` of each decision of ``suspension`` that can still be
    appealed (R-S3), whether or not the window has closed."""
    s = suspension
    windows = [("suspension", s.notified_on, s.state in OPEN_SUSPENSION_STATES)]
    if s.extended_on and s.extension_notified_on:
        windows.append(("extension", s.extension_notified_on, s.state == SuspensionState.EXTENDED))
    if s.state == SuspensionState.LIFTED and s.outcome_on and s.outcome_notified_on:
        windows.append(("lifting", s.outcome_notified_on, True))
    if s.state == SuspensionState.EXPELLED and s.outcome_on and s.outcome_notified_on:
        windows.append(("expulsion", s.outcome_notified_on, not s.expulsion_effective_on))
    return [(subject, notified_on) for subject, notified_on, applies in windows
            if applies and notified_on]


@clock("suspensions.appeal_window", rule_id="R-S3", audiences=STAFF | {Audience.MEMBER})
def appeal_window_clock(query: Query):
    """R-S3: the member may appeal to the Bestuur within the window after each decision."""
    suspensions = _for_member(Suspension.objects.all(), query).select_related("member")
    suspensions = suspensions.prefetch_related(
        Prefetch("appeals", queryset=Appeal.objects.only("suspension_id", "subject",
                                                         "decision_notified_on")))
    for suspension in suspensions:
        appealed = {(a.subject, a.decision_notified_on) for a in suspension.appeals.all()}
        for subject, notified_on in _appeal_windows(suspension):
            last_day = deadlines.appeal_deadline(notified_on)
            if last_day < query.today or (subject, notified_on) in appealed:
                continue
            yield Deadline(
                clock="suspensions.appeal_window",
                uid=f"appeal-window-{suspension.pk}-{subject}", rule_id="R-S3", on=last_day,
                audiences=frozenset(STAFF | {Audience.MEMBER}),
                title=_("Uiterste datum beroep bij het bestuur"),
                target=("suspensions.suspension", suspension.pk), subject=suspension,
                **member_fields(suspension.member))


@clock("suspensions.appeal_board", rule_id="R-S4",
       audiences=STAFF | {Audience.BOARD, Audience.MEMBER})
def appeal_board_clock(query: Query):
    """R-S4: the Bestuur decides on an appeal within three months of its announcement."""
    appeals = _for_member(Appeal.objects.filter(state=AppealState.PENDING), query,
                          "suspension__member_id")
    for appeal in appeals.select_related("suspension__member"):
        yield Deadline(
            clock="suspensions.appeal_board", uid=f"appeal-{appeal.pk}", rule_id="R-S4",
            on=appeal.board_deadline,
            audiences=frozenset(STAFF | {Audience.BOARD, Audience.MEMBER}),
            title=_("Bestuur beslist op het beroep tegen %(subject)s")
            % {"subject": str(appeal.get_subject_display()).lower()},
            target=("suspensions.suspension", appeal.suspension_id), subject=appeal,
            **member_fields(appeal.suspension.member))
