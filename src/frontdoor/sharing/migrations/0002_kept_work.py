"""What people did about notifications moves to tables of its own that a rebuild keeps
(acknowledgements made before move with it), and decisions not to share get theirs."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _part(participants: Any, notification: Any) -> Any:
    """The person's part in the notification's event, else in the first message naming them."""
    parts = list(
        participants.filter(person_id=notification.person_id)
        .select_related("event__message")
        .order_by("event__message_id", "pk")
    )
    return next((p for p in parts if p.event_id == notification.event_id), parts[0])


def acknowledgements_keep(apps: Any, schema_editor: Any) -> None:
    """Acknowledgements recorded on the notifications move to their own table, kept by key."""
    notifications = apps.get_model("sharing", "Notification").objects
    acknowledgements = apps.get_model("sharing", "Acknowledgement").objects
    participants = apps.get_model("chronology", "Participant").objects
    for notification in notifications.filter(acknowledged_at__isnull=False).select_related(
        "event__message"
    ):
        part = _part(participants, notification)
        notification.acknowledgement = acknowledgements.create(
            sent_by_id=notification.event.agency_id,
            message_id=notification.event.message.message_id,
            duty=notification.duty,
            recipient_id=notification.recipient_id,
            subject_sent_by_id=part.event.agency_id,
            subject_message_id=part.event.message.message_id,
            subject_ref=part.ref,
            acknowledged_by_id=notification.acknowledged_by_id,
            acknowledged_at=notification.acknowledged_at,
        )
        notification.save(update_fields=["acknowledgement"])


def acknowledgements_unkeep(apps: Any, schema_editor: Any) -> None:
    """Back: each notification holds its acknowledgement's who again."""
    notifications = apps.get_model("sharing", "Notification").objects
    for notification in notifications.filter(acknowledgement__isnull=False).select_related(
        "acknowledgement"
    ):
        notification.acknowledged_by_id = notification.acknowledgement.acknowledged_by_id
        notification.save(update_fields=["acknowledged_by"])


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_api_token_scopes_and_rotation"),
        ("sharing", "0001_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Acknowledgement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "message_id",
                    models.CharField(help_text="The sender's id of the message.", max_length=200),
                ),
                ("duty", models.CharField(max_length=40)),
                ("subject_message_id", models.CharField(max_length=200)),
                ("subject_ref", models.CharField(max_length=64)),
                ("acknowledged_at", models.DateTimeField()),
                ("note", models.TextField(blank=True)),
                (
                    "acknowledged_by",
                    models.ForeignKey(
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
                    "sent_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="access.agency",
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
            name="acknowledgement",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="sharing.acknowledgement",
            ),
        ),
        migrations.CreateModel(
            name="NotSharing",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "message_id",
                    models.CharField(help_text="The sender's id of the message.", max_length=200),
                ),
                ("duty", models.CharField(max_length=40)),
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
                    "decided_by",
                    models.ForeignKey(
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
                    "sent_by",
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
            name="not_sharing",
            field=models.ForeignKey(
                blank=True,
                help_text="The latest decision not to tell the recipient, standing or awaiting sign-off.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="sharing.notsharing",
            ),
        ),
        migrations.AddIndex(
            model_name="acknowledgement",
            index=models.Index(
                fields=["message_id", "sent_by"], name="sharing_ack_message_dbd1bf_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="acknowledgement",
            constraint=models.UniqueConstraint(
                fields=(
                    "sent_by",
                    "message_id",
                    "duty",
                    "recipient",
                    "subject_sent_by",
                    "subject_message_id",
                    "subject_ref",
                ),
                name="acknowledged_once",
            ),
        ),
        migrations.AddIndex(
            model_name="notsharing",
            index=models.Index(
                fields=["message_id", "sent_by"], name="sharing_not_message_5378da_idx"
            ),
        ),
        migrations.RunPython(acknowledgements_keep, acknowledgements_unkeep),
        migrations.RemoveField(
            model_name="notification",
            name="acknowledged_by",
        ),
    ]
