"""An index on when notifications were raised: the insights read a period's notifications by it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0003_never_tell"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["raised_at"], name="sharing_not_raised__edca09_idx"),
        ),
    ]
