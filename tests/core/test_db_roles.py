"""Issue #13, R-0.3, least privilege: the application role of ``scripts/db_roles.sql`` can read
and append decision records but cannot change, delete, truncate or unguard them. PostgreSQL
only: the test creates the role inside its own transaction (rolled back with it), applies the
script as ``manage.py db_grants`` does and acts as that role with ``SET ROLE``."""

import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from core.decisions import decision_record
from core.models import Decision, DecisionKind, Role
from tests.factories import MemberFactory

pytestmark = pytest.mark.postgres


@pytest.fixture
def app_role(postgres, dirk, member_x):
    """A fresh application role with the script's grants; the test runs as that role."""
    decision_record(kind=DecisionKind.PAUSE, outcome="gepauzeerd", rule_id="R-M4",
                    actor=dirk, role=Role.DIRECTOR, subject=member_x, member=member_x)
    name = f"keurmerk_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" NOLOGIN NOSUPERUSER NOINHERIT')
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    call_command("db_grants", app_role=name, owner_role=owner)
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


REFUSED = [
    "TRUNCATE core_decision CASCADE",
    "TRUNCATE core_decision_documents",
    "ALTER TABLE core_decision DISABLE TRIGGER USER",
    "ALTER TABLE core_decision DISABLE TRIGGER core_decision_append_only",
    "SET session_replication_role = replica",
    "UPDATE core_decision SET outcome = 'afgewezen'",
    "DELETE FROM core_decision",
    "DELETE FROM core_decision_documents",
]


@pytest.mark.parametrize("statement", REFUSED)
def test_r0_3_the_application_role_cannot_rewrite_decisions(app_role, statement):
    """R-0.3 (issue #13): TRUNCATE, disabling the trigger, replica mode, UPDATE and DELETE on
    the decision records are refused to the application role: a privilege error, not the
    trigger (which a superuser could lift)."""
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(statement)
    message = str(refused.value)
    assert "permission denied" in message or "must be owner" in message, message
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_decision")
        assert cursor.fetchone()[0] == 1


def test_r0_3_the_application_role_records_decisions_and_works_elsewhere(app_role, dirk):
    """R-0.3 (issue #13): INSERT on the decision records works (chained as usual), and the
    role reads and writes the ordinary tables."""
    member = MemberFactory(name="Nieuw Lid")
    decision = decision_record(kind=DecisionKind.ADMISSION, outcome="toegelaten",
                               rule_id="R-M2", actor=dirk, role=Role.DIRECTOR,
                               subject=member, member=member)
    assert Decision.objects.count() == 2
    assert decision.chain_previous == Decision.objects.order_by("id").first().chain_hash
    member.name = "Hernoemd Lid"
    member.save(update_fields=["name"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == app_role
