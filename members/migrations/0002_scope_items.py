"""Reference data: the 22 scope items of the guideline's appendix 1 (R-M5)."""

from django.db import migrations


def load(apps, schema_editor):
    from core.reference import load_scope_items

    load_scope_items(apps)


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
