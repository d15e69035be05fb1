"""The daily sweep over every app (R-F3, R-M3, R-S5, R-K2 …) and the member timeline."""

import datetime as dt

import pytest
from django.core.management import call_command

from audits.models import AuditState
from certificates.models import CertificateState
from core.models import Flag
from core.sweep import sweep_deadlines
from core.timeline import member_timeline
from findings.models import FindingKind
from members.models import MemberState
from tests.factories import AuditFactory, CertificateFactory, FindingFactory, MemberFactory

D = dt.date


@pytest.fixture
def lapsing_member(db):
    """A member whose certificate ends on 31 March 2026 and who has an afwijking of 31 January
    2026 without a plan of approach."""
    member = MemberFactory(state=MemberState.MEMBER)
    CertificateFactory(audit=AuditFactory(member=member, state=AuditState.DECIDED),
                       valid_from=D(2023, 4, 1), valid_until=D(2026, 3, 31))
    finding = FindingFactory(audit=AuditFactory(member=member, state=AuditState.FOLLOW_UP),
                             recorded_on=D(2026, 1, 31), kind=FindingKind.NONCONFORMITY)
    return member, finding


def test_the_sweep_of_1_april_escalates_and_expires_and_a_second_run_changes_nothing_r_f3_r_m3(
        lapsing_member):
    """R-F3: the afwijking of 31 January without a plan becomes a tekortkoming on 1 April;
    R-M3: the certificate that ended on 31 March expires and the member is flagged. The second
    sweep of the same day does nothing."""
    member, finding = lapsing_member
    sweep_deadlines(D(2026, 3, 31))
    finding.refresh_from_db()
    assert finding.kind == FindingKind.NONCONFORMITY

    first = sweep_deadlines(D(2026, 4, 1))
    finding.refresh_from_db()
    member.refresh_from_db()
    assert finding.kind == FindingKind.MAJOR
    assert member.certificates.get().state == CertificateState.EXPIRED
    assert member.without_certificate_since == D(2026, 4, 1)
    flags = set(Flag.objects.filter(member=member).values_list("rule_id", flat=True))
    assert {"R-M3"} <= flags
    assert first["findings"]["escalated"] == 1

    history_rows = finding.history.count() + member.history.count()
    flag_count = Flag.objects.count()
    second = sweep_deadlines(D(2026, 4, 1))
    assert all(not any(counts.values()) for counts in second.values()), second
    assert finding.history.count() + member.history.count() == history_rows
    assert Flag.objects.count() == flag_count


def test_the_management_command_runs_the_sweep_for_a_given_date(lapsing_member, capsys):
    """R-F3 via ``manage.py sweep_deadlines --date``."""
    member, finding = lapsing_member
    call_command("sweep_deadlines", "--date", "2026-04-01")
    finding.refresh_from_db()
    assert finding.kind == FindingKind.MAJOR
    assert "findings:" in capsys.readouterr().out


def test_the_command_refuses_a_malformed_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("sweep_deadlines", "--date", "1-4-2026")


def test_the_member_timeline_merges_every_app_in_time_order_with_rule_ids(lapsing_member):
    """The timeline shows past events and upcoming deadlines, each with its rule id: here the
    certificate's end (R-Z2/R-M3) and the plan-of-approach deadline (R-F3)."""
    member, finding = lapsing_member
    events = member_timeline(member=member, today=D(2026, 2, 15))
    assert events == sorted(events)
    rules = {event.rule_id for event in events}
    assert "R-F3" in rules
    deadlines = [event for event in events if event.is_deadline]
    assert any(event.on == D(2026, 3, 31) and event.rule_id == "R-F3" for event in deadlines)
    assert any(event.on == D(2026, 3, 31) for event in deadlines if event.rule_id != "R-F3")
