"""What each reader of the deadline registry shows (issue #10), as comparable sets of
``(uid, date)``: the bureau's dashboard, the ICS feeds, the member timeline and the auditor's
feed. The agreement tests hold them against each other and against the registry."""

import datetime as dt

from icalendar import Calendar

from core.calendar import AHEAD_MONTHS, PAST, calendar_ics
from core.dates import add_months
from core.deadlines import Audience, clocks, open_deadlines
from core.timeline import member_timeline
from overview.dashboard import bureau_deadlines


def in_window(items, today):
    start, end = today - PAST, add_months(today, AHEAD_MONTHS)
    return {(uid, on) for uid, on in items if start <= on <= end}


def ics_items(user, today) -> set[tuple[str, dt.date]]:
    calendar = Calendar.from_ical(calendar_ics(user=user, today=today))
    return {(str(event["uid"]).split("@", 1)[0], event.decoded("dtstart"))
            for event in calendar.walk("VEVENT")}


def shared_clocks() -> set[str]:
    """Clocks the bureau and the member both watch."""
    return {c.key for c in clocks()
            if {Audience.MEMBER, Audience.BUREAU} <= c.audiences}


def member_views(member, today, *, contact_user=None) -> dict[str, set]:
    """The member's deadlines as the registry, the timeline, the member's ICS feed and the
    bureau's dashboard show them (the dashboard restricted to the clocks a member watches)."""
    registry = open_deadlines(today=today, audience=Audience.MEMBER, member=member)
    shared = shared_clocks()
    views = {
        "registry": {(d.uid, d.on) for d in registry},
        "timeline": {(e.uid, e.on) for e in member_timeline(member=member, today=today)
                     if e.is_deadline},
        "registry (shared)": {(d.uid, d.on) for d in registry if d.clock in shared},
        "dashboard": {(d.uid, d.on) for d in bureau_deadlines(today=today)
                      if d.member_id == member.pk and d.clock in shared},
    }
    if contact_user is not None:
        views["ics"] = ics_items(contact_user, today)
        views["registry (window)"] = in_window(views["registry"], today)
    return views


def assert_member_views_agree(member, today, *, contact_user=None):
    views = member_views(member, today, contact_user=contact_user)
    assert views["timeline"] == views["registry"], member
    assert views["dashboard"] == views["registry (shared)"], member
    if contact_user is not None:
        assert views["ics"] == views["registry (window)"], member
    return views


def assert_staff_views_agree(bureau_user, today):
    """The bureau's dashboard and its ICS feed list the same deadlines (within the feed's
    window)."""
    dashboard = {(d.uid, d.on) for d in bureau_deadlines(today=today)}
    assert ics_items(bureau_user, today) == in_window(dashboard, today)
    return dashboard


def assert_auditor_views_agree(auditor, today):
    registry = {(d.uid, d.on) for d in open_deadlines(
        today=today, audience=Audience.AUDITOR, body_id=auditor.body_id)}
    assert ics_items(auditor.user, today) == in_window(registry, today)
    return registry
