"""R-Z1 the directeur's decision, R-Z2 validity, R-Z3 contiguity, the certificate number."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from audits.models import AuditKind, AuditState
from certificates.models import Certificate, CertificateState
from certificates.services import (
    certificate_decide,
    certificate_number_next,
    member_certificate_flag_keys,
)
from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision, DecisionKind, Flag, FlagAudience, Role
from findings.models import AdviceKind
from members.models import MemberState, ScopeItem
from tests.certificates.factories import advised_audit
from tests.factories import CertificateFactory, MemberFactory

D = dt.date


def certification_decisions(audit):
    return Decision.objects.filter(kind=DecisionKind.CERTIFICATION,
                                   subject_type=ContentType.objects.get_for_model(audit),
                                   subject_id=audit.pk)


# --- A first certificate --------------------------------------------------------------------


def test_r_z1_first_certificate_starts_on_the_day_of_the_decision(dirk, body_a):
    """R-Z1/R-Z2: a first certificate runs from the decision for three years minus a day."""
    applicant = MemberFactory(name="Nieuw Lid", state=MemberState.ADMISSION_AUDIT,
                              member_since=None)
    audit = advised_audit(member=applicant, body=body_a, kind=AuditKind.ADMISSION,
                          fieldwork=D(2026, 3, 2))

    certificate = certificate_decide(audit=audit, certify=True, actor=dirk,
                                     today=D(2026, 4, 15))

    assert certificate.number == "NVVK-2026-0001"
    assert certificate.state == CertificateState.VALID
    assert (certificate.valid_from, certificate.valid_until) == (D(2026, 4, 15), D(2029, 4, 14))
    assert certificate.decided_on == D(2026, 4, 15)
    assert certificate.previous is None
    assert certificate.body == body_a
    assert certificate.member == applicant
    assert not certificate.four_years_swn and certificate.swn_report_due_on is None
    audit.refresh_from_db()
    assert audit.state == AuditState.DECIDED


def test_r_z1_decision_writes_history_and_the_decision_record(dirk, member_x, body_a,
                                                              old_certificate):
    """R-Z1, R-0.3, R-0.4: history rows name the directeur and why; the decision record
    names the rule, the role and the outcome."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 4, 1))
    audit_history = audit.history.count()

    certificate = certificate_decide(audit=audit, certify=True, actor=dirk,
                                     today=D(2026, 4, 20))

    assert certificate.history.count() == 1
    row = certificate.history.first()
    assert row.history_user == dirk
    assert change_reason_text(row.history_change_reason) == "R-Z1: certificaat afgegeven"
    audit.refresh_from_db()
    assert audit.history.count() == audit_history + 1
    assert audit.history.first().history_user == dirk
    assert change_reason_text(audit.history.first().history_change_reason).startswith("R-Z1:")
    old_certificate.refresh_from_db()
    assert change_reason_text(old_certificate.history.first().history_change_reason) == \
        f"R-Z3: opgevolgd door {certificate.number}"

    [decision] = certification_decisions(audit)
    assert decision.rule_id == "R-Z1"
    assert decision.role == Role.DIRECTOR
    assert decision.decided_by == dirk
    assert decision.member == member_x
    assert certificate.number in decision.outcome
    assert "afwijkend" not in decision.outcome


def test_r_z1_only_the_director_decides(bea, member_x, body_a):
    """R-Z1: only the director decides."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2))
    with pytest.raises(RuleViolation) as refused:
        certificate_decide(audit=audit, certify=True, actor=bea, today=D(2026, 4, 1))
    assert refused.value.rule_id == "R-Z1"
    assert "directeur" in refused.value.message
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("state", [s for s in AuditState.values
                                   if s not in (AuditState.ADVISED, AuditState.DECIDED)])
def test_r_u2_decision_refused_before_the_advice(dirk, member_x, body_a, state):
    """R-U2/R-Z1: the directeur decides only on an audit in step *advies aan NVVK*."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2), state=state)
    with pytest.raises(RuleViolation) as refused:
        certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 1))
    assert refused.value.rule_id == "R-U2"
    assert "advies" in refused.value.message
    audit.refresh_from_db()
    assert audit.state == state
    assert not Certificate.objects.exists()
    assert not certification_decisions(audit).exists()


def test_r_z1_a_decided_audit_is_not_decided_again(dirk, member_x, body_a):
    """R-Z1: a decided audit is not decided again."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2))
    certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 1))
    with pytest.raises(RuleViolation) as refused:
        certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 2))
    assert refused.value.rule_id == "R-Z1"
    assert Certificate.objects.count() == 1
    assert certification_decisions(audit).count() == 1


def test_r_z1_no_decision_without_the_bodys_advice(dirk, member_x, body_a):
    """R-Z1: no decision without the body's advice."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2), advice=None)
    with pytest.raises(RuleViolation) as refused:
        certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 1))
    assert refused.value.rule_id == "R-Z1"


# --- Following or deviating from the advice (R-Z1) -----------------------------------------


@pytest.mark.parametrize(("advice", "certify"), [
    (AdviceKind.NEGATIVE, True),
    (AdviceKind.POSITIVE, False),
    (AdviceKind.CONDITIONAL, False),
])
def test_r_z1_deciding_against_the_advice_without_motivation_is_refused(
        dirk, member_x, body_a, advice, certify):
    """R-Z1: deciding against the advice without motivation is refused."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2), advice=advice,
                          conditions="Jaarlijkse klanttevredenheidsmeting." if advice ==
                          AdviceKind.CONDITIONAL else "")
    for motivation in ("", "   "):
        with pytest.raises(RuleViolation) as refused:
            certificate_decide(audit=audit, certify=certify, motivation=motivation,
                               actor=dirk, today=D(2026, 4, 1))
        assert refused.value.rule_id == "R-Z1"
        assert "motivering" in refused.value.message
    audit.refresh_from_db()
    assert audit.state == AuditState.ADVISED
    assert not Certificate.objects.exists()


def test_r_z1_deciding_against_a_negative_advice_with_motivation_certifies(dirk, member_x,
                                                                           body_a):
    """R-Z1: deciding against a negative advice with motivation certifies."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2),
                          advice=AdviceKind.NEGATIVE)
    motivation = "De tekortkoming is na het advies aantoonbaar opgelost."
    certificate = certificate_decide(audit=audit, certify=True, motivation=motivation,
                                     actor=dirk, today=D(2026, 4, 1))
    assert certificate is not None
    [decision] = certification_decisions(audit)
    assert decision.motivation == motivation
    assert "afwijkend van het advies" in decision.outcome


def test_r_z1_following_a_negative_advice_issues_no_certificate(dirk, member_x, body_a,
                                                                old_certificate):
    """R-Z1: a certificate is issued only on a positive decision."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2),
                          advice=AdviceKind.NEGATIVE)
    assert certificate_decide(audit=audit, certify=False, actor=dirk,
                              today=D(2026, 4, 1)) is None
    assert Certificate.objects.count() == 1
    old_certificate.refresh_from_db()
    assert old_certificate.state == CertificateState.VALID
    audit.refresh_from_db()
    assert audit.state == AuditState.DECIDED
    [decision] = certification_decisions(audit)
    assert decision.outcome == "Niet gecertificeerd"


def test_r_z1_conditions_of_the_advice_are_copied(dirk, member_x, body_a):
    """R-Z1: conditions of the advice are copied."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2),
                          advice=AdviceKind.CONDITIONAL,
                          conditions="Binnen een jaar een klachtenregeling publiceren.")
    certificate = certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 1))
    assert certificate.conditions == "Binnen een jaar een klachtenregeling publiceren."


def test_r_m5_scope_is_copied_from_the_audit_or_else_the_member(dirk, body_a):
    """R-M5: scope is copied from the audit or else the member."""
    member = MemberFactory(scope=ScopeItem.objects.filter(number__in=[1, 2, 3]))
    audit = advised_audit(member=member, body=body_a, fieldwork=D(2026, 3, 2),
                          scope=ScopeItem.objects.filter(number__in=[2, 5]))
    certificate = certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 1))
    assert sorted(certificate.scope.values_list("number", flat=True)) == [2, 5]

    other = MemberFactory(scope=ScopeItem.objects.filter(number__in=[1, 3]))
    audit = advised_audit(member=other, body=body_a, fieldwork=D(2026, 3, 2))
    certificate = certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 1))
    assert sorted(certificate.scope.values_list("number", flat=True)) == [1, 3]


def test_r_u1_an_interim_audit_does_not_lead_to_a_certificate(dirk, member_x, body_a):
    """R-U1: an interim audit does not lead to a certificate."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2),
                          kind=AuditKind.INTERIM)
    with pytest.raises(RuleViolation) as refused:
        certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 1))
    assert refused.value.rule_id == "R-U1"


def test_r_m2_a_resigned_organisation_gets_no_certificate(dirk, body_a):
    """R-M2: a resigned organisation gets no certificate."""
    member = MemberFactory(state=MemberState.RESIGNED)
    audit = advised_audit(member=member, body=body_a, fieldwork=D(2026, 3, 2))
    with pytest.raises(RuleViolation) as refused:
        certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 1))
    assert refused.value.rule_id == "R-M2"
    audit.refresh_from_db()
    assert audit.state == AuditState.ADVISED


# --- Contiguity (R-Z3) ----------------------------------------------------------------------


def test_r_z3_renewal_after_an_audit_two_months_early_starts_the_day_after_the_old_ends(
        dirk, member_x, body_a, old_certificate):
    """R-Z3: audit on 1 April 2026, two months before the old certificate ends on 31 May:
    the renewal runs from 1 June 2026 to 31 May 2029, not from the decision."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 4, 1))

    certificate = certificate_decide(audit=audit, certify=True, actor=dirk,
                                     today=D(2026, 4, 20))

    assert (certificate.valid_from, certificate.valid_until) == (D(2026, 6, 1), D(2029, 5, 31))
    assert certificate.number == "NVVK-2026-0001"
    assert certificate.previous == old_certificate
    old_certificate.refresh_from_db()
    assert old_certificate.state == CertificateState.SUPERSEDED
    # The old certificate stays valid up to and including its own last day.
    assert old_certificate.is_valid_on(D(2026, 5, 31))
    assert not certificate.is_valid_on(D(2026, 5, 31))
    assert certificate.is_valid_on(D(2026, 6, 1))


def test_r_z3_an_audit_exactly_three_months_before_the_start_is_accepted(
        dirk, member_x, body_a, old_certificate):
    """R-Z3: an audit exactly three months before the start is accepted."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 1))
    certificate = certificate_decide(audit=audit, certify=True, actor=dirk,
                                     today=D(2026, 4, 20))
    assert certificate.valid_from == D(2026, 6, 1)


def test_r_z3_an_audit_more_than_three_months_before_the_start_is_refused(
        dirk, member_x, body_a, old_certificate):
    """R-Z3: the renewal starts 1 June 2026; an audit on 28 February 2026 is one day too
    early to be its basis."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 2, 28))
    with pytest.raises(RuleViolation) as refused:
        certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 20))
    assert refused.value.rule_id == "R-Z3"
    assert "drie maanden" in refused.value.message
    assert "1 maart 2026" in refused.value.message
    audit.refresh_from_db()
    assert audit.state == AuditState.ADVISED
    old_certificate.refresh_from_db()
    assert old_certificate.state == CertificateState.VALID
    assert Certificate.objects.count() == 1
    assert not certification_decisions(audit).exists()


def test_r_z3_the_three_month_limit_is_for_renewals_not_for_a_first_certificate(
        dirk, body_a):
    """R-Z3: guideline §8 limits the gap between audit and start for renewals; a first
    certificate starts on the decision day, however long the admission follow-up took."""
    member = MemberFactory(state=MemberState.ADMISSION_AUDIT)
    audit = advised_audit(member=member, body=body_a, kind=AuditKind.ADMISSION,
                          fieldwork=D(2026, 1, 14))
    certificate = certificate_decide(audit=audit, certify=True, actor=dirk,
                                     today=D(2026, 4, 15))
    assert certificate.valid_from == D(2026, 4, 15)
    assert certificate.valid_until == D(2029, 4, 14)


def test_r_z3_r_z4_late_audit_after_postponement_still_continues_the_old_certificate(
        dirk, member_x, body_a, old_certificate):
    """R-Z3/R-Z4: postponed, the audit takes place on 3 August 2026, two months after the old
    certificate ended. The renewal starts on 1 June 2026 all the same (no extension, no gap
    in the chain), and the member holds a valid certificate again: its R-M3 mark and flags
    are cleared."""
    from certificates.services import certificates_sweep

    certificates_sweep(today=D(2026, 6, 1))
    member_x.refresh_from_db()
    assert member_x.without_certificate_since == D(2026, 6, 1)
    keys = member_certificate_flag_keys(member=member_x, since=D(2026, 6, 1))
    assert Flag.objects.open().filter(key__in=keys).count() == 2

    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 8, 3))
    certificate = certificate_decide(audit=audit, certify=True, actor=dirk,
                                     today=D(2026, 8, 25))

    assert (certificate.valid_from, certificate.valid_until) == (D(2026, 6, 1), D(2029, 5, 31))
    old_certificate.refresh_from_db()
    assert old_certificate.state == CertificateState.SUPERSEDED
    member_x.refresh_from_db()
    assert member_x.without_certificate_since is None
    assert member_x.history.first().history_user == dirk
    assert not Flag.objects.open().filter(key__in=keys).exists()


def test_r_z3_a_withdrawn_certificate_breaks_the_chain(dirk, member_x, body_a):
    """R-Z3: a withdrawn certificate breaks the chain."""
    CertificateFactory(audit__member=member_x, state=CertificateState.WITHDRAWN,
                       valid_from=D(2024, 6, 1), valid_until=D(2027, 5, 31),
                       withdrawn_on=D(2026, 1, 10), withdrawal_reason="merger")
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2))
    certificate = certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 1))
    assert certificate.valid_from == D(2026, 4, 1)
    assert certificate.previous is None


def test_r_z3_after_a_lapse_longer_than_a_whole_certificate_the_new_one_starts_afresh(
        dirk, body_a):
    """R-Z3: after a lapse longer than a whole certificate the new one starts afresh."""
    member = MemberFactory(state=MemberState.SUSPENDED)
    CertificateFactory(audit__member=member, state=CertificateState.EXPIRED,
                       valid_from=D(2019, 6, 1), valid_until=D(2022, 5, 31))
    audit = advised_audit(member=member, body=body_a, kind=AuditKind.RE_AUDIT,
                          fieldwork=D(2026, 3, 2))
    certificate = certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 1))
    assert (certificate.valid_from, certificate.previous) == (D(2026, 4, 1), None)


# --- Validity (R-Z2) -------------------------------------------------------------------------


def test_r_z2_four_years_after_a_combined_swn_audit(dirk, member_x, body_a, old_certificate):
    """R-Z2: four years, 1 June 2026 to 31 May 2030, SWN report due on 1 June 2028."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 4, 1),
                          kind=AuditKind.COMBINED_SWN)
    certificate = certificate_decide(audit=audit, certify=True, four_years_swn=True,
                                     actor=dirk, today=D(2026, 4, 20))
    assert certificate.four_years_swn
    assert (certificate.valid_from, certificate.valid_until) == (D(2026, 6, 1), D(2030, 5, 31))
    assert certificate.swn_report_due_on == D(2028, 6, 1)


def test_r_z2_a_combined_swn_audit_gets_three_years_unless_the_director_grants_four(
        dirk, member_x, body_a, old_certificate):
    """R-Z2: a combined SWN audit gets three years unless the director grants four."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 4, 1),
                          kind=AuditKind.COMBINED_SWN)
    certificate = certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 20))
    assert certificate.valid_until == D(2029, 5, 31)
    assert certificate.swn_report_due_on is None


def test_r_z2_four_years_refused_without_a_combined_swn_audit(dirk, member_x, body_a):
    """R-Z2: four years refused without a combined SWN audit."""
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2))
    with pytest.raises(RuleViolation) as refused:
        certificate_decide(audit=audit, certify=True, four_years_swn=True, actor=dirk,
                           today=D(2026, 4, 1))
    assert refused.value.rule_id == "R-Z2"
    assert "SWN" in refused.value.message


@pytest.mark.parametrize(("kind", "four", "valid_until", "swn_due"), [
    (AuditKind.ADMISSION, False, D(2031, 2, 27), None),
    (AuditKind.COMBINED_SWN, True, D(2032, 2, 28), D(2030, 2, 28)),
])
def test_r_z2_certificate_starting_on_29_february(dirk, body_a, kind, four, valid_until,
                                                  swn_due):
    """R-Z2 with R-0.1: 29 Feb 2028 + 3 years clamps to 28 Feb 2031, minus a day."""
    member = MemberFactory(state=MemberState.ADMISSION_AUDIT)
    audit = advised_audit(member=member, body=body_a, kind=kind, fieldwork=D(2028, 2, 1))
    certificate = certificate_decide(audit=audit, certify=True, four_years_swn=four,
                                     actor=dirk, today=D(2028, 2, 29))
    assert certificate.valid_from == D(2028, 2, 29)
    assert certificate.valid_until == valid_until
    assert certificate.swn_report_due_on == swn_due


# --- Certificate numbers -------------------------------------------------------------------


def test_certificate_numbers_count_per_year_of_valid_from(dirk, body_a, old_certificate,
                                                          member_x):
    """``NVVK-<year of valid_from>-<sequence>``: the renewal decided in April 2026 but
    starting 1 June 2026 is a 2026 number; a first certificate from 2027 starts at 0001."""
    assert certificate_number_next(year=2026) == "NVVK-2026-0001"
    assert certificate_number_next(year=2026) == "NVVK-2026-0002"
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 4, 1))
    assert certificate_decide(audit=audit, certify=True, actor=dirk,
                              today=D(2026, 4, 20)).number == "NVVK-2026-0003"
    assert certificate_number_next(year=2027) == "NVVK-2027-0001"


def test_certificate_numbers_continue_after_numbers_already_in_use(db):
    CertificateFactory(number="NVVK-2025-0041")
    CertificateFactory(number="NVVK-2025-0007")
    assert certificate_number_next(year=2025) == "NVVK-2025-0042"


def test_flags_for_the_member_are_not_raised_by_a_decision(dirk, member_x, body_a,
                                                           old_certificate):
    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 4, 1))
    certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 20))
    assert not Flag.objects.filter(audience=FlagAudience.DIRECTOR).exists()


def test_r_0_3_the_decision_rests_on_the_definitive_report(dirk, anna, member_x, body_a):
    """R-0.3: the certification decision lists the documents it rests on."""
    from audits.models import AuditReport, ReportVersion
    from core.documents import document_store

    audit = advised_audit(member=member_x, body=body_a, fieldwork=D(2026, 3, 2))
    report = document_store(content=b"%PDF-1.4 rapport", name="rapport.pdf",
                            mime_type="application/pdf", actor=anna.user, member=member_x)
    concept = document_store(content=b"%PDF-1.4 concept", name="concept.pdf",
                             mime_type="application/pdf", actor=anna.user, member=member_x)
    AuditReport.objects.create(audit=audit, version=ReportVersion.CONCEPT, document=concept,
                               uploaded_by=anna.user)
    AuditReport.objects.create(audit=audit, version=ReportVersion.DEFINITIVE, document=report,
                               uploaded_by=anna.user)
    certificate_decide(audit=audit, certify=True, actor=dirk, today=D(2026, 4, 1))
    [decision] = certification_decisions(audit)
    assert list(decision.documents.all()) == [report]
