"""Fixtures for the findings tests: the audits of member X by CI A (anna, arie), in the state
each test needs, built directly (the audits helper owns their transitions)."""

import datetime as dt

import pytest

from audits.models import AuditState
from findings import services
from tests.factories import AuditFactory

D = dt.date
RECORDED_ON = D(2026, 1, 31)


@pytest.fixture
def audit_x(body_a, member_x, anna, arie):
    """The 2026 recertification audit of member X by CI A, in follow-up (nawerk)."""
    return AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP,
                        lead_auditor=anna, second_auditor=arie,
                        fieldwork_starts_on=D(2026, 1, 26), fieldwork_ends_on=D(2026, 1, 27))


@pytest.fixture
def audit_2023(body_a, member_x, anna):
    """The 2023 audit of member X by CI A, decided long ago."""
    return AuditFactory(member=member_x, body=body_a, state=AuditState.DECIDED,
                        lead_auditor=anna, fieldwork_starts_on=D(2023, 3, 6),
                        fieldwork_ends_on=D(2023, 3, 7))


@pytest.fixture
def record(anna):
    """Record a finding through the service: ``record(audit, kind, norm="4.11", ...)``."""

    def _record(audit, kind, norm="4.11", on=RECORDED_ON, actor=None, risk=False,
                description="Dossiers zijn niet volledig."):
        return services.finding_record(
            audit=audit, norm_code=norm, kind=kind, description=description,
            risk_to_clients=risk, actor=actor or anna.user, today=on)

    return _record
