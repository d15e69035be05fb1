"""Issue #8: the staff groups of /admin/ (Verenigingsbureau, Directeur) with the permissions
the README promises; a role brings its group's permissions (core.staff_groups)."""

from django.db import migrations


def load(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from core.staff_groups import load_staff_groups

    # On a fresh database Django creates permissions only after the last migration: create
    # them now, from the historical models.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    load_staff_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_login_throttle"),
        ("notifications", "0001_initial"),
        ("members", "0003_coredata_service_area_and_more"),
        ("audits", "0005_norm_change_proposal"),
        ("findings", "0001_initial"),
        ("certificates", "0003_number_counter_open_postponement_reason"),
        ("suspensions", "0001_initial"),
        ("complaints", "0003_complaint_expected_on_closed_on"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
