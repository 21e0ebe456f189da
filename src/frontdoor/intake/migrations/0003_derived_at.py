from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def processed_were_derived(apps, schema_editor):
    """Before this field, every processed message was derived in its processing transaction."""
    apps.get_model("intake", "InboxMessage").objects.filter(status="processed").update(
        derived_at=F("processed_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_origin"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="inboxmessage",
            name="derived_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the rules, MARAC and sharing stages had run on it (see ADR 15).",
                null=True,
            ),
        ),
        migrations.RunPython(processed_were_derived, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="inboxmessage",
            index=models.Index(
                condition=models.Q(("derived_at__isnull", True), ("status", "processed")),
                fields=["id"],
                name="inbox_derivation_due",
            ),
        ),
    ]
