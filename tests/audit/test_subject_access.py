"""`frontdoor sar PERSON_ID`: everything the hub holds about one person, as JSON and a PDF, with
what names or may describe other people marked for a redaction review; audited."""

import json
import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from frontdoor.access.models import Role
from frontdoor.access.services import break_glass_grant, restriction_create
from frontdoor.audit.models import AuditEvent
from frontdoor.audit.services import access_record
from frontdoor.chronology.models import Event
from frontdoor.marac.models import Action, MaracReferral, Meeting
from frontdoor.people.models import Person
from frontdoor.risk.models import Alert
from frontdoor.risk.services import alert_acknowledge, alert_action
from frontdoor.sharing.models import Notification
from frontdoor.sharing.services import (
    never_tell_lift,
    never_tell_record,
    never_tell_sign_off,
    not_sharing_record,
    notification_acknowledge,
)
from frontdoor.triage.models import DecisionOutcome, Referral
from frontdoor.triage.services import checks_request, decision_record
from tests.factories import StaffFactory
from tests.marac.conftest import incident, refer, send


@pytest.fixture
def jade(agencies, front_door_user, police_user) -> Person:
    """Jade, her ex-partner Liam and their child Ava, as the police told the hub of them: an
    incident, a DASH, a referral the front door decided on, and a MARAC case with an action."""
    incident("2026-03-01T21:30:00")
    send(
        "assessment",
        "2026-03-02T10:00:00",
        {"type": "dash", "answers": {str(n): "yes" for n in range(1, 16)}},
    )
    send("referral", "2026-03-03T09:00:00", {"reason": "Ava said Liam hit her mum"})
    referral = Referral.objects.get()
    checks_request(
        referral=referral,
        agencies=[agencies["gp"]],
        question="What do you know of Liam?",
        user=front_door_user,
    )
    decision_record(
        referral=referral,
        user=front_door_user,
        outcome=DecisionOutcome.MARAC,
        rationale="High risk from Liam",
        rested_on="The DASH",
        no_health_answer_reason="GP closed",
    )
    refer("2026-03-04T10:00:00")
    meeting = Meeting.objects.create(date=timezone.localdate(), scheduled_by=front_door_user)
    Action.objects.create(
        meeting=meeting,
        referral=MaracReferral.objects.get(),
        description="Warn Liam off the school",
        owner_agency=agencies["police"],
        owner=police_user,
        due_on=meeting.date,
        created_by=front_door_user,
        created_at=timezone.now(),
    )
    person = Person.objects.get(given_name="Jade")
    access_record(
        user=front_door_user, person_ids=[person.pk], purpose="person_page", route="front_door"
    )
    return person


def export(person_id: int, folder: Path) -> dict[str, Any]:
    out = StringIO()
    call_command("sar", str(person_id), "--out", str(folder), stdout=out)
    assert "marked for redaction review" in out.getvalue()
    [path] = folder.glob("*.json")
    return dict(json.loads(path.read_text()))


def kinds(items: list[dict[str, Any]], key: str) -> list[Any]:
    return [item[key] for item in items]


def test_the_export_holds_every_kind_of_record_about_the_person(jade, tmp_path) -> None:
    data = export(jade.pk, tmp_path)
    sections = data["sections"]
    assert data["person"]["name"] == "Jade Marsh"
    assert kinds(sections["source_records"], "agency") == ["Borough Police"]
    assert sorted(kinds(sections["events"], "kind")) == ["incident", "marac", "referral"]
    assert len(sections["dash"]) == 1
    assert len(sections["relationships"]) == 2
    assert kinds(sections["referrals"], "reason") == ["Ava said Liam hit her mum"]
    assert set(kinds(sections["front_door_work"], "what")) == {
        "agency check",
        "front-door decision",
    }
    assert set(kinds(sections["marac"], "what")) == {"MARAC referral", "MARAC action"}
    assert len(sections["messages"]) == 4
    assert sections["alerts"]
    assert [(r["agency"], r["purpose"], r["reads"]) for r in sections["reads"]] == [
        ("csc", "person_page", 1)
    ]


def test_other_people_and_free_text_are_marked_for_review(jade, tmp_path) -> None:
    sections = export(jade.pk, tmp_path)["sections"]
    [record] = sections["source_records"]
    assert record["redaction_review"] == {"needed": False, "reasons": [], "third_parties": []}
    incident_ = next(e for e in sections["events"] if e["kind"] == "incident")
    review = incident_["redaction_review"]
    assert review["needed"]
    assert "names other people" in review["reasons"]
    assert {(t["name"], t["role"]) for t in review["third_parties"]} == {
        ("Liam Crane", "alleged_perpetrator"),
        ("Ava Marsh", "child"),
    }
    decision = next(w for w in sections["front_door_work"] if w["what"] == "front-door decision")
    assert (
        "free text that may describe other people: rationale, rested_on"
        in (decision["redaction_review"]["reasons"])
    )
    assert all(m["redaction_review"]["needed"] for m in sections["messages"])


def test_the_files_are_the_operator_s_alone_and_the_export_is_audited(jade, tmp_path) -> None:
    export(jade.pk, tmp_path)
    pdf = next(tmp_path.glob("*.pdf"))
    assert pdf.read_bytes().startswith(b"%PDF-")
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    audit = AuditEvent.objects.get(action="console.sar")
    assert audit.details["person_ids"] == [jade.pk]
    assert audit.details["for_redaction_review"] > 0
    assert audit.details["operator"]


def test_a_person_not_held_is_named_and_nothing_is_written(db, tmp_path) -> None:
    with pytest.raises(CommandError, match="person_id: the hub holds no person 404"):
        call_command("sar", "404", "--out", str(tmp_path))
    assert not list(tmp_path.iterdir())
    with pytest.raises(CommandError, match="--out: no folder"):
        call_command("sar", "404", "--out", str(tmp_path / "missing"))
    assert not AuditEvent.objects.filter(action="console.sar").exists()


def test_restrictions_emergency_access_kept_decisions_and_returns_are_exported(
    jade, agencies, data_manager, front_door_user, police_user, tmp_path
) -> None:
    restriction_create(
        person=jade, reason="Whereabouts kept from Liam", named_users=[], user=data_manager
    )
    break_glass_grant(person=jade, reason="Brought to A&E", user=police_user)
    gp, school = (
        Notification.objects.create(
            duty="CAFCASS",
            recipient=agency,
            person=jade,
            event=Event.objects.filter(participants__person=jade).earliest("pk"),
            raised_at=timezone.now(),
            due_by=timezone.now(),
        )
        for agency in (agencies["gp"], agencies["school"])
    )
    notification_acknowledge(notification=gp, user=police_user, note="Seen by the GP")
    not_sharing_record(notification=school, user=front_door_user, reason="Liam works there")
    (tmp_path / "jade").mkdir()
    (tmp_path / "ava").mkdir()
    sections = export(jade.pk, tmp_path / "jade")["sections"]
    restriction, grant = sections["access"]
    assert (restriction["reason"], grant["reason"]) == (
        "Whereabouts kept from Liam",
        "Brought to A&E",
    )
    assert grant["agency"] == "Borough Police"
    assert restriction["redaction_review"]["reasons"] == [
        "free text that may describe other people: reason"
    ]
    assert [(d["what"], d["agency"]) for d in sections["notification_decisions"]] == [
        ("acknowledgement", "Elm Practice"),
        ("decision not to share", "Hope Primary"),
    ]
    assert sections["notification_decisions"][1]["reason"] == "Liam works there"
    assert sections["statutory_returns"] == []  # Jade is no child in the census
    ava = Person.objects.get(given_name="Ava")
    [census] = export(ava.pk, tmp_path / "ava")["sections"]["statutory_returns"]
    assert census["what"] == "children in need census"
    assert [r["reference"] for r in census["referrals"]] == [Referral.objects.get().reference]


def test_never_tell_decisions_and_alert_changes_are_exported_with_staff_marked(
    jade, agencies, front_door_user, tmp_path
) -> None:
    manager, second = (
        StaffFactory(
            user__first_name="Sam",
            user__last_name=family,
            agency=agencies["csc"],
            front_door=True,
            role=Role.MANAGER,
        ).user
        for family in ("Reed", "Hale")
    )
    decision = never_tell_record(
        person_id=jade.pk, recipient=agencies["school"], user=manager, reason="Liam works there"
    )
    never_tell_sign_off(decision=decision, person_id=jade.pk, user=second, agree=True, note="")
    never_tell_lift(decision=decision, user=manager, reason="Liam has left the school")
    alert = Alert.objects.filter(person=jade, status="open").earliest("pk")
    alert_acknowledge(alert=alert, user=front_door_user)
    alert_action(alert=alert, user=front_door_user, note="Police told of Liam's bail")
    (tmp_path / "jade").mkdir()
    (tmp_path / "liam").mkdir()
    sections = export(jade.pk, tmp_path / "jade")["sections"]

    [never] = [
        d
        for d in sections["notification_decisions"]
        if d["what"] == "decision never to tell an agency"
    ]
    assert {k: never[k] for k in ("agency", "reason", "sign_off", "lift_reason")} == {
        "agency": "Hope Primary",
        "reason": "Liam works there",
        "sign_off": "Agreed by a manager",
        "lift_reason": "Liam has left the school",
    }
    assert (never["decided_by"], never["signed_off_by"], never["lifted_by"]) == (
        "Sam Reed",
        "Sam Hale",
        "Sam Reed",
    )
    assert never["lifted_at"] is not None
    assert never["redaction_review"]["reasons"] == [
        "free text that may describe other people: reason, lift_reason",
        "names members of staff: decided_by, signed_off_by, lifted_by",
    ]

    practitioner = front_door_user.get_full_name()
    assert [
        (c["rule"], c["status"], c["changed_by"], c["reason"]) for c in sections["alert_changes"]
    ] == [
        (alert.rule, "Acknowledged", practitioner, ""),
        (alert.rule, "Actioned", practitioner, "Police told of Liam's bail"),
    ]
    acknowledged, actioned = (c["redaction_review"] for c in sections["alert_changes"])
    assert acknowledged["reasons"] == ["names members of staff: changed_by"]
    assert actioned["reasons"] == [
        "free text that may describe other people: reason",
        "names members of staff: changed_by",
    ]

    liam = Person.objects.get(given_name="Liam")
    others = export(liam.pk, tmp_path / "liam")["sections"]
    assert others["alert_changes"] == [], "Jade's alerts are not Liam's"
    assert not others["notification_decisions"], "Jade's decisions are not Liam's"
