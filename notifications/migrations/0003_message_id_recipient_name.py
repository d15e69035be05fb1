# Issue #18: a random Message-ID stored with each message, and the recipient's display name.
# The existing rows each get a Message-ID of their own (an AddField with a callable default
# would give all of them the same one).

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations, models

import notifications.models


def fill_message_ids(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    domain = urlsplit(settings.SITE_URL).hostname or "keurmerk.invalid"
    for notification in Notification.objects.filter(message_id="").only("pk").iterator():
        Notification.objects.filter(pk=notification.pk).update(
            message_id=f"<{uuid.uuid4().hex}.keurmerk@{domain}>")


def message_id_field():
    return models.CharField(default=notifications.models.new_message_id, editable=False,
                            max_length=255, verbose_name="Message-ID")


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0002_history_change_reason_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalnotification",
            name="message_id",
            field=models.CharField(default="", editable=False, max_length=255,
                                   verbose_name="Message-ID"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalnotification",
            name="recipient_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="naam ontvanger"),
        ),
        migrations.AddField(
            model_name="notification",
            name="message_id",
            field=models.CharField(default="", editable=False, max_length=255,
                                   verbose_name="Message-ID"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="recipient_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="naam ontvanger"),
        ),
        migrations.RunPython(fill_message_ids, migrations.RunPython.noop),
        migrations.AlterField(model_name="historicalnotification", name="message_id",
                              field=message_id_field()),
        migrations.AlterField(model_name="notification", name="message_id",
                              field=message_id_field()),
    ]
