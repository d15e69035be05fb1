"""The member timeline: every past event and every upcoming deadline of a member, each with
its rule id, in time order. Each domain app contributes through its ``selectors.py``
function ``timeline_events(*, member, today)``; this module merges them."""

import datetime as dt
from dataclasses import dataclass, field
from importlib import import_module

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

    @property
    def is_deadline(self) -> bool:
        return self.kind == "deadline"


def member_timeline(*, member, today: dt.date) -> list[TimelineEvent]:
    """All events and deadlines of ``member`` from every app, in time order."""
    events: list[TimelineEvent] = []
    for app in TIMELINE_APPS:
        try:
            selectors = import_module(f"{app}.selectors")
        except ModuleNotFoundError:
            continue
        contribute = getattr(selectors, "timeline_events", None)
        if contribute:
            events.extend(contribute(member=member, today=today))
    return sorted(events)
