"""What people did about alerts outlives `frontdoor rebuild`: the alerts are raised again with
new ids (their people keep theirs), and each takes back its state, who moved it, when and why."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from frontdoor.audit.models import AuditEvent
from frontdoor.chronology.models import Participant
from frontdoor.intake.services import inbox_rebuild
from frontdoor.risk.engine import alerts_replay
from frontdoor.risk.models import Alert, AlertChange
from frontdoor.risk.services import alert_acknowledge, alert_action, alert_close
from tests.risk.family import about, alerts, child, incident, named, send, victim

pytestmark = pytest.mark.django_db

NOT_SEEN = {"present": True, "seen": False}


def states() -> dict[tuple[str, str], tuple[str, str, object, object]]:
    """Each alert's state by rule and the person's name, with who moved it, when and why."""
    return {
        (a.rule, a.person.given_name): (
            a.status,
            a.status_reason,
            a.status_changed_by_id,
            a.status_changed_at,
        )
        for a in Alert.objects.select_related("person")
    }


@pytest.fixture
def raised(agencies) -> None:
    """A high-risk incident, coercive control recorded, Poppy not seen: three alerts."""
    send(
        incident(
            "2026-03-01T20:00:00",
            officer_risk="high",
            coercive_control=True,
            child_fields=NOT_SEEN,
        )
    )


def test_acknowledged_actioned_and_closed_alerts_come_back_after_a_rebuild(
    raised, front_door_user
) -> None:
    alert_acknowledge(alert=alerts("CHILD_REFERRAL_DUE")[0], user=front_door_user)
    coercive = alert_acknowledge(alert=alerts("COERCIVE_CONTROL")[0], user=front_door_user)
    alert_action(alert=coercive, user=front_door_user, note="Asked her; IDVA referral made")
    alert_close(
        alert=alerts("CHILD_NOT_SEEN")[0],
        user=front_door_user,
        reason="Seen at school the next morning",
    )
    before = states()
    ids_before = set(Alert.objects.values_list("pk", flat=True))
    katherine = named("Katherine").pk

    inbox_rebuild()

    assert states() == before
    assert before[("COERCIVE_CONTROL", "Katherine")][:2] == (
        "actioned",
        "Asked her; IDVA referral made",
    )
    assert before[("CHILD_NOT_SEEN", "Poppy")][0] == "closed"
    assert before[("CHILD_REFERRAL_DUE", "Poppy")][0] == "acknowledged"
    assert not ids_before & set(Alert.objects.values_list("pk", flat=True)), "raised again"
    assert named("Katherine").pk == katherine, "about the same woman, who keeps her id"


def test_each_move_is_kept_and_audited_and_only_its_alert_takes_it_back(
    raised, front_door_user
) -> None:
    alert = alert_close(
        alert=alerts("COERCIVE_CONTROL")[0], user=front_door_user, reason="Already known"
    )
    change = AlertChange.objects.get()
    assert (change.rule, change.key, change.status, change.reason) == (
        "COERCIVE_CONTROL",
        alert.key,
        "closed",
        "Already known",
    )
    assert (change.subject_message_id, change.subject_ref) == (change.message_id, "v")
    assert AuditEvent.objects.get(action="alert.close").details["change"] == change.pk

    inbox_rebuild()

    assert sorted(Alert.objects.values_list("rule", "status")) == [
        ("CHILD_NOT_SEEN", "open"),
        ("CHILD_REFERRAL_DUE", "open"),
        ("COERCIVE_CONTROL", "closed"),
    ]


def test_an_alert_acknowledged_then_resolved_is_so_again_after_a_rebuild(
    raised, front_door_user
) -> None:
    alert_acknowledge(alert=alerts("CHILD_REFERRAL_DUE")[0], user=front_door_user)
    send(about("police", "referral", "2026-03-02T10:00:00", victim(), child(), reason="DA"))
    before = states()
    assert before[("CHILD_REFERRAL_DUE", "Poppy")][:3] == (
        "resolved",
        before[("CHILD_REFERRAL_DUE", "Poppy")][1],
        front_door_user.pk,
    )

    inbox_rebuild()

    after = states()
    assert after[("CHILD_REFERRAL_DUE", "Poppy")][:3] == before[("CHILD_REFERRAL_DUE", "Poppy")][:3]
    assert after[("CHILD_REFERRAL_DUE", "Poppy")][1].startswith("Referral")


def test_coercive_control_names_the_perpetrator_by_his_part_in_a_message(
    raised, agencies, front_door_user
) -> None:
    """Its key is the same after a rebuild (a person id would not be), and a later incident with
    the same perpetrator raises no second alert."""
    first = alerts("COERCIVE_CONTROL")[0]
    key = f"perpetrator:{agencies['police'].pk}/{first.messages[0]}/p"
    assert first.key == key
    alert_close(alert=alerts("COERCIVE_CONTROL")[0], user=front_door_user, reason="Known")

    inbox_rebuild()
    send(incident("2026-04-01T20:00:00", coercive_control=True))

    assert [(a.key, a.status) for a in alerts("COERCIVE_CONTROL")] == [(key, "closed")]


def test_a_replay_keeps_what_people_did_and_gives_the_same_alerts(raised, front_door_user) -> None:
    alert_close(alert=alerts("CHILD_NOT_SEEN")[0], user=front_door_user, reason="Seen later")
    before = states()

    alerts_replay(start=None, end=None)

    assert states() == before


def test_the_migration_keeps_alerts_acted_on_before_it(raised, front_door_user) -> None:
    """Alerts moved on before the kept table existed move into it, and a COERCIVE_CONTROL key
    holding a person id names him by his part in a message instead."""
    migration = importlib.import_module("frontdoor.risk.migrations.0002_kept_alert_changes")
    coercive = alerts("COERCIVE_CONTROL")[0]
    stable = coercive.key
    Alert.objects.filter(pk=coercive.pk).update(
        key=f"perpetrator:{named('Dean').pk}",
        status="closed",
        status_reason="Known",
        status_changed_by=front_door_user,
        status_changed_at=timezone.now(),
    )

    migration.perpetrator_keys_stabilise(apps, None)
    migration.changes_keep(apps, None)

    change = AlertChange.objects.get()
    assert (change.rule, change.key, change.status, change.reason) == (
        "COERCIVE_CONTROL",
        stable,
        "closed",
        "Known",
    )
    inbox_rebuild()
    assert alerts("COERCIVE_CONTROL")[0].status == "closed"


def test_the_migration_names_the_perpetrator_by_his_first_message_to_arrive(
    agencies, front_door_user
) -> None:
    """A version 2 key named Dean by his part in his first event, which a message arriving
    late can change; the migration names him by his first message to arrive, as version 3
    does, in the alert and in the change kept about it."""
    migration = importlib.import_module(
        "frontdoor.risk.migrations.0003_perpetrator_named_by_first_arrival"
    )
    send(incident("2026-03-10T20:00:00", coercive_control=True))
    send(incident("2026-03-01T20:00:00"))
    coercive = alert_acknowledge(alert=alerts("COERCIVE_CONTROL")[0], user=front_door_user)
    by_arrival = coercive.key
    late = Participant.objects.get(event__occurred_at__day=1, person=named("Dean"))
    by_event = f"perpetrator:{late.event.agency_id}/{late.event.message.message_id}/{late.ref}"
    assert by_event != by_arrival
    Alert.objects.filter(pk=coercive.pk).update(key=by_event)
    AlertChange.objects.update(key=by_event)

    migration.perpetrators_named_by_first_arrival(apps, None)

    assert Alert.objects.get(pk=coercive.pk).key == by_arrival
    assert AlertChange.objects.get().key == by_arrival
    send(incident("2026-03-20T20:00:00", coercive_control=True))
    inbox_rebuild()
    assert [(a.key, a.status) for a in alerts("COERCIVE_CONTROL")] == [(by_arrival, "acknowledged")]
