"""R-Z5 withdrawal by the directeur, with reason and motivation; R-M3 flag when the member is
left without a valid certificate; R-Z2 the SWN report."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from certificates.models import Certificate, CertificateState, WithdrawalReason
from certificates.selectors import register_status
from certificates.services import (
    certificate_record_swn_report,
    certificate_withdraw,
    certificates_sweep,
    member_certificate_flag_keys,
    swn_flag_key,
)
from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision, DecisionKind, Flag, FlagAudience, Role
from members.models import MemberState
from tests.factories import CertificateFactory

D = dt.date
MOTIVATION = "Het lid gaat per 1 maart op in een andere organisatie."


def withdraw(certificate, actor, **kwargs):
    arguments = {"reason": WithdrawalReason.MERGER, "motivation": MOTIVATION,
                 "today": D(2026, 3, 2)} | kwargs
    return certificate_withdraw(certificate=certificate, actor=actor, **arguments)


def test_r_z5_director_withdraws_with_reason_motivation_and_decision(dirk, member_x,
                                                                     old_certificate):
    """R-Z5: director withdraws with reason motivation and decision."""
    certificate = withdraw(old_certificate, dirk)

    assert certificate.state == CertificateState.WITHDRAWN
    assert certificate.withdrawn_on == D(2026, 3, 2)
    assert certificate.withdrawal_reason == WithdrawalReason.MERGER
    assert certificate.history.first().history_user == dirk
    assert change_reason_text(certificate.history.first().history_change_reason) == "R-Z5: ingetrokken (Fusie)"
    decision = Decision.objects.get(
        kind=DecisionKind.WITHDRAWAL, subject_id=certificate.pk,
        subject_type=ContentType.objects.get_for_model(certificate))
    assert (decision.rule_id, decision.role, decision.motivation) == (
        "R-Z5", Role.DIRECTOR, MOTIVATION)
    assert decision.member == member_x
    # The register reflects it the same day (R-Z5).
    status = register_status(member=member_x, today=D(2026, 3, 2))
    assert status.code == "withdrawn"
    assert status.label == "Certificaat ingetrokken op 2 maart 2026"


def test_r_m3_r_z5_member_left_without_certificate_is_flagged(dirk, member_x, old_certificate):
    """R-M3, R-Z5: member left without certificate is flagged."""
    withdraw(old_certificate, dirk)
    member_x.refresh_from_db()
    assert member_x.without_certificate_since == D(2026, 3, 2)
    contact_key, options_key = member_certificate_flag_keys(member=member_x,
                                                            since=D(2026, 3, 2))
    assert Flag.objects.get(key=contact_key).audience == FlagAudience.BUREAU
    assert Flag.objects.get(key=options_key).audience == FlagAudience.DIRECTOR
    # The next sweep finds nothing new to do for this member.
    counts = certificates_sweep(today=D(2026, 3, 3))
    assert counts["flags_raised"] == 0 and counts["members_without_certificate"] == 0


def test_r_z5_withdrawal_leaving_another_valid_certificate_flags_nobody(dirk, member_x):
    """R-Z5: A member that still holds another valid certificate is not flagged (R-M3)."""
    CertificateFactory(audit__member=member_x, valid_from=D(2025, 1, 1),
                       valid_until=D(2027, 12, 31))
    other = CertificateFactory(audit__member=member_x, valid_from=D(2024, 1, 1),
                               valid_until=D(2026, 12, 31))
    withdraw(other, dirk)
    member_x.refresh_from_db()
    assert member_x.without_certificate_since is None
    assert not Flag.objects.filter(rule_id="R-M3").exists()


def test_r_z5_only_the_director_withdraws(bea, old_certificate):
    """R-Z5: only the director withdraws."""
    with pytest.raises(RuleViolation) as refused:
        withdraw(old_certificate, bea)
    assert refused.value.rule_id == "R-Z5"
    old_certificate.refresh_from_db()
    assert old_certificate.state == CertificateState.VALID


def test_r_z5_motivation_is_required(dirk, old_certificate):
    """R-Z5: motivation is required."""
    with pytest.raises(RuleViolation) as refused:
        withdraw(old_certificate, dirk, motivation=" ")
    assert refused.value.rule_id == "R-Z5"
    assert "motivering" in refused.value.message


def test_r_z5_reason_must_be_one_of_the_reasons(dirk, old_certificate):
    """R-Z5: reason must be one of the reasons."""
    with pytest.raises(RuleViolation) as refused:
        withdraw(old_certificate, dirk, reason="zomaar")
    assert refused.value.rule_id == "R-Z5"


@pytest.mark.parametrize("state", [CertificateState.EXPIRED, CertificateState.WITHDRAWN,
                                   CertificateState.SUPERSEDED])
def test_r_z5_only_a_valid_certificate_is_withdrawn(dirk, member_x, state):
    """R-Z5: only a valid certificate is withdrawn (a superseded one only while it is still
    valid, below)."""
    certificate = CertificateFactory(audit__member=member_x, state=state,
                                     valid_from=D(2022, 6, 1), valid_until=D(2025, 5, 31))
    with pytest.raises(RuleViolation) as refused:
        withdraw(certificate, dirk)
    assert refused.value.rule_id == "R-Z5"
    assert "alleen een geldig certificaat" in refused.value.message
    assert not Decision.objects.filter(kind=DecisionKind.WITHDRAWAL).exists()


def test_r_z5_withdrawal_of_an_expelled_members_certificate_raises_no_r_m3_flag(dirk):
    """R-Z5, R-M3: withdrawal of an expelled members certificate raises no R-M3 flag."""
    certificate = CertificateFactory(audit__member__state=MemberState.EXPELLED)
    withdraw(certificate, dirk, reason=WithdrawalReason.MEMBERSHIP_ENDED)
    assert not Flag.objects.filter(rule_id="R-M3").exists()


# --- R-Z5 after an early renewal was decided ------------------------------------------------


@pytest.fixture
def renewed(member_x, old_certificate):
    """An early renewal was decided: NVVK-2023-0001 (valid until 31 May 2026) is superseded
    by NVVK-2026-0001, which starts on 1 June 2026 (R-Z3)."""
    Certificate.objects.filter(pk=old_certificate.pk).update(state=CertificateState.SUPERSEDED)
    old_certificate.refresh_from_db()
    renewal = CertificateFactory(number="NVVK-2026-0001", audit__member=member_x,
                                 previous=old_certificate, valid_from=D(2026, 6, 1),
                                 valid_until=D(2029, 5, 31), decided_on=D(2026, 2, 20))
    return old_certificate, renewal


@pytest.mark.parametrize("opened", ["current", "renewal"])
def test_r_z5_withdrawal_after_a_decided_renewal_acts_on_today_and_the_renewal(
        dirk, member_x, renewed, opened):
    """R-Z5/R-Z3 (issue #9): after an early renewal was decided, withdrawing the certificate
    valid today (superseded) or the renewal withdraws both the same day: the register and the
    verification page say "ingetrokken", the member is without a certificate (R-M3)."""
    from overview.selectors import certificate_verification

    current, renewal = renewed
    withdraw(current if opened == "current" else renewal, dirk)

    for certificate in (current, renewal):
        certificate.refresh_from_db()
        assert certificate.state == CertificateState.WITHDRAWN
        assert certificate.withdrawn_on == D(2026, 3, 2)
        assert certificate_verification(number=certificate.number, token=None,
                                        today=D(2026, 3, 2)).code == "withdrawn"
    assert register_status(member=member_x, today=D(2026, 3, 2)).code == "withdrawn"
    assert register_status(member=member_x, today=D(2026, 7, 1)).code == "withdrawn"
    decision = Decision.objects.get(kind=DecisionKind.WITHDRAWAL)
    assert "NVVK-2023-0001" in decision.outcome and "NVVK-2026-0001" in decision.outcome
    member_x.refresh_from_db()
    assert member_x.without_certificate_since == D(2026, 3, 2)


def test_r_z5_a_superseded_certificate_that_ended_is_not_withdrawn(dirk, member_x, renewed):
    """R-Z5: on 2 July 2026 the superseded certificate has ended; only the renewal valid
    that day is withdrawn."""
    current, renewal = renewed
    with pytest.raises(RuleViolation):
        withdraw(current, dirk, today=D(2026, 7, 2))
    withdraw(renewal, dirk, today=D(2026, 7, 2))
    current.refresh_from_db()
    renewal.refresh_from_db()
    assert (current.state, renewal.state) == (CertificateState.SUPERSEDED,
                                              CertificateState.WITHDRAWN)


# --- R-Z2 the SWN report -------------------------------------------------------------------


@pytest.fixture
def swn_certificate(member_x):
    return CertificateFactory(audit__member=member_x, valid_from=D(2026, 6, 1),
                              valid_until=D(2030, 5, 31), four_years_swn=True,
                              swn_report_due_on=D(2028, 6, 1), decided_on=D(2026, 4, 20))


def test_r_z2_bureau_records_the_swn_report(bea, swn_certificate):
    """R-Z2: bureau records the SWN report."""
    certificate = certificate_record_swn_report(certificate=swn_certificate,
                                                received_on=D(2028, 5, 20), actor=bea,
                                                today=D(2028, 5, 21))
    assert certificate.swn_report_received_on == D(2028, 5, 20)
    assert certificate.history.first().history_user == bea
    assert change_reason_text(certificate.history.first().history_change_reason) == "R-Z2: SWN-rapport ontvangen"


def test_r_z2_overdue_swn_report_is_flagged_once_and_resolved_on_receipt(bea, member_x,
                                                                         swn_certificate):
    """R-Z2: overdue SWN report is flagged once and resolved on receipt."""
    assert certificates_sweep(today=D(2028, 6, 1))["swn_reports_overdue"] == 0
    assert certificates_sweep(today=D(2028, 6, 2))["swn_reports_overdue"] == 1
    assert certificates_sweep(today=D(2028, 6, 2))["swn_reports_overdue"] == 0
    assert certificates_sweep(today=D(2028, 6, 3))["swn_reports_overdue"] == 0
    flag = Flag.objects.get(key=swn_flag_key(swn_certificate))
    assert (flag.rule_id, flag.audience, flag.due_on) == ("R-Z2", FlagAudience.BUREAU,
                                                          D(2028, 6, 1))
    certificate_record_swn_report(certificate=swn_certificate, received_on=D(2028, 6, 10),
                                  actor=bea, today=D(2028, 6, 10))
    flag.refresh_from_db()
    assert flag.resolved_on == D(2028, 6, 10)


def test_r_z2_no_swn_report_for_a_three_year_certificate(bea, old_certificate):
    """R-Z2: no SWN report for a three year certificate."""
    with pytest.raises(RuleViolation) as refused:
        certificate_record_swn_report(certificate=old_certificate, received_on=D(2025, 6, 1),
                                      actor=bea, today=D(2025, 6, 1))
    assert refused.value.rule_id == "R-Z2"


def test_r_z2_swn_report_date_not_in_the_future_and_only_by_nvvk(bea, anna, swn_certificate):
    """R-Z2: SWN report date not in the future and only by NVVK."""
    with pytest.raises(RuleViolation):
        certificate_record_swn_report(certificate=swn_certificate, received_on=D(2028, 6, 2),
                                      actor=bea, today=D(2028, 6, 1))
    with pytest.raises(RuleViolation) as refused:
        certificate_record_swn_report(certificate=swn_certificate, received_on=D(2028, 6, 1),
                                      actor=anna.user, today=D(2028, 6, 1))
    assert refused.value.rule_id == "R-Z2"
