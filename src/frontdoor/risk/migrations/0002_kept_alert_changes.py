"""What people did about alerts moves to a table of its own that a rebuild keeps (alerts acted
on before move with it), and COERCIVE_CONTROL's keys name the perpetrator by their part in a
message instead of their person id, which a rebuild changes."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _part(participants: Any, person_id: int, event_id: int) -> Any:
    """The person's part in the event, else in the first message naming them."""
    parts = list(
        participants.filter(person_id=person_id)
        .select_related("event__message")
        .order_by("event__message_id", "pk")
    )
    return next((p for p in parts if p.event_id == event_id), parts[0])


def perpetrator_keys_stabilise(apps: Any, schema_editor: Any) -> None:
    """A COERCIVE_CONTROL alert's key: the perpetrator's part in their first event."""
    alerts = apps.get_model("risk", "Alert").objects
    participants = apps.get_model("chronology", "Participant").objects
    for alert in alerts.filter(rule="COERCIVE_CONTROL", key__regex=r"^perpetrator:[0-9]+$"):
        first = (
            participants.filter(person_id=int(alert.key.split(":")[1]))
            .select_related("event__message")
            .order_by("event__occurred_at", "event_id", "role")
            .first()
        )
        if first is not None:
            event = first.event
            alert.key = f"perpetrator:{event.agency_id}/{event.message.message_id}/{first.ref}"
            alert.save(update_fields=["key"])


def changes_keep(apps: Any, schema_editor: Any) -> None:
    """Each alert someone moved on keeps its state as a change: an alert acknowledged and then
    resolved by a later message keeps the acknowledgement (its time is the resolution's)."""
    alerts = apps.get_model("risk", "Alert").objects
    changes = apps.get_model("risk", "AlertChange").objects
    participants = apps.get_model("chronology", "Participant").objects
    for alert in alerts.filter(status_changed_by__isnull=False).select_related("trigger__message"):
        part = _part(participants, alert.person_id, alert.trigger_id)
        resolved = alert.status == "resolved"
        changes.create(
            sent_by_id=alert.trigger.agency_id,
            message_id=alert.trigger.message.message_id,
            subject_sent_by_id=part.event.agency_id,
            subject_message_id=part.event.message.message_id,
            subject_ref=part.ref,
            rule=alert.rule,
            key=alert.key,
            status="acknowledged" if resolved else alert.status,
            reason="" if resolved else alert.status_reason,
            changed_by_id=alert.status_changed_by_id,
            changed_at=alert.status_changed_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_teams_restrictions_break_glass"),
        ("chronology", "0003_redundant_indexes"),
        ("risk", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AlertChange",
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
                ("subject_message_id", models.CharField(max_length=200)),
                ("subject_ref", models.CharField(max_length=64)),
                ("rule", models.CharField(max_length=40)),
                ("key", models.CharField(max_length=200)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("acknowledged", "Acknowledged"),
                            ("actioned", "Actioned"),
                            ("closed", "Closed with a reason"),
                            ("resolved", "Resolved by a later message"),
                        ],
                        max_length=16,
                    ),
                ),
                ("reason", models.TextField(blank=True)),
                ("changed_at", models.DateTimeField()),
                (
                    "changed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
            options={
                "indexes": [
                    models.Index(
                        fields=["message_id", "sent_by"], name="risk_alertc_message_bbf42a_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(perpetrator_keys_stabilise, migrations.RunPython.noop),
        migrations.RunPython(changes_keep, migrations.RunPython.noop),
    ]
