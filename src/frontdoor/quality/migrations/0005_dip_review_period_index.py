"""The index on dip-sample reviews leads with when the incident occurred, so the insights' range
over a period seeks it (completed or not is then read from the index)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0004_remove_finding_action"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="dipreview", name="quality_dip_complet_900eaa_idx"),
        migrations.AddIndex(
            model_name="dipreview",
            index=models.Index(
                fields=["occurred_at", "completed_at"], name="quality_dip_occurre_ba7e80_idx"
            ),
        ),
    ]
