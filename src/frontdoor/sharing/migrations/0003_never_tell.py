"""Standing decisions never to tell an agency about a person, and what they withhold."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_teams_restrictions_break_glass"),
        ("sharing", "0002_kept_work"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="NeverTell",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("subject_message_id", models.CharField(max_length=200)),
                ("subject_ref", models.CharField(max_length=64)),
                ("decided_at", models.DateTimeField()),
                ("reason", models.TextField()),
                (
                    "sign_off",
                    models.CharField(
                        choices=[
                            ("not_required", "Not required"),
                            ("awaiting", "Awaiting a manager"),
                            ("agreed", "Agreed by a manager"),
                            ("returned", "Returned by a manager"),
                        ],
                        max_length=16,
                    ),
                ),
                ("signed_off_at", models.DateTimeField(blank=True, null=True)),
                ("sign_off_note", models.TextField(blank=True)),
                (
                    "lifted_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="From when the agency is told again: notifications about messages the hub received before it stay withheld.",
                        null=True,
                    ),
                ),
                ("lift_reason", models.TextField(blank=True)),
                (
                    "decided_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "lifted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="access.agency",
                    ),
                ),
                (
                    "signed_off_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "subject_sent_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="access.agency",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="notification",
            name="never_tell",
            field=models.ForeignKey(
                blank=True,
                help_text="The standing decision never to tell the recipient about the person that withheld it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="sharing.nevertell",
            ),
        ),
        migrations.AddIndex(
            model_name="nevertell",
            index=models.Index(
                fields=["subject_message_id"], name="sharing_nev_subject_c9f6d7_idx"
            ),
        ),
    ]
