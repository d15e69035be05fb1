"""Database-level guards. R-0.3: on PostgreSQL a trigger refuses UPDATE and DELETE of decision
records and of the documents they rest on, also for SQL that bypasses the ORM.

TRUNCATE is deliberately left alone: the test runner's flush between transactional tests uses
it, and it needs table ownership that the application role does not need in production."""

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
