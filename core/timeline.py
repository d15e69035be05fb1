"""The member timeline: every past event and every open deadline of a member, each with its
rule id, in time order. Each domain app contributes its events through its ``selectors.py``
function ``timeline_events(*, member, today)``, registered from its ``AppConfig.ready()``; the deadlines come from the deadline registry
(``core.deadlines``), the same ones the bureau's dashboard and the ICS feeds show."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from .deadlines import Audience, open_deadlines

#: (app label, timeline_events(*, member, today)), registered by the apps in their
#: ``AppConfig.ready()`` (:func:`register_timeline`): the ground floor knows no app.
CONTRIBUTORS: list[tuple[str, Callable]] = []


def register_timeline(app: str, contribute: Callable) -> None:
    """Add ``app``'s past events of a member to the timeline; once per app."""
    if any(label == app for label, _ in CONTRIBUTORS):
        raise ValueError(f"{app} registered its timeline twice")
    CONTRIBUTORS.append((app, contribute))


@dataclass(frozen=True, order=True)
class TimelineEvent:
    """One line of the timeline. ``upcoming`` marks a deadline rather than a past event."""

    on: dt.date
    title: str = field(compare=False)
    rule_id: str = field(compare=False, default="")
    kind: str = field(compare=False, default="event")  # "event" or "deadline"
    detail: str = field(compare=False, default="")
    url: str = field(compare=False, default="")
    uid: str = field(compare=False, default="")  # the deadline's uid (core.deadlines)

    @property
    def is_deadline(self) -> bool:
        return self.kind == "deadline"


def member_timeline(*, member, today: dt.date) -> list[TimelineEvent]:
    """All events and deadlines of ``member`` from every app, in time order."""
    events: list[TimelineEvent] = [
        TimelineEvent(on=deadline.on, title=deadline.title, rule_id=deadline.rule_id,
                      kind="deadline", detail=deadline.detail, uid=deadline.uid)
        for deadline in open_deadlines(today=today, audience=Audience.MEMBER, member=member)]
    for _app, contribute in CONTRIBUTORS:
        events.extend(contribute(member=member, today=today))
    return sorted(events)
