"""The deadline registry (issue #10): every legal clock defined once, by the app that owns it.

Each app declares its clocks in ``<app>/clocks.py`` with :func:`clock` and imports that module
in its ``AppConfig.ready()``, in plain sight. A clock is one object that knows its rule id, the
audiences that watch it, and how to list its open deadlines (what is still to be done, with its
due date). Everything that shows or acts on deadlines reads :func:`open_deadlines` and nothing
else: the bureau dashboard (R-N1), the director's queue, the member timeline, the ICS feeds,
the auditor's lists and the reminders. So a plan of approach that is under review is not
"due" anywhere, because the one clock that defines R-F3 says so.

The registry lives on the ground floor and knows no app: the apps register with it (imports
run down only), and its readers ask it by audience, member or certification body.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


class Audience:
    """Who watches a deadline. A member contact sees only its own member's deadlines; an
    auditor only those of its own certification body (R-A1)."""

    BUREAU = "bureau"
    DIRECTOR = "director"
    BOARD = "board"
    AUDITOR = "auditor"
    MEMBER = "member"

    ALL = frozenset({BUREAU, DIRECTOR, BOARD, AUDITOR, MEMBER})


#: How many days ahead a deadline counts as "soon".
SOON_DAYS = 14


@dataclass(frozen=True)
class Deadline:
    """One open deadline of one clock.

    ``uid`` is stable while the deadline exists (an ICS event keeps its identity when its date
    moves); ``target`` is ``(app_label.model, pk)`` of the object to open; ``subject`` is that
    object itself for readers that need more of it (the reminders); ``until`` is the last day of
    a multi-day deadline (fieldwork)."""

    clock: str
    uid: str
    on: dt.date
    rule_id: str
    title: str
    audiences: frozenset[str]
    member_id: int | None = None
    member_name: str = ""
    body_id: int | None = None
    target: tuple[str, int] | None = None
    detail: str = ""
    until: dt.date | None = None
    subject: object = field(default=None, compare=False, repr=False)

    def urgency(self, today: dt.date) -> str:
        """``overdue`` (the date has passed), ``today``, ``soon`` (within :data:`SOON_DAYS`)
        or ``later``."""
        if self.on < today:
            return "overdue"
        if self.on == today:
            return "today"
        if self.on <= today + dt.timedelta(days=SOON_DAYS):
            return "soon"
        return "later"


@dataclass(frozen=True)
class Query:
    """What a reader asks for; a clock uses it to filter in the database."""

    today: dt.date
    member_id: int | None = None
    body_id: int | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None

    def keeps(self, deadline: Deadline) -> bool:
        """The exact filter, after the clock's (possibly wider) database prefilter."""
        if self.member_id is not None and deadline.member_id != self.member_id:
            return False
        if self.body_id is not None and deadline.body_id != self.body_id:
            return False
        if self.due_from is not None and deadline.on < self.due_from:
            return False
        return not (self.due_to is not None and deadline.on > self.due_to)


@dataclass(frozen=True)
class Clock:
    """A kind of legal deadline: ``collect(query)`` yields its open deadlines."""

    key: str
    rule_id: str
    audiences: frozenset[str]
    collect: Callable[[Query], Iterable[Deadline]]
    description: str = ""


_CLOCKS: dict[str, Clock] = {}


def clock(key: str, *, rule_id: str, audiences: Iterable[str], description: str = ""):
    """Register the decorated ``collect(query)`` function as the clock ``key``."""
    audiences = frozenset(audiences)
    unknown = audiences - Audience.ALL
    if unknown:
        raise ValueError(f"clock {key}: unknown audiences {sorted(unknown)}")

    def register(collect: Callable[[Query], Iterable[Deadline]]):
        if key in _CLOCKS and _CLOCKS[key].collect is not collect:
            raise ValueError(f"clock {key} is registered twice")
        _CLOCKS[key] = Clock(key=key, rule_id=rule_id, audiences=audiences, collect=collect,
                             description=description or (collect.__doc__ or "").strip())
        return collect

    return register


def clocks() -> list[Clock]:
    """Every registered clock, by key."""
    return [_CLOCKS[key] for key in sorted(_CLOCKS)]


def get_clock(key: str) -> Clock:
    return _CLOCKS[key]


def open_deadlines(*, today: dt.date, audience: str | Iterable[str] | None = None,
                   member=None, body_id: int | None = None,
                   clocks_: Iterable[str] | None = None,
                   due_from: dt.date | None = None,
                   due_to: dt.date | None = None) -> list[Deadline]:
    """The open deadlines, soonest first, of the clocks that ``audience`` watches (any of
    several), optionally of one member, one certification body, some clocks only, or due in a
    date range. Each clock costs a fixed number of queries."""
    if isinstance(audience, str):
        audience = {audience}
    wanted = set(audience) if audience is not None else None
    query = Query(today=today, member_id=getattr(member, "pk", member), body_id=body_id,
                  due_from=due_from, due_to=due_to)
    keys = set(clocks_) if clocks_ is not None else None
    found: list[Deadline] = []
    for item in clocks():
        if keys is not None and item.key not in keys:
            continue
        if wanted is not None and not (item.audiences & wanted):
            continue
        for deadline in item.collect(query):
            if wanted is not None and not (deadline.audiences & wanted):
                continue
            if query.keeps(deadline):
                found.append(deadline)
    return sorted(found, key=lambda d: (d.on, d.rule_id, d.title, d.uid))


def member_fields(member) -> dict:
    """``member_id``/``member_name`` of a deadline about ``member`` (or none)."""
    if member is None:
        return {}
    return {"member_id": member.pk, "member_name": member.name}
