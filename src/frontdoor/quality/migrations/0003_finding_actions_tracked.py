"""Each finding's free-text action becomes a tracked action, owned by the manager who recorded the
finding (who gives it to whoever should do it, or cancels it), due 20 working days after the
migration: a deadline in the past would make every old action overdue at once."""

from typing import Any

from django.db import migrations
from django.utils import timezone

from frontdoor.workdays import working_days_after

# The default of `actions.due_days` when this migration was written; a migration stays as written.
DUE_DAYS = 20


def actions_track(apps: Any, schema_editor: Any) -> None:
    findings = apps.get_model("quality", "Finding").objects
    actions = apps.get_model("quality", "AuditAction").objects
    events = apps.get_model("audit", "AuditEvent").objects
    due_on = working_days_after(timezone.localdate(), DUE_DAYS)
    made = [
        actions.create(
            finding_id=finding.pk,
            description=finding.action.strip(),
            owner_id=finding.recorded_by_id,
            due_on=due_on,
            created_by_id=finding.recorded_by_id,
            created_at=finding.recorded_at,
        )
        for finding in findings.exclude(action="").order_by("pk")
        if finding.action.strip()
    ]
    if made:
        events.create(
            action="quality.actions_track",
            object_type="",
            object_id="",
            details={
                "operator": "migration quality 0003",
                "actions": {str(a.finding_id): a.pk for a in made},
                "due_on": str(due_on),
            },
        )


def actions_untrack(apps: Any, schema_editor: Any) -> None:
    """Back to free text: each finding's open tracked actions, one a line."""
    findings = apps.get_model("quality", "Finding").objects
    for finding in findings.filter(actions__status="open").distinct():
        texts = finding.actions.filter(status="open").values_list("description", flat=True)
        finding.action = "\n".join(texts)
        finding.save(update_fields=["action"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_write_route"),
        ("quality", "0002_audit_actions"),
    ]

    operations = [migrations.RunPython(actions_track, actions_untrack)]
