"""A link decision that moves records re-evaluates the rules for everyone it touches."""

import pytest

from frontdoor.linkage.services import record_split
from frontdoor.people.models import SourceRecord
from frontdoor.risk.services import alert_acknowledge
from tests.risk.family import alerts, incident, named, send

pytestmark = pytest.mark.django_db


def test_splitting_a_record_moves_its_alerts_with_its_history(agencies, data_manager) -> None:
    send(*(incident(f"2026-0{month}-01T20:00:00") for month in (1, 2, 3)))
    [before] = alerts("ESCALATION_3_IN_12M")
    assert before.person == named("Katherine")
    record = SourceRecord.objects.get(source_person_id="police-V")
    moved_to = record_split(record, user=data_manager, reason="Another woman of the same name")
    [after] = alerts("ESCALATION_3_IN_12M")
    assert after.person == moved_to
    assert after.messages == before.messages


def test_an_alert_someone_acted_on_stays(agencies, data_manager, front_door_user) -> None:
    send(*(incident(f"2026-0{month}-01T20:00:00") for month in (1, 2, 3)))
    [alert] = alerts("ESCALATION_3_IN_12M")
    alert_acknowledge(alert=alert, user=front_door_user)
    record = SourceRecord.objects.get(source_person_id="police-V")
    record_split(record, user=data_manager, reason="Another woman of the same name")
    statuses = sorted(a.status for a in alerts("ESCALATION_3_IN_12M"))
    assert statuses == ["acknowledged", "open"]
