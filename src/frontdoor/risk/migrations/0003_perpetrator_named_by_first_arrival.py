"""COERCIVE_CONTROL (version 3) names the perpetrator by his part in the first message to arrive
that named him, not in his first event: alerts and the changes kept about them take the new key,
so a later message, or a rebuild, finds them again."""

from typing import Any

from django.db import migrations


def _first_arrival_key(participants: Any, key: str) -> str | None:
    """The key naming, by his first message to arrive, the perpetrator the old key names (None
    for "not named", or a part no longer in the inbox)."""
    sender, _, rest = key.removeprefix("perpetrator:").partition("/")
    message_id, _, ref = rest.rpartition("/")
    if not sender.isdigit():
        return None
    named = participants.filter(
        event__agency_id=int(sender), event__message__message_id=message_id, ref=ref
    ).first()
    if named is None:
        return None
    first = (
        participants.filter(person_id=named.person_id)
        .select_related("event__message")
        .order_by("event__message_id", "ref")
        .first()
    )
    event = first.event
    return f"perpetrator:{event.agency_id}/{event.message.message_id}/{first.ref}"


def perpetrators_named_by_first_arrival(apps: Any, schema_editor: Any) -> None:
    alerts = apps.get_model("risk", "Alert").objects
    changes = apps.get_model("risk", "AlertChange").objects
    participants = apps.get_model("chronology", "Participant").objects
    named = {"rule": "COERCIVE_CONTROL", "key__startswith": "perpetrator:"}
    for alert in alerts.filter(**named).order_by("pk"):
        key = _first_arrival_key(participants, alert.key)
        taken = alerts.filter(rule=alert.rule, person_id=alert.person_id, key=key).exists()
        if key is not None and not taken:
            alert.key = key
            alert.save(update_fields=["key"])
    for change in changes.filter(**named):
        key = _first_arrival_key(participants, change.key)
        if key is not None:
            change.key = key
            change.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("chronology", "0003_redundant_indexes"),
        ("risk", "0002_kept_alert_changes"),
    ]

    operations = [
        migrations.RunPython(perpetrators_named_by_first_arrival, migrations.RunPython.noop),
    ]
