"""Reference data: the quality framework (7 areas, 50 norms, levels A–D with 28 descriptions,
R-U3) and the guideline's appendices 3 (documents) and 4 (interviewees) (R-U2)."""

from django.db import migrations


def load(apps, schema_editor):
    from core.reference import load_quality_framework

    load_quality_framework(apps)


class Migration(migrations.Migration):
    dependencies = [("audits", "0003_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
