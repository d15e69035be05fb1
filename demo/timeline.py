"""The walk through time (see :mod:`demo`): :class:`Timeline` runs the steps of all stories in
date order with the clock moved to each step's day; :class:`Demo` is what the stories share."""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
import random
from collections import Counter
from collections.abc import Generator, Iterable

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from audits.models import CertificationBody
from core import dates
from core.demo_guard import DEMO_PASSWORD
from core.exceptions import RuleViolation
from core.models import User, UserRole
from demo.specs import MemberSpec, _profiles
from members.models import Member

try:  # a development dependency: the production image builds the demo without it
    import time_machine
except ImportError:  # pragma: no cover - exercised only without the dev dependencies
    time_machine = None

ONE_DAY = dt.timedelta(days=1)
Step = Generator[dt.date, None, object]


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def workday(day: dt.date) -> dt.date:
    """The last working day on or before ``day`` (R-0.2): audits, letters and decisions of the
    demo fall on working days. Monotone, so steps keep their order."""
    while not dates.is_working_day(day):
        day -= ONE_DAY
    return day


def moment_on(day: dt.date) -> dt.datetime:
    """The time of the step that runs on ``day``: the clock's, which :meth:`Timeline._clock`
    moved to that day; without ``time-machine`` (the clock says today) 09:00 Amsterdam that
    day, so a past step still gets a time of its own day (a complaint received in the past)."""
    now = timezone.now()
    if dates.local_date(now) == day:
        return now
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=dates.AMSTERDAM)


# --- the timeline -------------------------------------------------------------------------------


class DemoError(Exception):
    """A story could not take a step: a service refused it (the message names the rule)."""


class Timeline:
    """Runs the steps of many stories in date order. A story is a generator that yields the date
    of its next step and takes that step when resumed; ``(date, order of scheduling)`` decides
    who goes first, so the run is deterministic."""

    def __init__(self, today: dt.date):
        self.today = today
        self._queue: list[tuple[dt.date, int, str, Step]] = []
        self._order = 0
        self._steps_on: Counter[dt.date] = Counter()
        self.current = dt.date.min
        self.steps = 0

    def add(self, name: str, story: Step) -> None:
        try:
            first = next(story)
        except StopIteration:
            return
        self._push(first, name, story)

    def _push(self, day: dt.date, name: str, story: Step) -> None:
        if day < self.current:
            raise DemoError(f"{name}: stap op {day} ligt vóór {self.current}")
        if day > self.today:
            raise DemoError(f"{name}: stap op {day} ligt na vandaag ({self.today})")
        self._order += 1
        heapq.heappush(self._queue, (day, self._order, name, story))

    def run(self) -> None:
        while self._queue:
            day, _order, name, story = heapq.heappop(self._queue)
            self.current = day
            self.steps += 1
            try:
                with self._clock(day):
                    following = story.send(day)
            except StopIteration:
                continue
            except RuleViolation as violation:
                raise DemoError(f"{name} op {day}: {violation}") from violation
            self._push(following, name, story)

    def _clock(self, day: dt.date):
        """Move the clock to ``day`` (09:00 Amsterdam, 90 seconds later for each further step
        that day) while a past step runs; today's steps run on the real clock."""
        if day >= self.today or time_machine is None:
            return contextlib.nullcontext()
        self._steps_on[day] += 1
        moment = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dates.AMSTERDAM) + dt.timedelta(
            seconds=90 * self._steps_on[day])
        return time_machine.travel(moment, tick=False)


# --- the demo -----------------------------------------------------------------------------------


class Demo:
    """What the stories share: the date of today, the people, the bodies and the members."""

    def __init__(self, today: dt.date):
        self.today = today
        self.start = dt.date(today.year - 8, 12, 1)
        self.profiles = _profiles(random.Random(2026))
        self.password = make_password(DEMO_PASSWORD)
        self.users: dict[str, User] = {}
        self.bodies: dict[str, CertificationBody] = {}
        self.auditors: dict[str, list] = {}
        self.member_pks: dict[str, int] = {}
        self._team_turn: Counter[str] = Counter()

    # people
    def user(self, email: str, full_name: str, roles: Iterable[str], *, is_staff=False,
             is_superuser=False) -> User:
        """A demo login (no service creates users; see :mod:`demo`)."""
        user, _created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "is_staff": is_staff,
                                   "is_superuser": is_superuser, "password": self.password})
        for role in roles:
            UserRole.objects.get_or_create(user=user, role=role)
        user.__dict__.pop("_role_cache", None)
        self.users[email] = user
        return user

    @property
    def bea(self) -> User:
        return self.users["bureau@nvvk.example"]

    @property
    def dirk(self) -> User:
        return self.users["directeur@nvvk.example"]

    @property
    def kim(self) -> User:
        return self.users["kernteam@nvvk.example"]

    def member(self, name: str) -> Member:
        return Member.objects.get(pk=self.member_pks[name])

    def contact_user(self, spec: MemberSpec) -> User | None:
        return self.users.get(self.profiles[spec.name].contact_email) if spec.login else None

    def team(self, spec: MemberSpec):
        """Lead and second auditor of the member's body, taking turns as lead (R-C4)."""
        first, second = self.auditors[spec.body]
        self._team_turn[spec.body] += 1
        return (first, second) if self._team_turn[spec.body] % 3 else (second, first)
