"""Reads of audits per audience (R-A1: an auditor sees only its own body's audits) and the
audits' contribution to the member timeline."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import local_date
from core.models import Role
from core.timeline import TimelineEvent

from .models import Audit, AuditKind, AuditState

STAFF_ROLES = (Role.BUREAU, Role.DIRECTOR, Role.BOARD)
_RELATED = ("member", "body", "lead_auditor", "second_auditor", "reviewer")


def _audits() -> QuerySet[Audit]:
    return Audit.objects.select_related(*_RELATED)


def audits_for_auditor(*, user) -> QuerySet[Audit]:
    """R-A1: only the audits of the body the auditor works for; nothing of other bodies."""
    auditor = getattr(user, "auditor", None) if user is not None else None
    if (auditor is None or not auditor.active or not user.is_active
            or not user.has_role(Role.AUDITOR)):
        return Audit.objects.none()
    return _audits().filter(body_id=auditor.body_id)


def audits_for_member(*, member) -> QuerySet[Audit]:
    """All audits of one member, newest first."""
    return _audits().filter(member=member).prefetch_related("scope")


def audits_for_user(*, user) -> QuerySet[Audit]:
    """The audits ``user`` may see (R-A1): staff all; an auditor its body's; a member contact
    its own organisation's; the kernteam the admission audits it advises on."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Audit.objects.none()
    if user.has_role(*STAFF_ROLES):
        return _audits()
    ids = set()
    if user.has_role(Role.AUDITOR):
        ids.update(audits_for_auditor(user=user).values_list("pk", flat=True))
    if user.has_role(Role.MEMBER_CONTACT):
        ids.update(Audit.objects.filter(member__contacts__user=user)
                   .values_list("pk", flat=True))
    if user.has_role(Role.QUALITY_TEAM):
        ids.update(Audit.objects.filter(kind=AuditKind.ADMISSION).values_list("pk", flat=True))
    return _audits().filter(pk__in=ids)


# States whose entry has no date field of its own: the timeline takes the history's date.
_HISTORY_STEPS = {
    AuditState.PREPARATION: (gettext_lazy("Voorbereiding gestart"), "R-U2"),
    AuditState.DEVELOPMENT_LEVELS: (gettext_lazy("Stap ontwikkelniveaus"), "R-U4"),
    AuditState.CONCEPT_REPORT: (gettext_lazy("Conceptrapport"), "R-U2"),
    AuditState.FOLLOW_UP: (gettext_lazy("Nawerk gestart"), "R-U2"),
    AuditState.CANCELLED: (gettext_lazy("Audit geannuleerd"), "R-U2"),
}
_REACHED_FIELDWORK = [s for s in AuditState.values
                      if s not in (AuditState.BODY_CHOSEN, AuditState.QUOTE_AGREED,
                                   AuditState.PREPARATION, AuditState.DEVELOPMENT_LEVELS,
                                   AuditState.CANCELLED)]


def _history_steps(member) -> dict[int, list[tuple[dt.date, str]]]:
    """Per audit the states entered, with the day, from the change history (R-0.4)."""
    steps: dict[int, list[tuple[dt.date, str]]] = {}
    previous: dict[int, str] = {}
    rows = (Audit.history.filter(member_id=member.pk).order_by("history_date", "history_id")
            .values_list("id", "state", "history_date"))
    for audit_id, state, when in rows:
        if previous.get(audit_id) != state:
            steps.setdefault(audit_id, []).append((local_date(when), state))
            previous[audit_id] = state
    return steps


def timeline_events(*, member, today: dt.date) -> list[TimelineEvent]:
    """Each audit with its steps (R-U2), its team review (R-C4), interim audits with trigger
    (R-T1, R-T2), and the planned fieldwork as an upcoming date."""
    events: list[TimelineEvent] = []
    history = _history_steps(member)
    for audit in Audit.objects.filter(member=member).select_related("body", "reviewer"):
        name = f"{audit.get_kind_display()} ({audit.body})"
        if audit.kind == AuditKind.INTERIM:
            events.append(TimelineEvent(
                on=local_date(audit.created_at),
                title=_("Tussentijdse audit opgelegd: %(trigger)s")
                % {"trigger": audit.get_trigger_display()},
                rule_id="R-T1",
                detail=_("R-T2 aanleiding: %(source)s; kosten voor het lid")
                % {"source": audit.trigger_source},
            ))
        else:
            events.append(TimelineEvent(on=local_date(audit.created_at),
                                        title=_("CI gekozen: %(name)s") % {"name": name},
                                        rule_id="R-C2"))
        dated = [
            (audit.quote_agreed_on, _("Offerte en scope akkoord"), "R-U2"),
            (audit.oral_feedback_on, _("Mondelinge terugkoppeling"), "R-U2"),
            (audit.reviewed_on, _("Intern getoetst door %(reviewer)s")
             % {"reviewer": audit.reviewer.name if audit.reviewer else ""}, "R-C4"),
            (audit.presented_on, _("Rapport voorgelegd aan de organisatie"), "R-U2"),
            (audit.definitive_on, _("Rapport definitief"), "R-U2"),
        ]
        for on, title, rule in dated:
            if on:
                events.append(TimelineEvent(on=on, title=f"{title} – {name}", rule_id=rule))
        for on, state in history.get(audit.pk, []):
            if state in _HISTORY_STEPS:
                title, rule = _HISTORY_STEPS[state]
                events.append(TimelineEvent(on=on, title=f"{title} – {name}", rule_id=rule))
        if audit.fieldwork_starts_on:
            if audit.state in _REACHED_FIELDWORK:
                events.append(TimelineEvent(on=audit.fieldwork_starts_on,
                                            title=_("Audit op locatie – %(name)s")
                                            % {"name": name}, rule_id="R-U2"))
            elif audit.state != AuditState.CANCELLED:
                events.append(TimelineEvent(
                    on=audit.fieldwork_starts_on, kind="deadline", rule_id="R-U2",
                    title=_("Audit op locatie gepland – %(name)s") % {"name": name},
                    detail=_("tot en met %(end)s") % {"end": audit.fieldwork_ends_on}
                    if audit.fieldwork_ends_on else "",
                ))
    return events
