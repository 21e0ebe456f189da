"""The migration that turns each finding's free-text action into a tracked action."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from frontdoor.audit.models import AuditEvent
from frontdoor.quality.models import ActionStatus, AuditAction
from frontdoor.workdays import working_days_after
from tests.factories import StaffFactory

BEFORE = [("quality", "0002_audit_actions")]
AFTER = [("quality", "0004_remove_finding_action")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_each_free_text_action_becomes_one_owned_by_the_finding_s_recorder(agencies) -> None:
    lead = StaffFactory(user__username="qa.lead", agency=agencies["csc"], front_door=True).user
    apps = _migrate(BEFORE).loader.project_state(BEFORE).apps
    audits = apps.get_model("quality", "CaseAudit").objects
    findings = apps.get_model("quality", "Finding").objects
    audit = audits.create(
        source="police",
        message_id="INC-1",
        child_ref="c",
        scope="Was the school told?",
        opened_by_id=lead.pk,
        opened_at=timezone.now(),
    )
    recorded = timezone.now().replace(year=2026, month=3, day=9)
    with_action, *_ = (
        findings.create(
            audit=audit, text=text, action=action, recorded_by_id=lead.pk, recorded_at=recorded
        )
        for text, action in (
            ("The school was not told.", "  Tell the school the next morning.  "),
            ("No action needed.", ""),
            ("Spaces only.", "   "),
        )
    )

    _migrate(AFTER)

    action = AuditAction.objects.get()
    assert action.finding_id == with_action.pk
    assert action.description == "Tell the school the next morning."
    assert (action.owner_id, action.team_id, action.created_by_id) == (lead.pk, None, lead.pk)
    assert action.created_at == recorded
    assert action.due_on == working_days_after(timezone.localdate(), 20)
    assert action.due_on > date.today()
    assert action.status == ActionStatus.OPEN
    event = AuditEvent.objects.get(action="quality.actions_track")
    assert event.details["actions"] == {str(with_action.pk): action.pk}
