"""Pause and resume (R-M4, R-M3), resignation (R-M2), scope (R-M5), core data (R-M6) and
contacts."""

import datetime as dt

import pytest

from audits.models import AuditKind, AuditState
from certificates.models import CertificateState
from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision, DecisionKind, Flag, Role
from members.models import Contact, CoreData, Member, MemberState
from members.services import (
    contact_add,
    contact_update,
    core_data_snapshot,
    core_data_update,
    member_pause,
    member_resign,
    member_resume,
    member_update_scope,
)
from tests.factories import AuditFactory, CertificateFactory, MemberFactory, UserFactory
from tests.members.factories import CoreDataFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 7, 1)


def other_states(*allowed):
    return [s for s in MemberState.values if s not in allowed]


# --- R-M4 pause -------------------------------------------------------------------------------


def test_director_pauses_a_member_r_m4(dirk, member_x):
    """R-M4: director pauses a member."""
    member = member_pause(member=member_x, motivation="Certificaat verlopen; hercertificering "
                          "loopt.", actor=dirk, today=TODAY)

    assert member.state == MemberState.PAUSED
    assert member.state_changed_on == TODAY
    decision = Decision.objects.get(kind=DecisionKind.PAUSE, member=member_x)
    assert decision.rule_id == "R-M4" and decision.role == Role.DIRECTOR
    assert decision.outcome == "lidmaatschap gepauzeerd"
    last = member.history.first()
    assert last.history_user == dirk
    assert change_reason_text(last.history_change_reason) == "lidmaatschap gepauzeerd (R-M4)"


@pytest.mark.parametrize("state", other_states(MemberState.MEMBER))
def test_pause_refused_from_other_states_r_m4(dirk, state):
    """R-M4: pause refused from other states."""
    member = MemberFactory(state=state)
    with pytest.raises(RuleViolation) as refused:
        member_pause(member=member, motivation="x", actor=dirk)
    assert refused.value.rule_id == "R-M4"
    assert "Lid" in refused.value.message


@pytest.mark.parametrize("person", ["bea", "bram", "kim"])
def test_only_the_director_pauses_r_m2_r_m4(request, member_x, person):
    """R-M2, R-M4: only the director pauses."""
    with pytest.raises(RuleViolation) as refused:
        member_pause(member=member_x, motivation="x", actor=request.getfixturevalue(person))
    assert refused.value.rule_id == "R-M4"
    assert Member.objects.get(pk=member_x.pk).state == MemberState.MEMBER


def paused_member_with_certificate(body, **certificate):
    member = MemberFactory(state=MemberState.PAUSED)
    if certificate:
        CertificateFactory(audit__member=member, audit__body=body, **certificate)
    return member


def test_resume_with_a_valid_certificate_r_m4_r_m3(dirk, body_a):
    """R-M4 ends the pause; R-M3 needs a certificate valid today (1 July 2026)."""
    member = paused_member_with_certificate(body_a, valid_from=dt.date(2026, 6, 1),
                                            valid_until=dt.date(2029, 5, 31))

    member = member_resume(member=member, motivation="Nieuw certificaat per 1 juni 2026.",
                           actor=dirk, today=TODAY)

    assert member.state == MemberState.MEMBER
    decisions = Decision.objects.filter(kind=DecisionKind.PAUSE, member=member)
    assert decisions.get().outcome == "pauze beëindigd"
    assert change_reason_text(member.history.first().history_change_reason) == "pauze beëindigd (R-M4)"


@pytest.mark.parametrize("certificate", [
    {},  # none at all
    {"valid_from": dt.date(2023, 6, 1), "valid_until": dt.date(2026, 5, 31)},  # lapsed
    {"valid_from": dt.date(2026, 8, 1), "valid_until": dt.date(2029, 7, 31)},  # not yet
    {"valid_from": dt.date(2026, 6, 1), "valid_until": dt.date(2029, 5, 31),
     "state": CertificateState.WITHDRAWN},
], ids=["none", "lapsed", "future", "withdrawn"])
def test_resume_refused_without_a_certificate_valid_today_r_m3(dirk, body_a, certificate):
    """R-M3: resume refused without a certificate valid today."""
    member = paused_member_with_certificate(body_a, **certificate)
    with pytest.raises(RuleViolation) as refused:
        member_resume(member=member, motivation="x", actor=dirk, today=TODAY)
    assert refused.value.rule_id == "R-M3"
    assert "geen geldig certificaat" in refused.value.message
    assert Member.objects.get(pk=member.pk).state == MemberState.PAUSED
    assert not Decision.objects.filter(kind=DecisionKind.PAUSE).exists()


def test_resume_on_the_certificates_last_day_r_m3(dirk, body_a):
    """R-M3: resume on the certificates last day."""
    member = paused_member_with_certificate(body_a, valid_from=dt.date(2023, 7, 2),
                                            valid_until=TODAY)
    assert member_resume(member=member, motivation="x", actor=dirk,
                         today=TODAY).state == MemberState.MEMBER


@pytest.mark.parametrize("state", other_states(MemberState.PAUSED))
def test_resume_refused_from_other_states_r_m4(dirk, state):
    """R-M4: resume refused from other states."""
    member = MemberFactory(state=state)
    with pytest.raises(RuleViolation) as refused:
        member_resume(member=member, motivation="x", actor=dirk)
    assert refused.value.rule_id == "R-M4"


def test_only_the_director_resumes_r_m4(bea, body_a):
    """R-M4: only the director resumes."""
    member = paused_member_with_certificate(body_a, valid_from=dt.date(2026, 6, 1),
                                            valid_until=dt.date(2029, 5, 31))
    with pytest.raises(RuleViolation) as refused:
        member_resume(member=member, motivation="x", actor=bea, today=TODAY)
    assert refused.value.rule_id == "R-M4"


# --- R-M2 resignation ---------------------------------------------------------------------------


@pytest.mark.parametrize("state", [MemberState.MEMBER, MemberState.PAUSED])
def test_member_resigns_and_open_audits_are_cancelled_r_m2(body_a, state):
    """R-M2: member resigns and open audits are cancelled."""
    member = MemberFactory(state=state)
    contact = Contact.objects.create(member=member, name="Zoë", email="zoe@z.example",
                                     user=UserFactory(roles=[Role.MEMBER_CONTACT]))
    audit = AuditFactory(member=member, body=body_a, state=AuditState.PREPARATION)

    member = member_resign(member=member, reason="Stopt met schuldhulp.", actor=contact.user,
                           today=TODAY)

    assert member.state == MemberState.RESIGNED
    assert member.history.first().history_user == contact.user
    audit.refresh_from_db()
    assert audit.state == AuditState.CANCELLED


def test_another_members_contact_cannot_resign_r_m2(yuri, member_x):
    """R-M2: another members contact cannot resign."""
    with pytest.raises(RuleViolation) as refused:
        member_resign(member=member_x, reason="x", actor=yuri.user)
    assert refused.value.rule_id == "R-M2"


@pytest.mark.parametrize("state", other_states(MemberState.MEMBER, MemberState.PAUSED))
def test_resign_refused_from_other_states_r_m2(bea, state):
    """R-M2: resign refused from other states."""
    member = MemberFactory(state=state)
    with pytest.raises(RuleViolation) as refused:
        member_resign(member=member, reason="x", actor=bea)
    assert refused.value.rule_id == "R-M2"


# --- R-M5 scope --------------------------------------------------------------------------------


def scope_of(member):
    return sorted(member.scope.values_list("number", flat=True))


def test_scope_extension_flags_an_interim_audit_for_the_bureau_r_m5_r_t2(bea, member_x):
    """R-M5/R-T2: extending a member's scope (1–3 → 1–4) is a trigger for an interim audit."""
    member_update_scope(member=member_x, scope_numbers=[1, 2, 3, 4], actor=bea, today=TODAY)

    assert scope_of(member_x) == [1, 2, 3, 4]
    flag = Flag.objects.get(member=member_x)
    assert flag.rule_id == "R-T2" and flag.audience == "bureau"
    assert flag.message.startswith("R-T2: scope uitgebreid; overweeg tussentijdse audit")
    assert change_reason_text(member_x.history.first().history_change_reason) == "scope gewijzigd (R-M5): +4"

    # Idempotent: the same change again raises nothing new.
    member_update_scope(member=member_x, scope_numbers=[1, 2, 3, 4], actor=bea, today=TODAY)
    assert Flag.objects.filter(member=member_x).count() == 1


def test_scope_reduction_raises_no_flag_r_m5(bea, member_x):
    """R-M5: scope reduction raises no flag."""
    member_update_scope(member=member_x, scope_numbers=[1], actor=bea, today=TODAY)
    assert scope_of(member_x) == [1]
    assert not Flag.objects.exists()


def test_applicant_scope_change_raises_no_interim_flag_r_m5(bea):
    """R-M5: applicant scope change raises no interim flag."""
    member = MemberFactory(state=MemberState.UNDER_REVIEW)
    member_update_scope(member=member, scope_numbers=[1, 2, 3, 4, 5], actor=bea, today=TODAY)
    assert not Flag.objects.exists()


@pytest.mark.parametrize("numbers", [[], [0], [23], [1, 99]])
def test_scope_must_be_a_subset_of_appendix_1_r_m5(bea, member_x, numbers):
    """R-M5: scope must be a subset of appendix 1."""
    with pytest.raises(RuleViolation) as refused:
        member_update_scope(member=member_x, scope_numbers=numbers, actor=bea)
    assert refused.value.rule_id == "R-M5"
    assert scope_of(member_x) == [1, 2, 3]


def test_scope_changed_by_bureau_only_r_m5(xena, member_x):
    """R-M5: scope changed by bureau only."""
    with pytest.raises(RuleViolation) as refused:
        member_update_scope(member=member_x, scope_numbers=[1, 2, 3, 4], actor=xena.user)
    assert refused.value.rule_id == "R-M5"


# --- R-M6 core data ------------------------------------------------------------------------------


def test_member_contact_updates_core_data_r_m6(xena, member_x):
    """R-M6: member contact updates core data."""
    core = core_data_update(member=member_x, data={"formation_fte": "14.25", "locations": 3,
                                                   "outsourced_parts": "Budgetbeheer"},
                            actor=xena.user)

    assert core.audit is None
    assert str(core.formation_fte) == "14.25" and core.locations == 3
    assert core.history.first().history_user == xena.user
    assert change_reason_text(core.history.first().history_change_reason) == "kerngegevens bijgewerkt (R-M6)"
    core_data_update(member=member_x, data={"locations": 4}, actor=xena.user)
    assert CoreData.objects.filter(member=member_x, audit__isnull=True).count() == 1


def test_other_members_contact_cannot_update_core_data_r_m6(yuri, member_x):
    """R-M6: other members contact cannot update core data."""
    with pytest.raises(RuleViolation) as refused:
        core_data_update(member=member_x, data={"locations": 3}, actor=yuri.user)
    assert refused.value.rule_id == "R-M6"


@pytest.mark.parametrize("data", [{"shoe_size": 42}, {"email": "geen-adres"},
                                  {"formation_fte": "veel"}])
def test_invalid_core_data_refused_r_m6(bea, member_x, data):
    """R-M6: invalid core data refused."""
    with pytest.raises(RuleViolation) as refused:
        core_data_update(member=member_x, data=data, actor=bea)
    assert refused.value.rule_id == "R-M6"


def test_core_data_snapshot_is_frozen_per_audit_r_m6(bea, member_x, body_a):
    """R-M6: core data snapshot is frozen per audit."""
    CoreDataFactory(member=member_x, formation_fte="12.50")
    audit = AuditFactory(member=member_x, body=body_a)

    snapshot = core_data_snapshot(audit=audit, actor=bea)
    core_data_update(member=member_x, data={"formation_fte": "20"}, actor=bea)

    snapshot.refresh_from_db()
    assert snapshot.audit == audit and str(snapshot.formation_fte) == "12.50"
    assert CoreData.objects.get(member=member_x, audit__isnull=True).formation_fte == 20


def test_snapshot_needs_core_data_r_m6(bea, member_x, body_a):
    """R-M6: snapshot needs core data."""
    audit = AuditFactory(member=member_x, body=body_a)
    with pytest.raises(RuleViolation) as refused:
        core_data_snapshot(audit=audit, actor=bea)
    assert refused.value.rule_id == "R-M6"


# --- contacts ------------------------------------------------------------------------------------


def test_new_primary_contact_replaces_the_old_one(xena, member_x):
    added = contact_add(member=member_x, name="Xavier", email="xavier@x.example",
                        is_primary=True, actor=xena.user)

    xena.refresh_from_db()
    assert added.is_primary and not xena.is_primary
    assert change_reason_text(xena.history.first().history_change_reason) == "andere eerste contactpersoon"


def test_contact_of_another_member_cannot_add_contacts_r_a1(yuri, member_x):
    """R-A1: contact of another member cannot add contacts."""
    with pytest.raises(RuleViolation) as refused:
        contact_add(member=member_x, name="Indringer", email="i@y.example", actor=yuri.user)
    assert refused.value.rule_id == "R-A1"


def test_contact_update_and_login_link_by_bureau_only_r_a1(bea, xena, member_x):
    """R-A1: contact update and login link by bureau only."""
    login = UserFactory(roles=[Role.MEMBER_CONTACT])
    contact = contact_add(member=member_x, name="Xavier", email="xavier@x.example",
                          actor=xena.user)
    with pytest.raises(RuleViolation) as refused:
        contact_update(contact=contact, user=login, actor=xena.user)
    assert refused.value.rule_id == "R-A1"

    contact = contact_update(contact=contact, phone="038-7654321", user=login, actor=bea)
    assert contact.phone == "038-7654321" and contact.user == login


def test_a_login_belongs_to_one_member_only_r_a1(bea, xena, member_y):
    """R-A1: a login belongs to one member only."""
    with pytest.raises(RuleViolation) as refused:
        contact_add(member=member_y, name="Xena", email="xena@x.example", user=xena.user,
                    actor=bea)
    assert refused.value.rule_id == "R-A1"


def test_interim_flag_stays_until_an_interim_audit_is_imposed_r_t2(bea, dirk, member_x, body_a):
    """R-T2: interim flag stays until an interim audit is imposed."""
    from audits.services import audit_impose_interim

    member_update_scope(member=member_x, scope_numbers=[1, 2, 3, 4], actor=bea, today=TODAY)
    assert member_x.flags.open().count() == 1
    audit = audit_impose_interim(member=member_x, body=body_a, trigger="scope_extension",
                                 trigger_source="Scope uitgebreid met 4 (juli 2026)",
                                 motivation="Nieuwe dienst budgetbeheer.", actor=dirk,
                                 today=TODAY)
    assert audit.kind == AuditKind.INTERIM
    assert member_x.flags.open().count() == 0
