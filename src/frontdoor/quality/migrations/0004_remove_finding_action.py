"""A finding's action is tracked (`AuditAction`); its free-text field goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0003_finding_actions_tracked"),
    ]

    operations = [migrations.RemoveField(model_name="finding", name="action")]
