"""R-0.3: decision records are append-only, also for SQL that bypasses the ORM (PostgreSQL)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from core.db import install_decision_triggers

    install_decision_triggers(schema_editor.connection)


def backwards(apps, schema_editor):
    from core.db import drop_decision_triggers

    drop_decision_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
