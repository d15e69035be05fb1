"""Admission in four steps (R-M1) and the directeur's decision (R-M2)."""

import datetime as dt

import pytest

from audits.models import AuditKind, AuditState, ReportVersion
from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision, DecisionKind, Role
from members.models import Admission, AdmissionAdvice, Contact, CoreData, Member, MemberState
from members.services import (
    admission_complete,
    admission_inform_board,
    admission_record_check,
    admission_record_contact,
    admission_record_quality_team_advice,
    admission_start_audit,
    admission_start_review,
    member_admit,
    member_apply,
    member_reject,
    members_sweep,
)
from tests.audits.factories import add_advice
from tests.factories import AuditFactory, CertificateFactory, MemberFactory, UserFactory
from tests.members.factories import (
    AdmissionFactory,
    applicant_in,
    ready_for_admission,
    reported_admission_audit,
)

pytestmark = pytest.mark.django_db

JAN_5 = dt.date(2026, 1, 5)


def apply(**overrides):
    data = dict(
        name="Schuldhulp Zuid", city="Maastricht", website="https://zuid.example",
        contact_name="Zara Zuid", contact_email="zara@zuid.example",
        contact_phone="043-1234567", motivation="Wij bieden schuldhulp in Zuid-Limburg.",
        scope_numbers=[1, 2, 5], conditions_accepted=True, today=JAN_5,
    )
    data.update(overrides)
    return member_apply(**data)


def other_states(*allowed):
    return [s for s in MemberState.values if s not in allowed]


# --- step 1: aanmelding ------------------------------------------------------------------------


def test_member_apply_creates_applicant_admission_contact_and_core_data_r_m1():
    """R-M1 step 1: the form comes in with the conditions accepted on 5 January 2026."""
    member = apply()

    assert member.state == MemberState.APPLICANT
    assert member.member_number is None
    assert sorted(member.scope.values_list("number", flat=True)) == [1, 2, 5]
    admission = member.admission
    assert admission.submitted_on == JAN_5
    assert admission.conditions_accepted_on == JAN_5
    contact = Contact.objects.get(member=member)
    assert contact.is_primary and contact.email == "zara@zuid.example"
    core = CoreData.objects.get(member=member, audit__isnull=True)
    assert core.name == "Schuldhulp Zuid" and core.contact_person == "Zara Zuid"
    assert member.history.count() == 1
    assert change_reason_text(member.history.first().history_change_reason) == "aanmelding ontvangen (R-M1 stap 1)"


def test_member_apply_refused_without_accepted_conditions_r_m1():
    """R-M1: member apply refused without accepted conditions."""
    with pytest.raises(RuleViolation) as refused:
        apply(conditions_accepted=False)
    assert refused.value.rule_id == "R-M1"
    assert "lidmaatschapsvoorwaarden" in refused.value.message
    assert not Member.objects.filter(name="Schuldhulp Zuid").exists()


def test_member_apply_refused_when_form_incomplete_r_m1():
    """R-M1: member apply refused when form incomplete."""
    with pytest.raises(RuleViolation) as refused:
        apply(contact_email="")
    assert refused.value.rule_id == "R-M1"
    assert "e-mailadres contactpersoon" in refused.value.message


def test_member_apply_refuses_unknown_scope_r_m5():
    """R-M5: member apply refuses unknown scope."""
    with pytest.raises(RuleViolation) as refused:
        apply(scope_numbers=[1, 23])
    assert refused.value.rule_id == "R-M5"
    assert "23" in refused.value.message


def test_start_review_from_applicant_by_bureau_r_m1(bea):
    """R-M1: start review from applicant by bureau."""
    member = applicant_in(MemberState.APPLICANT)

    member = admission_start_review(member=member, actor=bea, today=dt.date(2026, 1, 12))

    assert member.state == MemberState.UNDER_REVIEW
    assert member.state_changed_on == dt.date(2026, 1, 12)
    last = member.history.first()
    assert last.history_user == bea
    assert change_reason_text(last.history_change_reason) == "aanmelding in behandeling (R-M1)"


@pytest.mark.parametrize("state", other_states(MemberState.APPLICANT))
def test_start_review_refused_from_other_states_r_m1(bea, state):
    """R-M1: start review refused from other states."""
    member = applicant_in(state)
    with pytest.raises(RuleViolation) as refused:
        admission_start_review(member=member, actor=bea)
    assert refused.value.rule_id == "R-M1"
    assert "Aangemeld" in refused.value.message


def test_start_review_refused_for_director_r_m1(dirk):
    """R-M1: start review refused for director."""
    member = applicant_in(MemberState.APPLICANT)
    with pytest.raises(RuleViolation) as refused:
        admission_start_review(member=member, actor=dirk)
    assert refused.value.rule_id == "R-M1"


def test_record_check_determines_scope_r_m1_r_m5(bea):
    """R-M1, R-M5: record check determines scope."""
    member = applicant_in(MemberState.UNDER_REVIEW)

    admission = admission_record_check(member=member, meets_conditions=True,
                                       notes="Voldoet aan Wgs.", scope_numbers=[1, 4],
                                       actor=bea, today=dt.date(2026, 1, 12))

    assert admission.checked_on == dt.date(2026, 1, 12)
    assert admission.checked_by == bea and admission.meets_conditions
    assert sorted(member.scope.values_list("number", flat=True)) == [1, 4]
    assert admission.history.first().history_user == bea
    assert change_reason_text(member.history.first().history_change_reason) == "scope vastgesteld (R-M5): 1, 4"


def test_record_check_refused_before_review_started_r_m1(bea):
    """R-M1: record check refused before review started."""
    member = applicant_in(MemberState.APPLICANT)
    with pytest.raises(RuleViolation) as refused:
        admission_record_check(member=member, meets_conditions=True, notes="",
                               scope_numbers=[1], actor=bea)
    assert refused.value.rule_id == "R-M1"


def test_record_contact_r_m1(bea, dirk):
    """R-M1: record contact."""
    member = applicant_in(MemberState.UNDER_REVIEW)
    with pytest.raises(RuleViolation):
        admission_record_contact(member=member, actor=dirk)

    admission = admission_record_contact(member=member, actor=bea,
                                         contacted_on=dt.date(2026, 1, 13),
                                         today=dt.date(2026, 1, 14))

    assert admission.contacted_on == dt.date(2026, 1, 13)
    with pytest.raises(RuleViolation) as refused:
        admission_record_contact(member=member, actor=bea, contacted_on=dt.date(2026, 1, 4),
                                 today=dt.date(2026, 1, 14))
    assert refused.value.rule_id == "R-M1"


def test_start_audit_from_complete_application_r_m1(bea):
    """R-M1: start audit from complete application."""
    member = applicant_in(MemberState.UNDER_REVIEW, checked=True)

    member = admission_start_audit(member=member, actor=bea, today=dt.date(2026, 1, 14))

    assert member.state == MemberState.ADMISSION_AUDIT
    assert change_reason_text(member.history.first().history_change_reason) == "naar toelatingsaudit (R-M1 stap 2)"


def test_start_audit_refused_naming_what_is_missing_r_m1(bea):
    """R-M1 step 2 follows only a complete application that meets the conditions."""
    member = applicant_in(MemberState.UNDER_REVIEW)
    with pytest.raises(RuleViolation) as refused:
        admission_start_audit(member=member, actor=bea)
    assert refused.value.rule_id == "R-M1"
    assert "controle door het Verenigingsbureau" in refused.value.message
    assert "contact met de organisatie" in refused.value.message
    assert Member.objects.get(pk=member.pk).state == MemberState.UNDER_REVIEW


def test_start_audit_refused_when_conditions_not_met_r_m1(bea):
    """R-M1: start audit refused when conditions not met."""
    member = applicant_in(MemberState.UNDER_REVIEW, checked=True, meets_conditions=False)
    with pytest.raises(RuleViolation) as refused:
        admission_start_audit(member=member, actor=bea)
    assert "wet- en regelgeving" in refused.value.message


@pytest.mark.parametrize("state", other_states(MemberState.UNDER_REVIEW))
def test_start_audit_refused_from_other_states_r_m1(bea, state):
    """R-M1: start audit refused from other states."""
    member = applicant_in(state, checked=True)
    with pytest.raises(RuleViolation) as refused:
        admission_start_audit(member=member, actor=bea)
    assert refused.value.rule_id == "R-M1"


# --- step 3: akkoord ----------------------------------------------------------------------------


def test_quality_team_advice_recorded_as_decision_r_m1(kim, anna, body_a):
    """R-M1: quality team advice recorded as decision."""
    member = applicant_in(MemberState.ADMISSION_AUDIT, checked=True)
    reported_admission_audit(member, body=body_a, by=anna.user)

    admission = admission_record_quality_team_advice(
        member=member, advice=AdmissionAdvice.POSITIVE, text="Goede organisatie.", actor=kim,
        today=dt.date(2026, 4, 27))

    assert admission.quality_team_advice == AdmissionAdvice.POSITIVE
    assert admission.quality_team_advised_on == dt.date(2026, 4, 27)
    decision = Decision.objects.get(kind=DecisionKind.QUALITY_TEAM_ADVICE)
    assert decision.decided_by == kim and decision.role == Role.QUALITY_TEAM
    assert decision.rule_id == "R-M1" and decision.member == member


def test_second_quality_team_advice_corrects_the_first_r_0_3(kim, anna, body_a):
    """R-0.3: second quality team advice corrects the first."""
    member = applicant_in(MemberState.ADMISSION_AUDIT, checked=True)
    reported_admission_audit(member, body=body_a, by=anna.user)
    admission_record_quality_team_advice(member=member, advice="negative", text="Twijfel.",
                                         actor=kim)
    admission_record_quality_team_advice(member=member, advice="positive", text="Na gesprek.",
                                         actor=kim)
    first, second = Decision.objects.filter(
        kind=DecisionKind.QUALITY_TEAM_ADVICE).order_by("id")
    assert second.corrects == first


def test_quality_team_advice_refused_before_audit_report_r_m1(kim):
    """R-M1: quality team advice refused before audit report."""
    member = applicant_in(MemberState.ADMISSION_AUDIT, checked=True)
    with pytest.raises(RuleViolation) as refused:
        admission_record_quality_team_advice(member=member, advice="positive", text="Ok",
                                             actor=kim)
    assert refused.value.rule_id == "R-M1"
    assert "auditrapport" in refused.value.message


def test_quality_team_advice_only_by_quality_team_r_m1(dirk, anna, body_a):
    """R-M1: quality team advice only by quality team."""
    member = applicant_in(MemberState.ADMISSION_AUDIT, checked=True)
    reported_admission_audit(member, body=body_a, by=anna.user)
    with pytest.raises(RuleViolation) as refused:
        admission_record_quality_team_advice(member=member, advice="positive", text="Ok",
                                             actor=dirk)
    assert refused.value.rule_id == "R-M1"


@pytest.mark.parametrize("state", other_states(MemberState.ADMISSION_AUDIT))
def test_quality_team_advice_refused_outside_admission_audit_r_m1(kim, state):
    """R-M1: quality team advice refused outside admission audit."""
    member = applicant_in(state, checked=True)
    with pytest.raises(RuleViolation) as refused:
        admission_record_quality_team_advice(member=member, advice="positive", text="Ok",
                                             actor=kim)
    assert refused.value.rule_id == "R-M1"


@pytest.mark.parametrize("advice", ["positive", "conditional"])
def test_director_admits_after_advices_r_m1_r_m2(dirk, anna, body_a, advice):
    """R-M1, R-M2: director admits after advices."""
    member = ready_for_admission(body=body_a, by=anna.user, advice=advice)

    member = member_admit(member=member, motivation="Positief advies CI en kernteam.",
                          actor=dirk, today=dt.date(2026, 5, 4))

    assert member.state == MemberState.MEMBER
    assert member.member_since == dt.date(2026, 5, 4)
    assert member.member_number == "L00001"
    assert Admission.objects.get(member=member).decided_on == dt.date(2026, 5, 4)
    decision = Decision.objects.get(kind=DecisionKind.ADMISSION, member=member)
    assert decision.decided_by == dirk and decision.role == Role.DIRECTOR
    assert decision.rule_id == "R-M1"
    assert decision.documents.count() == 1  # the definitive admission audit report
    last = member.history.first()
    assert last.history_user == dirk
    assert change_reason_text(last.history_change_reason) == "toegelaten als lid (R-M1, R-M2)"


def test_member_numbers_count_up(dirk, anna, body_a):
    first = member_admit(member=ready_for_admission(body=body_a, by=anna.user),
                         motivation="Ok", actor=dirk)
    second = member_admit(member=ready_for_admission(body=body_a, by=anna.user),
                          motivation="Ok", actor=dirk)
    assert (first.member_number, second.member_number) == ("L00001", "L00002")


def test_only_the_director_admits_r_m2(bea, anna, body_a):
    """R-M2: only the director admits."""
    member = ready_for_admission(body=body_a, by=anna.user)
    with pytest.raises(RuleViolation) as refused:
        member_admit(member=member, motivation="Ok", actor=bea)
    assert refused.value.rule_id == "R-M2"
    assert Member.objects.get(pk=member.pk).state == MemberState.ADMISSION_AUDIT


def test_admit_refused_without_quality_team_advice_r_m1(dirk, anna, body_a):
    """R-M1: admit refused without quality team advice."""
    member = applicant_in(MemberState.ADMISSION_AUDIT, checked=True)
    reported_admission_audit(member, body=body_a, by=anna.user, advice="positive")
    with pytest.raises(RuleViolation) as refused:
        member_admit(member=member, motivation="Ok", actor=dirk)
    assert refused.value.rule_id == "R-M1"
    assert "kernteam" in refused.value.message


def test_admit_refused_with_negative_audit_advice_r_m1(dirk, anna, body_a):
    """R-M1: admit refused with negative audit advice."""
    member = ready_for_admission(body=body_a, by=anna.user, advice="negative")
    with pytest.raises(RuleViolation) as refused:
        member_admit(member=member, motivation="Ok", actor=dirk)
    assert refused.value.rule_id == "R-M1"
    assert "positief advies" in refused.value.message


def test_admit_refused_without_any_advice_r_m1(dirk, anna, body_a):
    """R-M1: admit refused without any advice."""
    member = ready_for_admission(body=body_a, by=anna.user, advice=None)
    with pytest.raises(RuleViolation) as refused:
        member_admit(member=member, motivation="Ok", actor=dirk)
    assert refused.value.rule_id == "R-M1"
    assert not Decision.objects.filter(kind=DecisionKind.ADMISSION).exists()


@pytest.mark.parametrize("state", other_states(MemberState.ADMISSION_AUDIT))
def test_admit_refused_from_other_states_r_m2(dirk, state):
    """R-M2: admit refused from other states."""
    member = applicant_in(state, checked=True, quality_team_advice="positive")
    with pytest.raises(RuleViolation) as refused:
        member_admit(member=member, motivation="Ok", actor=dirk)
    assert refused.value.rule_id == "R-M2"
    assert "In toelatingsaudit" in refused.value.message


def test_admit_refused_without_motivation_r_0_3(dirk, anna, body_a):
    """R-0.3: admit refused without motivation."""
    member = ready_for_admission(body=body_a, by=anna.user)
    with pytest.raises(RuleViolation) as refused:
        member_admit(member=member, motivation=" ", actor=dirk)
    assert refused.value.rule_id == "R-0.3"


# --- rejection (R-M2) ---------------------------------------------------------------------------


@pytest.mark.parametrize("state", [MemberState.APPLICANT, MemberState.UNDER_REVIEW,
                                   MemberState.ADMISSION_AUDIT])
def test_director_rejects_at_any_admission_step_r_m2(dirk, body_a, state):
    """R-M2: director rejects at any admission step."""
    member = applicant_in(state)
    audit = AuditFactory(member=member, body=body_a, kind=AuditKind.ADMISSION,
                         state=AuditState.PREPARATION)

    member = member_reject(member=member, motivation="Voldoet niet aan de Wgs.", actor=dirk,
                           today=dt.date(2026, 2, 2))

    assert member.state == MemberState.REJECTED
    decision = Decision.objects.get(kind=DecisionKind.ADMISSION, member=member)
    assert decision.outcome == "afgewezen" and decision.rule_id == "R-M2"
    audit.refresh_from_db()
    assert audit.state == AuditState.CANCELLED
    assert audit.history.first().history_user == dirk


@pytest.mark.parametrize("state", other_states(MemberState.APPLICANT, MemberState.UNDER_REVIEW,
                                               MemberState.ADMISSION_AUDIT))
def test_reject_refused_outside_admission_r_m2(dirk, state):
    """R-M2: reject refused outside admission."""
    member = applicant_in(state)
    with pytest.raises(RuleViolation) as refused:
        member_reject(member=member, motivation="Nee", actor=dirk)
    assert refused.value.rule_id == "R-M2"


def test_only_the_director_rejects_r_m2(bea):
    """R-M2: only the director rejects."""
    member = applicant_in(MemberState.UNDER_REVIEW)
    with pytest.raises(RuleViolation) as refused:
        member_reject(member=member, motivation="Nee", actor=bea)
    assert refused.value.rule_id == "R-M2"


# --- step 3 (board) and step 4 -----------------------------------------------------------------


def admitted_member(**admission):
    defaults = dict(checked=True, quality_team_advice="positive",
                    decided_on=dt.date(2026, 5, 4))
    defaults.update(admission)
    member = MemberFactory(state=MemberState.MEMBER, member_since=dt.date(2026, 5, 4))
    AdmissionFactory(member=member, **defaults)
    return member


def test_inform_board_r_m1(bea):
    """R-M1: inform board."""
    member = admitted_member()
    admission = admission_inform_board(member=member, actor=bea,
                                       informed_on=dt.date(2026, 5, 11),
                                       today=dt.date(2026, 5, 12))
    assert admission.board_informed_on == dt.date(2026, 5, 11)
    assert admission.history.first().history_user == bea


def test_inform_board_refused_before_admission_r_m1(bea):
    """R-M1: inform board refused before admission."""
    member = applicant_in(MemberState.ADMISSION_AUDIT, checked=True)
    with pytest.raises(RuleViolation) as refused:
        admission_inform_board(member=member, actor=bea)
    assert refused.value.rule_id == "R-M1"


def test_sweep_flags_board_not_informed_once_r_m1(bea):
    """R-M1: sweep flags board not informed once."""
    member = admitted_member()
    assert members_sweep(today=dt.date(2026, 5, 5)) == {"board_not_informed_flags": 1}
    assert members_sweep(today=dt.date(2026, 5, 5)) == {"board_not_informed_flags": 0}
    assert member.flags.open().count() == 1
    admission_inform_board(member=member, actor=bea, today=dt.date(2026, 5, 6))
    assert member.flags.open().count() == 0


def test_complete_admission_step_4_r_m1(bea, body_a):
    """R-M1: complete admission step 4."""
    member = admitted_member(board_informed_on=dt.date(2026, 5, 11))
    CertificateFactory(audit__member=member, audit__body=body_a, valid_from=dt.date(2026, 5, 4),
                       valid_until=dt.date(2029, 5, 3))

    admission = admission_complete(
        member=member, introduction_meeting_on=dt.date(2026, 5, 20),
        certificate_handed_over_on=dt.date(2026, 5, 20), published_on=dt.date(2026, 5, 22),
        actor=bea, today=dt.date(2026, 6, 1))

    assert admission.introduction_meeting_on == dt.date(2026, 5, 20)
    assert admission.published_on == dt.date(2026, 5, 22)
    assert change_reason_text(admission.history.first().history_change_reason) == "afronding toelating (R-M1 stap 4)"


def test_complete_refused_before_board_informed_r_m1(bea):
    """R-M1: complete refused before board informed."""
    member = admitted_member()
    with pytest.raises(RuleViolation) as refused:
        admission_complete(member=member, published_on=dt.date(2026, 5, 22), actor=bea,
                           today=dt.date(2026, 6, 1))
    assert refused.value.rule_id == "R-M1"
    assert "Bestuur" in refused.value.message


def test_certificate_cannot_be_handed_over_before_it_exists_r_m1(bea):
    """R-M1: certificate cannot be handed over before it exists."""
    member = admitted_member(board_informed_on=dt.date(2026, 5, 11))
    with pytest.raises(RuleViolation) as refused:
        admission_complete(member=member, certificate_handed_over_on=dt.date(2026, 5, 20),
                           actor=bea, today=dt.date(2026, 6, 1))
    assert refused.value.rule_id == "R-M1"


# --- the whole walk ------------------------------------------------------------------------------


def test_full_admission_walk_r_m1(bea, dirk, kim, anna, arie, body_a):
    """R-M1: aanmelding on 5 January 2026, admission audit in March, the kernteam advises on
    27 April, the directeur admits on 4 May, the Bestuur is informed on 11 May, and the member is
    introduced on the website on 22 May."""
    from audits import services as audit_services
    from members.services import core_data_update

    member = apply()
    admission_start_review(member=member, actor=bea, today=dt.date(2026, 1, 12))
    admission_record_check(member=member, meets_conditions=True, notes="In orde.",
                           scope_numbers=[1, 2], actor=bea, today=dt.date(2026, 1, 12))
    admission_record_contact(member=member, actor=bea, today=dt.date(2026, 1, 13))
    admission_start_audit(member=member, actor=bea, today=dt.date(2026, 1, 14))
    core_data_update(member=member, data={"formation_fte": "6.5", "locations": 1}, actor=bea)

    audit = audit_services.audit_create(member=member, kind=AuditKind.ADMISSION, body=body_a,
                                        actor=bea, today=dt.date(2026, 1, 15))
    audit_services.audit_plan(audit=audit, fieldwork_starts_on=dt.date(2026, 3, 2),
                              fieldwork_ends_on=dt.date(2026, 3, 3), planned_days=2,
                              planned_auditors=2, scope_numbers=[1, 2],
                              development_levels=False, actor=anna.user,
                              today=dt.date(2026, 1, 20))
    audit_services.audit_agree_quote(audit=audit, actor=anna.user, today=dt.date(2026, 1, 21))
    audit_services.audit_start_preparation(audit=audit, actor=anna.user)
    audit_services.audit_assign_team(audit=audit, lead=anna, second=arie, actor=anna.user,
                                     today=dt.date(2026, 1, 22))
    day = dt.date(2026, 3, 3)
    audit_services.audit_start_fieldwork(audit=audit, actor=anna.user, today=dt.date(2026, 3, 2))
    audit_services.audit_give_oral_feedback(audit=audit, actor=anna.user, today=day)
    audit_services.audit_upload_report(audit=audit, version=ReportVersion.CONCEPT,
                                       content=b"%PDF concept", name="concept.pdf",
                                       actor=anna.user)
    audit_services.audit_submit_concept(audit=audit, actor=anna.user)
    audit_services.audit_review(audit=audit, reviewer=arie, notes="Akkoord.", actor=arie.user,
                                today=dt.date(2026, 3, 12))
    audit_services.audit_present(audit=audit, actor=anna.user, today=dt.date(2026, 3, 16))
    audit_services.audit_upload_report(audit=audit, version=ReportVersion.DEFINITIVE,
                                       content=b"%PDF definitief", name="definitief.pdf",
                                       actor=anna.user)
    audit_services.audit_make_definitive(audit=audit, actor=anna.user,
                                         today=dt.date(2026, 3, 23))
    add_advice(audit, by=anna.user)

    admission_record_quality_team_advice(member=member, advice="positive",
                                         text="Aanbevolen.", actor=kim,
                                         today=dt.date(2026, 4, 27))
    member_admit(member=member, motivation="Positief advies CI en kernteam.", actor=dirk,
                 today=dt.date(2026, 5, 4))
    admission_inform_board(member=member, actor=dirk, today=dt.date(2026, 5, 11))
    admission_complete(member=member, introduction_meeting_on=dt.date(2026, 5, 20),
                       published_on=dt.date(2026, 5, 22), actor=bea, today=dt.date(2026, 5, 22))

    member = Member.objects.get(pk=member.pk)
    assert member.state == MemberState.MEMBER
    assert member.member_since == dt.date(2026, 5, 4)
    assert member.member_number
    assert audit.core_data_snapshot.formation_fte == 6.5
    states = list(member.history.order_by("history_date").values_list("state", flat=True))
    assert states[0] == MemberState.APPLICANT and states[-1] == MemberState.MEMBER
    assert MemberState.UNDER_REVIEW in states and MemberState.ADMISSION_AUDIT in states
    assert set(Decision.objects.filter(member=member).values_list("kind", flat=True)) == {
        DecisionKind.QUALITY_TEAM_ADVICE, DecisionKind.ADMISSION}


def test_new_member_visible_to_its_staff_only(bea):
    member = apply()
    outsider = UserFactory(roles=[Role.MEMBER_CONTACT])
    from members.selectors import members_for_user

    assert member in members_for_user(user=bea)
    assert member not in members_for_user(user=outsider)
