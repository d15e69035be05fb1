"""Reference data: the 22 scope items of the guideline's appendix 1 (R-M5)."""

from django.db import migrations

from core.reference_data import SCOPE_ITEMS


def load(apps, schema_editor):
    ScopeItem = apps.get_model("members", "ScopeItem")
    for number, title in SCOPE_ITEMS:
        ScopeItem.objects.update_or_create(number=number, defaults={"title": title})


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
