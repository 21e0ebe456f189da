"""Retention: a group of people archived when all of them are past their date, deleted a set
time later, never while a legal hold stands; the inbox still derives exactly what is kept."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from frontdoor.access.models import BreakGlassGrant, RestrictedRecord, Restriction
from frontdoor.access.services import break_glass_grant, restriction_create
from frontdoor.audit.configuration import Timeline
from frontdoor.audit.models import ArchivedMessage, AuditEvent, LegalHold, RetentionGroup
from frontdoor.audit.retention import (
    RetentionError,
    legal_hold_add,
    legal_hold_lift,
    retention_date,
    retention_run,
)
from frontdoor.audit.services import audit_setting_set
from frontdoor.intake.models import InboxMessage
from frontdoor.intake.services import inbox_rebuild
from frontdoor.kept import kept_key
from frontdoor.marac.models import Action, MaracReferral, Meeting
from frontdoor.people.models import Person
from frontdoor.returns.cin_census import census_year, cin_census_collect
from frontdoor.risk.models import Alert, AlertChange
from frontdoor.risk.services import alert_acknowledge
from frontdoor.sharing.models import Acknowledgement, NeverTell, NotSharing
from frontdoor.triage.models import Referral
from tests.factories import subject
from tests.marac.conftest import incident, refer, send

# The Marsh family's last message is of 1 March 2026. Jade and Liam are adults: due six years
# on; Ava, born 5 April 2020, is a child then: due on her 25th birthday.
ADULTS_DUE = date(2032, 3, 1)
AVA_DUE = date(2045, 4, 5)
DELETE_DUE = date(2046, 4, 5)


@pytest.fixture
def marsh(agencies, coordinator) -> set[int]:
    incident("2026-03-01T21:30:00")
    refer("2026-03-01T22:00:00")
    meeting = Meeting.objects.create(date=date(2026, 3, 5), scheduled_by=coordinator)
    Action.objects.create(
        meeting=meeting,
        referral=MaracReferral.objects.get(),
        description="Flag the address",
        owner_agency=agencies["police"],
        owner=coordinator,
        due_on=meeting.date,
        created_by=coordinator,
        created_at="2026-03-05T10:00:00Z",
    )
    return set(Person.objects.values_list("pk", flat=True))


def load_holts() -> None:
    """A mother and her baby, born 2025: kept until 2050, long after the Marshes."""
    send(
        "incident",
        "2026-06-01T10:00:00",
        {"category": "domestic_abuse"},
        subjects=[
            subject("m", "victim", source_person_id="H1", given_name="Nina", family_name="Holt"),
            subject(
                "b",
                "child",
                source_person_id="H2",
                given_name="Finn",
                family_name="Holt",
                date_of_birth="2025-06-01",
            ),
        ],
    )


def people_named(family: str) -> int:
    return Person.objects.filter(family_name__in=family.split()).count()


@pytest.mark.parametrize(
    ("born", "last", "kind", "due"),
    [
        (date(2020, 4, 5), date(2026, 3, 1), "child", date(2045, 4, 5)),
        (date(2008, 3, 2), date(2026, 3, 1), "child", date(2033, 3, 2)),  # 17 on the last day
        (date(2008, 3, 1), date(2026, 3, 1), "adult", date(2032, 3, 1)),  # 18 that day
        (None, date(2026, 3, 1), "adult", date(2032, 3, 1)),
        (date(2004, 2, 29), date(2020, 1, 1), "child", date(2029, 2, 28)),
        (date(2000, 1, 1), date(2024, 6, 30), "adult", date(2030, 6, 30)),
    ],
)
def test_each_person_s_retention_date(db, born, last, kind, due) -> None:
    rule = Timeline.load().on(date(2026, 1, 1))
    assert retention_date(born=born, last_activity=last, rule=rule) == (kind, due)


def test_nobody_is_archived_while_someone_in_their_group_is_not_due(marsh) -> None:
    plan = retention_run(today=AVA_DUE.replace(day=4), dry_run=False)
    assert plan.archive == []
    assert plan.waiting == 2  # Jade and Liam, waiting for Ava
    assert people_named("Marsh Crane") == 3


def test_a_dry_run_says_what_it_would_do_and_does_nothing(marsh) -> None:
    out = StringIO()
    call_command("retention", "run", "--dry-run", "--today", str(AVA_DUE), stdout=out)
    assert "would archive: 1 group(s), 3 people, 2 messages" in out.getvalue()
    assert people_named("Marsh Crane") == 3
    assert not RetentionGroup.objects.exists()


def test_archiving_takes_the_group_out_of_the_hub_and_a_rebuild_leaves_it_out(marsh) -> None:
    load_holts()
    retention_run(today=AVA_DUE, dry_run=False)
    assert people_named("Marsh Crane") == 0
    assert not MaracReferral.objects.exists()
    group = RetentionGroup.objects.get()
    assert {p["person_id"] for p in group.people} == marsh
    assert {p["kind"] for p in group.people} == {"adult", "child"}
    assert group.delete_after == DELETE_DUE
    assert len(group.references) == 1
    assert ArchivedMessage.objects.count() == 2
    assert AuditEvent.objects.filter(action="retention.archive").exists()
    inbox_rebuild()
    assert people_named("Marsh Crane") == 0
    assert people_named("Holt") == 2


def test_deleting_removes_the_messages_and_the_hub_s_work_keeping_their_keys(marsh) -> None:
    load_holts()
    retention_run(today=AVA_DUE, dry_run=False)
    kept = InboxMessage.objects.count()
    out = StringIO()
    call_command("retention", "run", "--today", str(DELETE_DUE), "--json", stdout=out)
    assert json.loads(out.getvalue())["delete"][0]["messages"] == 2
    assert InboxMessage.objects.count() == kept - 2
    assert not Action.objects.exists()
    group = RetentionGroup.objects.get()
    assert group.deleted_at is not None
    assert group.messages.count() == 2
    assert AuditEvent.objects.filter(action="retention.delete").exists()
    before = set(Person.objects.values_list("given_name", "family_name"))
    inbox_rebuild()
    assert set(Person.objects.values_list("given_name", "family_name")) == before


def test_what_people_did_is_archived_and_deleted_with_the_messages(
    marsh, agencies, front_door_user
) -> None:
    """Each family has an alert acknowledged, a notification acknowledged, a decision not to
    share and one never to tell: the Marshes' go with their messages, the Holts' stay."""
    load_holts()
    for family in ("Marsh", "Holt"):
        alert = Alert.objects.get(rule="CHILD_REFERRAL_DUE", person__family_name=family)
        alert_acknowledge(alert=alert, user=front_door_user)
        key = {
            **kept_key(event_id=alert.trigger_id, person_id=alert.person_id),
            "duty": "GP",
            "recipient": agencies["gp"],
        }
        Acknowledgement.objects.create(
            **key, acknowledged_by=front_door_user, acknowledged_at=timezone.now()
        )
        NotSharing.objects.create(
            **key,
            decided_by=front_door_user,
            decided_at=timezone.now(),
            reason="Telling the practice would put her at risk",
            sign_off="not_required",
        )
        NeverTell.objects.create(
            **{k: v for k, v in key.items() if k.startswith("subject_")},
            recipient=agencies["gp"],
            decided_by=front_door_user,
            decided_at=timezone.now(),
            reason="Never tell the practice",
            sign_off="not_required",
        )
    holts = {
        Alert.objects.get(
            rule="CHILD_REFERRAL_DUE", person__family_name="Holt"
        ).trigger.message.message_id
    }
    kept = (AlertChange, Acknowledgement, NotSharing)

    retention_run(today=AVA_DUE, dry_run=False)
    assert [model.objects.count() for model in kept] == [2, 2, 2], "kept while archived"

    assert NeverTell.objects.count() == 2

    retention_run(today=DELETE_DUE, dry_run=False)
    for model in kept:
        assert set(model.objects.values_list("message_id", flat=True)) == holts
    assert set(NeverTell.objects.values_list("subject_message_id", flat=True)) == holts


def test_a_legal_hold_stops_archiving_and_deleting_until_lifted(marsh) -> None:
    jade = Person.objects.get(given_name="Jade")
    hold = legal_hold_add(person_id=jade.pk, reason="Family court, case ZZ26P00001", user=None)
    plan = retention_run(today=AVA_DUE, dry_run=False)
    assert (plan.archive, plan.held) == ([], 1)
    legal_hold_lift(hold_id=hold.pk, reason="Proceedings ended", user=None)
    retention_run(today=AVA_DUE, dry_run=False)
    assert people_named("Marsh Crane") == 0
    # Archived, Jade is named by her id as it was: a new hold still stops the deletion.
    legal_hold_add(person_id=jade.pk, reason="Serious case review", user=None)
    plan = retention_run(today=DELETE_DUE, dry_run=False)
    assert (plan.delete, plan.held) == ([], 1)
    assert InboxMessage.objects.filter(source="police").count() == 2
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("retention.hold.add") == 2
    assert "retention.hold.lift" in actions


def test_a_hold_that_cannot_be_placed_or_lifted_is_named(db) -> None:
    with pytest.raises(RetentionError, match="reason: say why"):
        legal_hold_add(person_id=1, reason=" ", user=None)
    with pytest.raises(RetentionError, match="person_id: the hub holds no records of person 1"):
        legal_hold_add(person_id=1, reason="Court", user=None)
    with pytest.raises(CommandError, match="hold_id: no legal hold 9 in force"):
        call_command("retention", "hold", "lift", "9", "--reason", "Done")
    assert not LegalHold.objects.exists()


def test_the_commands_place_list_and_lift_a_hold(marsh) -> None:
    jade = Person.objects.get(given_name="Jade")
    out = StringIO()
    call_command("retention", "hold", "add", str(jade.pk), "--reason", "Inquest", stdout=out)
    call_command("retention", "holds", stdout=out)
    hold = LegalHold.objects.get()
    assert f"{hold.pk}\tperson {jade.pk}" in out.getvalue()
    assert "console: Inquest" in out.getvalue()
    call_command("retention", "hold", "lift", str(hold.pk), "--reason", "Closed", stdout=out)
    assert LegalHold.objects.get().lifted_at is not None


def test_the_schedule_is_the_partnership_s_setting(marsh) -> None:
    audit_setting_set(
        key="retention.child_until_age",
        value=21,
        effective_from=date(2027, 1, 1),
        reason="Partnership agreed",
        user=None,
    )
    plan = retention_run(today=date(2041, 4, 5), dry_run=True)
    assert len(plan.archive) == 1


def test_deleting_removes_the_group_s_restrictions_and_break_glass_grants(
    marsh, data_manager, police_user
) -> None:
    load_holts()
    jade, nina = Person.objects.get(given_name="Jade"), Person.objects.get(given_name="Nina")
    restriction_create(person=jade, reason="Hidden", named_users=[], user=data_manager)
    holts = restriction_create(person=nina, reason="Hidden", named_users=[], user=data_manager)
    break_glass_grant(person=jade, reason="Brought to A&E", user=police_user)
    retention_run(today=AVA_DUE, dry_run=False)
    # Archived, the people are gone; the restriction and the grant stay until the messages go.
    assert (Restriction.objects.count(), BreakGlassGrant.objects.count()) == (2, 1)
    plan = retention_run(today=DELETE_DUE, dry_run=False)
    assert plan.failed == []
    assert not BreakGlassGrant.objects.exists()
    assert list(Restriction.objects.all()) == [holts]
    assert RestrictedRecord.objects.filter(restriction=holts).exists()


def test_an_archived_child_leaves_the_children_in_need_census(
    marsh, front_door_user, police_user
) -> None:
    send("referral", "2026-03-03T09:00:00", {"reason": "Ava said Liam hit her mum"})
    year = census_year(timezone.localdate(Referral.objects.get().received_at))
    ava = Person.objects.get(given_name="Ava")
    assert [c.person_id for c in cin_census_collect(year).children] == [ava.pk]
    retention_run(today=AVA_DUE, dry_run=False)
    assert cin_census_collect(year).children == ()
