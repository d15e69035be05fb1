"""Independence and confidentiality at assignment (R-C3), the team from the audit's own body
(R-A1), four eyes (R-C4)."""

import datetime as dt

import pytest

from audits.models import AuditState, InvolvementKind
from audits.services import (
    audit_assign_team,
    audit_plan,
    auditor_declare_involvement,
    auditor_record_confidentiality,
)
from core.exceptions import RuleViolation
from core.history import change_reason_text
from tests.audits.factories import PriorInvolvementFactory
from tests.factories import AuditFactory, AuditorFactory, MemberFactory

pytestmark = pytest.mark.django_db

ASSIGNED_ON = dt.date(2026, 1, 20)  # the audit date is 2 March 2026 (fieldwork_starts_on)


def advised(auditor, member, *, ended_on, kind=InvolvementKind.ADVISORY,
            started_on=dt.date(2021, 1, 1)):
    return PriorInvolvementFactory(auditor=auditor, member=member, kind=kind,
                                   started_on=started_on, ended_on=ended_on)


def test_auditor_who_advised_2_years_11_months_before_cannot_be_assigned_r_c3(audit_x, anna):
    """R-C3: advisory work that ended on 2 April 2023, 2 years and 11 months before the audit of
    2 March 2026, falls within the three years: refused, naming R-C3."""
    advised(anna, audit_x.member, ended_on=dt.date(2023, 4, 2))

    with pytest.raises(RuleViolation) as refused:
        audit_assign_team(audit=audit_x, lead=anna, actor=anna.user, today=ASSIGNED_ON)

    assert refused.value.rule_id == "R-C3"
    assert "Anna Auditor" in refused.value.message and "2023-03-02" in refused.value.message
    audit_x.refresh_from_db()
    assert audit_x.lead_auditor is None


def test_auditor_who_advised_3_years_and_1_day_before_can_be_assigned_r_c3(audit_x, anna):
    """R-C3: work that ended on 1 March 2023, three years and one day before the audit of
    2 March 2026, is outside the three years."""
    advised(anna, audit_x.member, ended_on=dt.date(2023, 3, 1))

    audit = audit_assign_team(audit=audit_x, lead=anna, actor=anna.user, today=ASSIGNED_ON)

    assert audit.lead_auditor == anna
    last = audit.history.first()
    assert last.history_user == anna.user
    assert change_reason_text(last.history_change_reason) == "team: Anna Auditor (R-C3, R-C4)"


def test_work_ended_exactly_three_years_before_counts_r_c3_r_0_1(audit_x, anna):
    """R-C3: R-0.1 inclusive: 2 March 2023 is within "the three years before 2 March 2026"."""
    advised(anna, audit_x.member, ended_on=dt.date(2023, 3, 2))
    with pytest.raises(RuleViolation) as refused:
        audit_assign_team(audit=audit_x, lead=anna, actor=anna.user, today=ASSIGNED_ON)
    assert refused.value.rule_id == "R-C3"


def test_open_ended_interest_blocks_assignment_r_c3(audit_x, anna):
    """R-C3: open ended interest blocks assignment."""
    advised(anna, audit_x.member, ended_on=None, kind=InvolvementKind.INTEREST,
            started_on=dt.date(2010, 1, 1))
    with pytest.raises(RuleViolation) as refused:
        audit_assign_team(audit=audit_x, lead=anna, actor=anna.user, today=ASSIGNED_ON)
    assert refused.value.rule_id == "R-C3"
    assert "belang" in refused.value.message


def test_old_interest_and_work_for_another_member_do_not_block_r_c3(audit_x, anna, member_y):
    """R-C3: old interest and work for another member do not block."""
    advised(anna, audit_x.member, ended_on=dt.date(2019, 12, 31), kind=InvolvementKind.INTEREST)
    advised(anna, member_y, ended_on=None)
    assert audit_assign_team(audit=audit_x, lead=anna, actor=anna.user,
                             today=ASSIGNED_ON).lead_auditor == anna


def test_second_auditor_is_checked_too_r_c3(audit_x, anna, arie):
    """R-C3: second auditor is checked too."""
    advised(arie, audit_x.member, ended_on=dt.date(2025, 1, 1))
    with pytest.raises(RuleViolation) as refused:
        audit_assign_team(audit=audit_x, lead=anna, second=arie, actor=anna.user,
                          today=ASSIGNED_ON)
    assert refused.value.rule_id == "R-C3" and "Arie Tweede" in refused.value.message


@pytest.mark.parametrize("signed_on", [None, dt.date(2026, 2, 1)], ids=["never", "not-yet"])
def test_auditor_without_signed_confidentiality_declaration_is_refused_r_c3(audit_x, body_a,
                                                                            signed_on):
    """R-C3: auditor without signed confidentiality declaration is refused."""
    auditor = AuditorFactory(body=body_a, name="Nina Nieuw", confidentiality_signed_on=signed_on)
    with pytest.raises(RuleViolation) as refused:
        audit_assign_team(audit=audit_x, lead=auditor, actor=auditor.user, today=ASSIGNED_ON)
    assert refused.value.rule_id == "R-C3"
    assert "geheimhoudingsverklaring" in refused.value.message


def test_audit_without_date_is_checked_against_today_r_c3(member_x, body_a, anna):
    """R-C3: audit without date is checked against today."""
    audit = AuditFactory(member=member_x, body=body_a, fieldwork_starts_on=None,
                         fieldwork_ends_on=None)
    advised(anna, member_x, ended_on=dt.date(2023, 4, 2))
    with pytest.raises(RuleViolation):
        audit_assign_team(audit=audit, lead=anna, actor=anna.user, today=dt.date(2026, 3, 2))
    assert audit_assign_team(audit=audit, lead=anna, actor=anna.user,
                             today=dt.date(2026, 4, 3)).lead_auditor == anna


def test_moving_the_audit_date_rechecks_independence_r_c3(audit_x, anna, core_x):
    """R-C3: moving the audit date rechecks independence."""
    advised(anna, audit_x.member, ended_on=dt.date(2023, 3, 1))
    audit_assign_team(audit=audit_x, lead=anna, actor=anna.user, today=ASSIGNED_ON)

    with pytest.raises(RuleViolation) as refused:
        audit_plan(audit=audit_x, fieldwork_starts_on=dt.date(2026, 2, 27),
                   fieldwork_ends_on=dt.date(2026, 2, 27), actor=anna.user, today=ASSIGNED_ON)

    assert refused.value.rule_id == "R-C3"
    audit_x.refresh_from_db()
    assert audit_x.fieldwork_starts_on == dt.date(2026, 3, 2)


def test_team_comes_from_the_audits_own_body_r_a1(audit_x, anna, bob):
    """R-A1: team comes from the audits own body."""
    with pytest.raises(RuleViolation) as refused:
        audit_assign_team(audit=audit_x, lead=anna, second=bob, actor=anna.user,
                          today=ASSIGNED_ON)
    assert refused.value.rule_id == "R-A1"


def test_auditor_of_another_body_cannot_assign_r_a1(audit_x, anna, bob, xena):
    """R-A1: auditor of another body cannot assign."""
    for person in (bob.user, xena.user):
        with pytest.raises(RuleViolation) as refused:
            audit_assign_team(audit=audit_x, lead=anna, actor=person, today=ASSIGNED_ON)
        assert refused.value.rule_id == "R-A1"


def test_bureau_may_assign_the_team(audit_x, anna, arie, bea):
    audit = audit_assign_team(audit=audit_x, lead=anna, second=arie, actor=bea,
                              today=ASSIGNED_ON)
    assert (audit.lead_auditor, audit.second_auditor) == (anna, arie)


def test_lead_and_second_auditor_are_two_people_r_c4(audit_x, anna):
    """R-C4: lead and second auditor are two people."""
    with pytest.raises(RuleViolation) as refused:
        audit_assign_team(audit=audit_x, lead=anna, second=anna, actor=anna.user,
                          today=ASSIGNED_ON)
    assert refused.value.rule_id == "R-C4"


@pytest.mark.parametrize("state", [s for s in AuditState.values if s not in (
    AuditState.BODY_CHOSEN, AuditState.QUOTE_AGREED, AuditState.PREPARATION,
    AuditState.DEVELOPMENT_LEVELS)])
def test_team_is_fixed_once_fieldwork_started_r_u2(member_x, body_a, anna, state):
    """R-U2: team is fixed once fieldwork started."""
    audit = AuditFactory(member=member_x, body=body_a, state=state)
    with pytest.raises(RuleViolation) as refused:
        audit_assign_team(audit=audit, lead=anna, actor=anna.user, today=ASSIGNED_ON)
    assert refused.value.rule_id == "R-U2"


# --- declarations -----------------------------------------------------------------------------


def test_auditor_declares_own_work_and_signs_confidentiality_r_c3(anna, member_x):
    """R-C3: auditor declares own work and signs confidentiality."""
    involvement = auditor_declare_involvement(
        auditor=anna, member=member_x, kind=InvolvementKind.ADVISORY,
        description="Interim-teamleider", started_on=dt.date(2022, 1, 1),
        ended_on=dt.date(2022, 12, 31), actor=anna.user)
    assert involvement.history.first().history_user == anna.user

    auditor = auditor_record_confidentiality(auditor=anna, signed_on=dt.date(2026, 1, 2),
                                             actor=anna.user, today=dt.date(2026, 1, 5))
    assert auditor.confidentiality_signed_on == dt.date(2026, 1, 2)


def test_declarations_by_someone_else_are_refused_r_c3(anna, arie, member_x):
    """R-C3: declarations by someone else are refused."""
    with pytest.raises(RuleViolation) as refused:
        auditor_declare_involvement(auditor=anna, member=member_x, kind="advisory",
                                    description="x", started_on=dt.date(2022, 1, 1),
                                    actor=arie.user)
    assert refused.value.rule_id == "R-C3"


@pytest.mark.parametrize(("kind", "ended_on"), [("friendship", None),
                                                ("advisory", dt.date(2021, 12, 31))])
def test_invalid_declarations_are_refused_r_c3(bea, anna, kind, ended_on):
    """R-C3: invalid declarations are refused."""
    member = MemberFactory()
    with pytest.raises(RuleViolation) as refused:
        auditor_declare_involvement(auditor=anna, member=member, kind=kind, description="x",
                                    started_on=dt.date(2022, 1, 1), ended_on=ended_on,
                                    actor=bea)
    assert refused.value.rule_id == "R-C3"
