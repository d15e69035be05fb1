"""The member timeline part of suspensions: past events and upcoming deadlines, each with
its rule id (R-S1 … R-S7)."""

import datetime as dt

import pytest

from core.timeline import member_timeline
from suspensions.services import appeal_file, suspension_send_notice


def timeline_events(*, member, today):
    """The whole member timeline: events from the selectors, deadlines from the registry."""
    return member_timeline(member=member, today=today)


D = dt.date
pytestmark = pytest.mark.django_db


def test_timeline_shows_hearing_suspension_and_the_appeal_window(suspended_x):
    events = timeline_events(member=suspended_x.member, today=D(2026, 2, 10))
    by_title = {e.title: e for e in events}
    assert by_title["Opgeroepen voor hoorzitting"].rule_id == "R-S1"
    assert by_title["Hoorzitting gehouden"].on == D(2026, 1, 19)
    assert by_title["Geschorst voor 3 maanden"].rule_id == "R-S2"
    window = by_title["Uiterste datum beroep bij het bestuur"]
    assert (window.on, window.rule_id, window.kind) == (D(2026, 2, 28), "R-S3", "deadline")
    end = by_title["Einde schorsing: besluit directeur over de uitkomst"]
    assert (end.on, end.rule_id, end.is_deadline) == (D(2026, 4, 30), "R-S5", True)


def test_timeline_shows_the_board_deadline_of_a_pending_appeal(suspended_x, xena, bea):
    appeal_file(suspension=suspended_x, subject="suspension", announced_on=D(2026, 2, 28),
                motivation="…", actor=xena.user, today=D(2026, 2, 28))
    suspension_send_notice(suspension=suspended_x, audience="members", text="…",
                           actor=bea, today=D(2026, 2, 2))
    events = sorted(timeline_events(member=suspended_x.member, today=D(2026, 3, 1)))
    titles = [e.title for e in events]
    assert "Uiterste datum beroep bij het bestuur" not in titles       # appealed already
    board = next(e for e in events if e.rule_id == "R-S4")
    assert (board.on, board.kind) == (D(2026, 5, 28), "deadline")
    assert any(e.rule_id == "R-S7" for e in events)
    assert [e.on for e in events] == sorted(e.on for e in events)
