"""Reads: the valid certificate (R-M3), expiring certificates with or without a planned audit
(R-N1), the register status (R-N2, R-Z4, R-Z5) and the member's timeline."""

import datetime as dt

import pytest

from audits.models import AuditKind, AuditState
from certificates.models import CertificateState, PostponementState
from certificates.selectors import (
    certificates_expiring,
    members_without_valid_certificate,
    register_status,
    timeline_events,
    valid_certificate,
)
from core.timeline import member_timeline
from members.models import MemberState
from tests.certificates.factories import PostponementFactory
from tests.factories import AuditFactory, CertificateFactory, MemberFactory

D = dt.date


@pytest.mark.parametrize(("day", "valid"), [
    (D(2023, 5, 31), False), (D(2023, 6, 1), True), (D(2026, 5, 31), True),
    (D(2026, 6, 1), False),
])
def test_r_m3_valid_certificate_on_each_side_of_the_validity(member_x, old_certificate, day,
                                                            valid):
    """R-M3: valid certificate on each side of the validity."""
    assert (valid_certificate(member=member_x, today=day) == old_certificate) is valid


def test_r_m3_validity_is_read_from_the_dates_even_before_the_sweep(member_x, old_certificate):
    """R-M3: validity is read from the dates even before the sweep."""
    # Still in state "valid" on 2 June (no sweep yet), but no longer valid.
    assert old_certificate.state == CertificateState.VALID
    assert valid_certificate(member=member_x, today=D(2026, 6, 2)) is None
    assert member_x in members_without_valid_certificate(today=D(2026, 6, 2))
    assert member_x not in members_without_valid_certificate(today=D(2026, 5, 31))


def test_r_z3_superseded_certificate_stays_valid_until_its_last_day(member_x):
    """R-Z3: superseded certificate stays valid until its last day."""
    old = CertificateFactory(audit__member=member_x, state=CertificateState.SUPERSEDED,
                             valid_from=D(2023, 6, 1), valid_until=D(2026, 5, 31))
    new = CertificateFactory(audit__member=member_x, previous=old, valid_from=D(2026, 6, 1),
                             valid_until=D(2029, 5, 31))
    assert valid_certificate(member=member_x, today=D(2026, 5, 31)) == old
    assert valid_certificate(member=member_x, today=D(2026, 6, 1)) == new


def test_r_n1_certificates_expiring_with_and_without_a_planned_audit(member_x, member_y):
    """R-N1: on 1 June 2026, certificates ending before 1 January 2027 (seven months) are
    listed (six months: up to 1 December); X has a recertification audit in preparation, Y none (a cancelled one does not
    count)."""
    x = CertificateFactory(audit__member=member_x, valid_until=D(2026, 12, 1))
    y = CertificateFactory(audit__member=member_y, valid_until=D(2027, 1, 1))
    AuditFactory(member=member_x, state=AuditState.PREPARATION)
    AuditFactory(member=member_y, state=AuditState.CANCELLED)
    AuditFactory(member=member_y, kind=AuditKind.INTERIM, state=AuditState.PREPARATION)
    CertificateFactory(audit__member=MemberFactory(), valid_until=D(2026, 5, 31))  # past

    today = D(2026, 6, 1)
    assert list(certificates_expiring(today=today)) == [x, y]
    assert [c.has_planned_audit for c in certificates_expiring(today=today)] == [True, False]
    assert list(certificates_expiring(today=today, planned=False)) == [y]
    assert list(certificates_expiring(today=today, planned=True)) == [x]
    assert list(certificates_expiring(today=today, months=6)) == [x]


def test_r_n1_renewed_certificates_are_not_listed_as_expiring(member_x):
    """R-N1: renewed certificates are not listed as expiring."""
    CertificateFactory(audit__member=member_x, state=CertificateState.SUPERSEDED,
                       valid_until=D(2026, 8, 31))
    assert not certificates_expiring(today=D(2026, 6, 1)).exists()


# --- Register status ----------------------------------------------------------------------


def test_r_n2_register_shows_a_valid_certificate(member_x, old_certificate):
    """R-N2: register shows a valid certificate."""
    status = register_status(member=member_x, today=D(2026, 5, 31))
    assert (status.code, status.certificate, status.until) == ("valid", old_certificate,
                                                               D(2026, 5, 31))
    assert status.label == "Geldig tot en met 31 mei 2026"


def test_r_z4_register_shows_the_postponed_audit_during_the_gap(member_x, old_certificate):
    """R-Z4: postponed to 31 August 2026, member X has no valid certificate from 1 June; the
    register shows "audit uitgesteld tot 31 augustus 2026", and after that "verlopen"."""
    PostponementFactory(certificate=old_certificate, state=PostponementState.GRANTED,
                        months=3, decided_on=D(2026, 5, 6), audit_deadline=D(2026, 8, 31))
    assert register_status(member=member_x, today=D(2026, 5, 31)).code == "valid"
    status = register_status(member=member_x, today=D(2026, 6, 1))
    assert status.code == "postponed"
    assert status.label == "Audit uitgesteld tot 31 augustus 2026"
    assert register_status(member=member_x, today=D(2026, 8, 31)).code == "postponed"
    status = register_status(member=member_x, today=D(2026, 9, 1))
    assert status.code == "expired"
    assert status.label == "Certificaat verlopen op 31 mei 2026"


def test_r_z4_a_refused_postponement_shows_expired(member_x, old_certificate):
    """R-Z4: a refused postponement shows expired."""
    PostponementFactory(certificate=old_certificate, state=PostponementState.REFUSED,
                        decided_on=D(2026, 5, 6))
    assert register_status(member=member_x, today=D(2026, 6, 1)).code == "expired"


def test_r_n2_register_without_any_certificate(db):
    """R-N2: register without any certificate."""
    member = MemberFactory(state=MemberState.ADMISSION_AUDIT)
    status = register_status(member=member, today=D(2026, 6, 1))
    assert (status.code, status.label, status.certificate) == ("none", "Geen certificaat", None)


# --- Timeline -------------------------------------------------------------------------------


def test_timeline_shows_issue_deadlines_postponement_and_swn_report(member_x):
    certificate = CertificateFactory(
        number="NVVK-2026-0003", audit__member=member_x, valid_from=D(2026, 6, 1),
        valid_until=D(2030, 5, 31), decided_on=D(2026, 4, 20), four_years_swn=True,
        swn_report_due_on=D(2028, 6, 1))
    PostponementFactory(certificate=certificate, state=PostponementState.GRANTED, months=2,
                        requested_on=D(2030, 3, 1), decided_on=D(2030, 3, 5),
                        audit_deadline=D(2030, 7, 31))
    # Past events come from this app's selector, deadlines from its clocks (core.deadlines):
    # the merged member timeline shows both.
    events = [e for e in member_timeline(member=member_x, today=D(2027, 1, 1))
              if e.rule_id.startswith("R-Z")]
    rows = [(e.on, e.kind, e.rule_id) for e in sorted(events)]
    assert rows == [
        (D(2026, 4, 20), "event", "R-Z1"),
        (D(2028, 6, 1), "deadline", "R-Z2"),
        (D(2030, 3, 1), "event", "R-Z4"),
        (D(2030, 3, 5), "event", "R-Z4"),
        (D(2030, 5, 31), "deadline", "R-Z6"),
        (D(2030, 7, 31), "deadline", "R-Z4"),
    ]
    assert sorted(events)[0].title == "Certificaat NVVK-2026-0003 afgegeven"
    assert set(timeline_events(member=member_x, today=D(2027, 1, 1))) <= set(events)


def test_timeline_shows_expiry_and_withdrawal_as_past_events(member_x, old_certificate):
    withdrawn = CertificateFactory(audit__member=member_x, state=CertificateState.WITHDRAWN,
                                   valid_from=D(2026, 6, 1), valid_until=D(2029, 5, 31),
                                   decided_on=D(2026, 4, 20), withdrawn_on=D(2027, 2, 1),
                                   withdrawal_reason="bankruptcy")
    events = {(e.on, e.rule_id, e.kind, e.title)
              for e in timeline_events(member=member_x, today=D(2027, 3, 1))}
    assert (D(2026, 6, 1), "R-M3", "event", "Certificaat NVVK-2023-0001 verlopen") in events
    assert (D(2027, 2, 1), "R-Z5", "event", f"Certificaat {withdrawn.number} ingetrokken") in \
        events
    assert not [e for e in events if e[2] == "deadline"]
