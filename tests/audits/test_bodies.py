"""Recognised and contracted certification bodies, accreditation and yearly evaluation (R-C1);
auditors (R-C3); the daily sweep."""

import datetime as dt

import pytest

from audits.models import AuditState, Contract
from audits.services import (
    auditor_register,
    audits_sweep,
    body_record_accreditation,
    body_record_contract,
    body_record_evaluation,
    body_register,
    body_set_recognition,
)
from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Flag
from tests.factories import AuditFactory, CertificationBodyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_bureau_registers_and_recognises_a_body_r_c1(bea, dirk):
    """R-C1: bureau registers and recognises a body."""
    body = body_register(name="CI Gamma B.V.", city="Zwolle", actor=bea)
    assert body.recognised is False and not body.may_audit_on(dt.date(2026, 1, 1))

    body_set_recognition(body=body, recognised=True, actor=dirk)
    body_record_contract(body=body, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2028, 12, 31),
                         signed_on=dt.date(2025, 12, 15), actor=dirk, today=dt.date(2026, 1, 5))

    body.refresh_from_db()
    assert body.may_audit_on(dt.date(2026, 1, 1)) and body.may_audit_on(dt.date(2028, 12, 31))
    assert not body.may_audit_on(dt.date(2029, 1, 1))
    assert change_reason_text(body.history.first().history_change_reason) == "erkend door NVVK (R-C1)"


def test_duplicate_body_refused_r_c1(bea, body_a):
    """R-C1: duplicate body refused."""
    with pytest.raises(RuleViolation) as refused:
        body_register(name="ci alfa b.v.", actor=bea)
    assert refused.value.rule_id == "R-C1"


@pytest.mark.parametrize(("starts_on", "ends_on"), [
    (dt.date(2026, 1, 1), dt.date(2025, 12, 31)),  # ends before it starts
    (dt.date(2024, 1, 1), None),  # overlaps the running contract from 2020
])
def test_invalid_contracts_refused_r_c1(dirk, body_a, starts_on, ends_on):
    """R-C1: invalid contracts refused."""
    with pytest.raises(RuleViolation) as refused:
        body_record_contract(body=body_a, starts_on=starts_on, ends_on=ends_on, actor=dirk)
    assert refused.value.rule_id == "R-C1"
    assert Contract.objects.filter(body=body_a).count() == 1


def test_consecutive_contracts_do_not_overlap_r_c1(dirk):
    """R-C1: consecutive contracts do not overlap."""
    body = CertificationBodyFactory(name="CI Delta B.V.", contract=False)
    body_record_contract(body=body, starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2025, 12, 31),
                         actor=dirk)
    body_record_contract(body=body, starts_on=dt.date(2026, 1, 1), actor=dirk)
    assert body.contracts.count() == 2


def test_accreditation_recorded_with_reference_r_c1(bea, body_b):
    """R-C1: accreditation recorded with reference."""
    with pytest.raises(RuleViolation):
        body_record_accreditation(body=body_b, accredited=True, reference="", actor=bea)
    body = body_record_accreditation(body=body_b, accredited=True, reference="C 123",
                                     actor=bea)
    assert body.accreditation_reference == "C 123"


def test_yearly_evaluation_once_per_year_r_c1(bea, body_a):
    """R-C1: yearly evaluation once per year."""
    evaluation = body_record_evaluation(body=body_a, year=2025, held_on=dt.date(2026, 1, 20),
                                        summary="Goede samenwerking.", actor=bea,
                                        today=dt.date(2026, 1, 21))
    assert evaluation.history.first().history_user == bea
    with pytest.raises(RuleViolation) as refused:
        body_record_evaluation(body=body_a, year=2025, held_on=dt.date(2026, 1, 20),
                               summary="Nogmaals.", actor=bea, today=dt.date(2026, 1, 21))
    assert refused.value.rule_id == "R-C1"


@pytest.mark.parametrize("person", ["anna", "xena", "kim"])
def test_bodies_are_managed_by_the_nvvk_only_r_c1(request, body_a, person):
    """R-C1: bodies are managed by the NVVK only."""
    actor = request.getfixturevalue(person)
    with pytest.raises(RuleViolation) as refused:
        body_record_contract(body=body_a, starts_on=dt.date(2030, 1, 1),
                             actor=getattr(actor, "user", actor))
    assert refused.value.rule_id == "R-C1"


def test_auditor_registered_without_declaration_r_c3(bea, body_a):
    """R-C3: auditor registered without declaration."""
    login = UserFactory(email="nina@alfa.example")
    auditor = auditor_register(body=body_a, name="Nina Nieuw", email="nina@alfa.example",
                               user=login, actor=bea)
    assert auditor.confidentiality_signed_on is None
    with pytest.raises(RuleViolation) as refused:
        auditor_register(body=body_a, name="Nina", email="nina@alfa.example", user=login,
                         actor=bea)
    assert refused.value.rule_id == "R-A1"


def test_sweep_flags_audits_planned_outside_the_contract_once_r_c1(member_x):
    """R-C1: sweep flags audits planned outside the contract once."""
    body = CertificationBodyFactory(name="CI Epsilon B.V.", contract=False)
    Contract.objects.create(body=body, starts_on=dt.date(2024, 1, 1),
                            ends_on=dt.date(2026, 2, 28))
    AuditFactory(member=member_x, body=body, state=AuditState.PREPARATION,
                 fieldwork_starts_on=dt.date(2026, 3, 2))
    AuditFactory(member=member_x, body=body, state=AuditState.FIELDWORK,
                 fieldwork_starts_on=dt.date(2026, 2, 2))

    assert audits_sweep(today=dt.date(2026, 2, 1)) == {"body_not_contracted_flags": 1,
                                                    "body_stopped_flags": 0}
    assert audits_sweep(today=dt.date(2026, 2, 1)) == {"body_not_contracted_flags": 0,
                                                    "body_stopped_flags": 0}
    flag = Flag.objects.get()
    assert flag.rule_id == "R-C1" and flag.due_on == dt.date(2026, 3, 2)
