"""The demo builds without the development dependency ``time-machine`` (issue #10): the dates in
the data are the same, only the services' own timestamps say "now"."""

import pytest

from complaints.models import Complaint
from core import dates
from demo.build import build_demo
from members.models import Member


@pytest.mark.django_db
def test_the_demo_builds_without_time_machine(monkeypatch):
    monkeypatch.setattr("demo.timeline.time_machine", None)
    today = dates.today()
    report = build_demo(today=today)
    assert report.built
    assert sum(report.members_by_state.values()) == Member.objects.count()
    # A complaint received in the past was received on its own day, not today, and its
    # receipt was acknowledged in time (R-K1, R-K2).
    complaints = list(Complaint.objects.all())
    assert len(complaints) == 3
    for complaint in complaints:
        assert dates.local_date(complaint.received_at) < today
        assert complaint.acknowledged_at <= complaint.acknowledge_by
