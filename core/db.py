"""Database-level guards. R-0.3: on PostgreSQL a trigger refuses UPDATE and DELETE of decision
records and of the documents they rest on, also for SQL that bypasses the ORM.

TRUNCATE is deliberately left to privileges: the test runner's flush between transactional
tests uses it, and the application role has no TRUNCATE privilege on the decision tables
(issue #13, ``scripts/db_roles.sql`` applied by :func:`apply_role_grants`)."""

import re
from pathlib import Path

CREATE = """
CREATE OR REPLACE FUNCTION core_decision_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'R-0.3: decision records are append-only (%% refused)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_decision_append_only ON core_decision;
CREATE TRIGGER core_decision_append_only
    BEFORE UPDATE OR DELETE ON core_decision
    FOR EACH ROW EXECUTE FUNCTION core_decision_refuse_change();
DROP TRIGGER IF EXISTS core_decision_documents_append_only ON core_decision_documents;
CREATE TRIGGER core_decision_documents_append_only
    BEFORE UPDATE OR DELETE ON core_decision_documents
    FOR EACH ROW EXECUTE FUNCTION core_decision_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS core_decision_documents_append_only ON core_decision_documents;
DROP TRIGGER IF EXISTS core_decision_append_only ON core_decision;
DROP FUNCTION IF EXISTS core_decision_refuse_change();
"""


def install_decision_triggers(connection) -> bool:
    """Install the R-0.3 triggers; returns False on a database without them (SQLite)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(CREATE.replace("%%", "%"), params=None)
    return True


def drop_decision_triggers(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(DROP, params=None)


#: Issue #13, least privilege: the grants of the application role (see the script).
ROLE_GRANTS_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "db_roles.sql"


def role_grants_sql(*, app_role: str, owner_role: str) -> str:
    """``scripts/db_roles.sql`` with its psql variables filled in (quoted identifiers)."""
    def quoted(name: str) -> str:
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise ValueError(f"not a plain role name: {name!r}")
        return f'"{name}"'

    lines = [line for line in ROLE_GRANTS_SCRIPT.read_text().splitlines()
             if not line.lstrip().startswith("--")]
    return ("\n".join(lines).replace(':"app_role"', quoted(app_role))
            .replace(':"owner_role"', quoted(owner_role)))


def apply_role_grants(connection, *, app_role: str, owner_role: str) -> bool:
    """Run the grants on PostgreSQL (as the owner); returns False elsewhere."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(role_grants_sql(app_role=app_role, owner_role=owner_role), params=None)
    return True
