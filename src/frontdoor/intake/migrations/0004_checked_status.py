from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0003_derived_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inboxmessage",
            name="status",
            field=models.CharField(
                choices=[
                    ("received", "Received, not yet processed"),
                    ("checked", "Checked and accepted, not yet recorded"),
                    ("processed", "Processed"),
                    ("rejected", "Rejected (in quarantine)"),
                    ("superseded", "Superseded by a correction"),
                ],
                default="received",
                max_length=16,
            ),
        ),
    ]
