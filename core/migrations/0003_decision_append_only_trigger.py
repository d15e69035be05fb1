"""R-0.3: decision records are append-only, also for SQL that bypasses the ORM (PostgreSQL).

TRUNCATE is deliberately left alone: the test runner's flush between transactional tests uses
it, and it needs table ownership that the application role does not need in production."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_decision_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'R-0.3: decision records are append-only (% refused)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_decision_append_only
    BEFORE UPDATE OR DELETE ON core_decision
    FOR EACH ROW EXECUTE FUNCTION core_decision_refuse_change();
CREATE TRIGGER core_decision_documents_append_only
    BEFORE UPDATE OR DELETE ON core_decision_documents
    FOR EACH ROW EXECUTE FUNCTION core_decision_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS core_decision_documents_append_only ON core_decision_documents;
DROP TRIGGER IF EXISTS core_decision_append_only ON core_decision;
DROP FUNCTION IF EXISTS core_decision_refuse_change();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
