"""The member timeline: every past event and every open deadline of a member, each with its
rule id, in time order. Each domain app contributes its events through its ``selectors.py``
function ``timeline_events(*, member, today)``; the deadlines come from the deadline registry
(``core.deadlines``), the same ones the bureau's dashboard and the ICS feeds show."""

import datetime as dt
from dataclasses import dataclass, field
from importlib import import_module

from .deadlines import Audience, open_deadlines

TIMELINE_APPS = [
    "members", "audits", "findings", "certificates", "suspensions", "complaints", "notifications",
]


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
    for app in TIMELINE_APPS:
        try:
            selectors = import_module(f"{app}.selectors")
        except ModuleNotFoundError:
            continue
        contribute = getattr(selectors, "timeline_events", None)
        if contribute:
            events.extend(contribute(member=member, today=today))
    return sorted(events)
