"""The daily sweep of certificates (R-M3 expiry and the member without a valid certificate),
idempotent: a second run on the same day changes nothing."""

import datetime as dt

from certificates.models import Certificate, CertificateState, PostponementState
from certificates.services import certificates_sweep, member_certificate_flag_keys
from core.history import change_reason_text
from core.models import Flag, FlagAudience
from members.models import Member, MemberState
from tests.certificates.factories import PostponementFactory
from tests.factories import CertificateFactory, MemberFactory

D = dt.date


def history_rows():
    return Certificate.history.count(), Member.history.count(), Flag.history.count()


def test_r_m3_nothing_happens_on_the_last_day_of_validity(old_certificate):
    """R-M3: nothing happens on the last day of validity."""
    counts = certificates_sweep(today=D(2026, 5, 31))
    assert set(counts.values()) == {0}
    old_certificate.refresh_from_db()
    assert old_certificate.state == CertificateState.VALID


def test_r_m3_sweep_expires_flags_and_a_second_run_changes_nothing(member_x, old_certificate):
    """R-M3: on 1 June 2026 the certificate that ended on 31 May has expired; member X is
    without a valid certificate since 1 June: the bureau is told to contact it, the
    directeur is offered pause or suspension. The second run of the day changes nothing."""
    counts = certificates_sweep(today=D(2026, 6, 1))

    assert counts == {"certificates_expired": 1, "members_without_certificate": 1,
                      "members_certificate_restored": 0, "flags_raised": 2,
                      "swn_reports_overdue": 0}
    old_certificate.refresh_from_db()
    assert old_certificate.state == CertificateState.EXPIRED
    assert old_certificate.history.first().history_user is None
    assert change_reason_text(old_certificate.history.first().history_change_reason).startswith("R-M3:")
    member_x.refresh_from_db()
    assert member_x.without_certificate_since == D(2026, 6, 1)
    assert change_reason_text(member_x.history.first().history_change_reason) == "R-M3: geen geldig certificaat"
    contact_key, options_key = member_certificate_flag_keys(member=member_x,
                                                            since=D(2026, 6, 1))
    contact, options = Flag.objects.get(key=contact_key), Flag.objects.get(key=options_key)
    assert (contact.rule_id, contact.audience) == ("R-M3", FlagAudience.BUREAU)
    assert contact.message.startswith("R-M3: neem contact op met Schuldhulp X")
    assert (options.rule_id, options.audience) == ("R-M3", FlagAudience.DIRECTOR)
    assert options.message.startswith("R-M3: pauzeren of schorsen?")

    before = history_rows()
    second = certificates_sweep(today=D(2026, 6, 1))
    assert set(second.values()) == {0}
    assert history_rows() == before
    assert Flag.objects.count() == 2


def test_r_m3_a_later_run_keeps_the_first_day(member_x, old_certificate):
    """R-M3: a later run keeps the first day."""
    certificates_sweep(today=D(2026, 6, 1))
    assert set(certificates_sweep(today=D(2026, 6, 2)).values()) == {0}
    member_x.refresh_from_db()
    assert member_x.without_certificate_since == D(2026, 6, 1)


def test_r_m3_a_missed_sweep_still_records_the_day_the_certificate_lapsed(member_x,
                                                                         old_certificate):
    """R-M3: a missed sweep still records the day the certificate lapsed."""
    certificates_sweep(today=D(2026, 6, 5))
    member_x.refresh_from_db()
    assert member_x.without_certificate_since == D(2026, 6, 1)


def test_r_m3_superseded_certificate_is_not_expired(member_x, old_certificate):
    """R-M3, R-Z3: once renewed, the old certificate is superseded; the sweep leaves it alone and
    the member is not flagged."""
    old = CertificateFactory(audit__member=member_x, state=CertificateState.SUPERSEDED,
                             valid_from=D(2020, 6, 1), valid_until=D(2023, 5, 31))
    counts = certificates_sweep(today=D(2024, 1, 1))
    old.refresh_from_db()
    assert old.state == CertificateState.SUPERSEDED
    assert counts["certificates_expired"] == 0
    assert counts["members_without_certificate"] == 0


def test_r_m3_r_m4_paused_member_gets_only_the_bureau_flag(db):
    """R-M3, R-M4: paused member gets only the bureau flag."""
    member = MemberFactory(state=MemberState.PAUSED)
    certificates_sweep(today=D(2026, 6, 1))
    member.refresh_from_db()
    assert member.without_certificate_since == D(2026, 6, 1)
    assert list(Flag.objects.filter(member=member).values_list("audience", flat=True)) == [
        FlagAudience.BUREAU]


def test_r_m1_applicants_and_former_members_are_not_flagged(db):
    """R-M1: applicants and former members are not flagged."""
    for state in (MemberState.APPLICANT, MemberState.ADMISSION_AUDIT, MemberState.RESIGNED,
                  MemberState.EXPELLED):
        MemberFactory(state=state)
    counts = certificates_sweep(today=D(2026, 6, 1))
    assert counts["members_without_certificate"] == 0
    assert not Flag.objects.exists()


def test_r_m3_r_z4_flag_mentions_the_postponed_audit(member_x, old_certificate):
    """R-M3, R-Z4: flag mentions the postponed audit."""
    PostponementFactory(certificate=old_certificate, state=PostponementState.GRANTED,
                        months=3, decided_on=D(2026, 5, 6), audit_deadline=D(2026, 8, 31))
    certificates_sweep(today=D(2026, 6, 1))
    _, options_key = member_certificate_flag_keys(member=member_x, since=D(2026, 6, 1))
    assert "audit uitgesteld tot 31 augustus 2026" in Flag.objects.get(key=options_key).message


def test_r_m3_member_with_a_valid_certificate_again_is_cleared(member_x, old_certificate):
    """R-M3: member with a valid certificate again is cleared."""
    certificates_sweep(today=D(2026, 6, 1))
    CertificateFactory(audit__member=member_x, valid_from=D(2026, 6, 1),
                       valid_until=D(2029, 5, 31))
    counts = certificates_sweep(today=D(2026, 6, 2))
    assert counts["members_certificate_restored"] == 1
    member_x.refresh_from_db()
    assert member_x.without_certificate_since is None
    assert not Flag.objects.open().filter(member=member_x).exists()
    assert set(certificates_sweep(today=D(2026, 6, 2)).values()) == {0}
