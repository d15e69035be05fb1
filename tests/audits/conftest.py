"""Fixtures for audits tests: member X with kerngegevens and an audit by CI A whose fieldwork
is planned on 2 and 3 March 2026."""

import datetime as dt

import pytest

from audits.models import AuditKind, AuditState
from tests.factories import AuditFactory
from tests.members.factories import CoreDataFactory

MARCH_2 = dt.date(2026, 3, 2)


@pytest.fixture
def core_x(member_x):
    return CoreDataFactory(member=member_x)


@pytest.fixture
def audit_x(member_x, body_a):
    """A recertification audit of member X by CI A, CI chosen, fieldwork 2–3 March 2026."""
    return AuditFactory(member=member_x, body=body_a, kind=AuditKind.RECERTIFICATION,
                        state=AuditState.BODY_CHOSEN, fieldwork_starts_on=MARCH_2,
                        fieldwork_ends_on=dt.date(2026, 3, 3))
