"""The front door's work on a referral: the queue, agency checks, decisions, sign-off, strategy
discussions and what the referrer is told."""

import json
import re
from datetime import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontdoor.access.models import AgencyType, Role
from frontdoor.audit.models import AccessLog, AuditEvent
from frontdoor.chronology.models import Event
from frontdoor.intake.derivation import derivations_run
from frontdoor.intake.models import Channel
from frontdoor.intake.services import inbox_rebuild, messages_receive
from frontdoor.triage.models import (
    AgencyCheck,
    DecisionOutcome,
    Referral,
    ReferralStatus,
    Risk,
    SignOff,
    StrategyOutcome,
)
from frontdoor.triage.services import (
    TriageError,
    checks_request,
    decision_record,
    decision_sign_off,
    strategy_discussion_record,
)
from frontdoor.triage.submissions import check_answer_submit
from tests.factories import AgencyFactory, StaffFactory, message, raw, subject
from tests.forms import seen_version
from tests.risk.family import alerts, incident, named, send

from .conftest import LONDON


@pytest.fixture(autouse=True)
def midday(clock):
    """Every test here starts at noon on Monday 30 November 2026, London time."""
    return clock


@pytest.fixture
def probation_officer(agencies):
    return StaffFactory(user__username="probation.officer", agency=agencies["probation"]).user


@pytest.fixture
def manager(agencies):
    return StaffFactory(
        user__username="fd.manager", agency=agencies["csc"], front_door=True, role=Role.MANAGER
    ).user


def refer(user, *, born: str = "2021-04-01", urgent: bool = False, source: str = "probation"):
    payload = message(
        source=source,
        kind="referral",
        occurred_at=timezone.localtime().isoformat(timespec="seconds"),
        subjects=[
            subject("c", "child", date_of_birth=born),
            subject("a", "alleged_perpetrator", date_of_birth="1988-02-03"),
        ],
        facts={
            "reason": "On licence; disclosed he is back living with the family.",
            "concerns": ["domestic_abuse"],
            "urgent": urgent,
            "referrer": {"name": "Pat Officer", "email": "pat.officer@example.org"},
        },
    )
    messages_receive([raw(payload)], channel=Channel.FORM, received_by=user)
    return Referral.objects.get(message__message_id=payload["message_id"])


def test_a_referral_from_probation_through_checks_decision_and_sign_off(
    clock,
    django_capture_on_commit_callbacks,
    agencies,
    probation_officer,
    front_door_user,
    manager,
    gp_user,
) -> None:
    referral = refer(probation_officer)
    assert referral.status == ReferralStatus.RECEIVED
    with pytest.raises(TriageError, match="agencies: ask a health agency"):
        checks_request(
            referral=referral, agencies=[agencies["police"]], question="Q", user=front_door_user
        )
    _, gp = checks_request(
        referral=referral,
        agencies=[agencies["police"], agencies["gp"]],
        question="What do you hold?",
        user=front_door_user,
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CHECKS
    with pytest.raises(TriageError, match="agencies: already asked: Borough Police"):
        checks_request(
            referral=referral, agencies=[agencies["police"]], question="Q", user=front_door_user
        )

    with pytest.raises(TriageError, match="no_health_answer_reason: health has not answered"):
        decision_record(
            referral=referral,
            user=front_door_user,
            outcome=DecisionOutcome.CHILD_IN_NEED,
            rationale="r",
            rested_on="i",
        )

    check_answer_submit(
        check=gp, user=gp_user, holds=True, answer="Child missed two immunisations."
    )
    answer = Event.objects.get(kind="agency_check")
    assert answer.agency == agencies["gp"]
    assert "holds information: Child missed two immunisations." in answer.summary
    people = set(referral.event.participants.values_list("person_id", flat=True))
    assert set(answer.participants.values_list("person_id", flat=True)) == people
    with pytest.raises(TriageError, match="answer: this check has already been answered"):
        check_answer_submit(
            check=AgencyCheck.objects.get(pk=gp.pk), user=gp_user, holds=False, answer=""
        )

    decision = decision_record(
        referral=referral,
        user=front_door_user,
        outcome=DecisionOutcome.CHILD_IN_NEED,
        rationale="Perpetrator back in the home; health concerns.",
        rested_on="GP answer; probation's referral.",
    )
    assert decision.sign_off == SignOff.AWAITING
    assert list(decision.checks.all()) == [AgencyCheck.objects.get(pk=gp.pk)]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SIGN_OFF
    assert not mail.outbox

    with pytest.raises(PermissionDenied, match="Only a front-door manager"):
        decision_sign_off(decision=decision, user=front_door_user, agree=True, note="")
    clock.move_to(datetime(2026, 11, 30, 15, tzinfo=LONDON))
    with django_capture_on_commit_callbacks(execute=True):
        decision_sign_off(decision=decision, user=manager, agree=True, note="Agreed")
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == (ReferralStatus.DECIDED, "child_in_need")
    assert referral.decided_at == datetime(2026, 11, 30, 15, tzinfo=LONDON)
    (email,) = mail.outbox
    assert email.to == ["pat.officer@example.org"]
    assert "Child in need assessment (section 17)" in email.body
    assert "immunisations" not in email.body
    assert "Perpetrator back" not in email.body
    routes = dict(AuditEvent.objects.values_list("action", "route"))
    assert {
        "triage.checks_request": "front_door",
        "triage.check_answer": "asked",  # by the agency asked, away from the front door
        "triage.decide": "front_door",
        "triage.sign_off": "front_door",
        "triage.referrer_told": "front_door",
    }.items() <= routes.items()


def test_a_returned_decision_goes_back_to_the_practitioner(
    agencies, probation_officer, front_door_user, manager
) -> None:
    referral = refer(probation_officer)
    decision = decision_record(
        referral=referral,
        user=front_door_user,
        outcome=DecisionOutcome.NO_FURTHER_ACTION,
        rationale="r",
        rested_on="i",
        no_health_answer_reason="GP closed for training",
    )
    with pytest.raises(TriageError, match="note: say why you are returning"):
        decision_sign_off(decision=decision, user=manager, agree=False, note=" ")
    decision_sign_off(decision=decision, user=manager, agree=False, note="Ask health first")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED
    assert not mail.outbox


def test_a_decision_without_sign_off_stands_at_once_and_a_strategy_discussion_follows(
    django_capture_on_commit_callbacks, agencies, probation_officer, front_door_user
) -> None:
    call_command(
        "referrals",
        "setting",
        "sign_off.outcomes",
        '["no_further_action"]',
        "--from",
        "2026-01-01",
        "--reason",
        "Board",
    )
    referral = refer(probation_officer, urgent=True)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_record(
            referral=referral,
            user=front_door_user,
            outcome=DecisionOutcome.STRATEGY_DISCUSSION,
            rationale="Serious injury",
            rested_on="Referral",
            no_health_answer_reason="Urgent: no time to wait",
        )
    assert decision.sign_off == SignOff.NOT_REQUIRED
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.STRATEGY
    assert len(mail.outbox) == 1
    with pytest.raises(TriageError, match="agencies: health must take part"):
        strategy_discussion_record(
            decision=decision,
            user=front_door_user,
            held_at=datetime(2026, 11, 30, 11, tzinfo=LONDON),
            agencies=[agencies["police"]],
            attendees="DS Jones, police",
            outcome=StrategyOutcome.SECTION_47,
            actions="Visit today",
        )
    strategy_discussion_record(
        decision=decision,
        user=front_door_user,
        held_at=datetime(2026, 11, 30, 11, tzinfo=LONDON),
        agencies=[agencies["police"], agencies["gp"], agencies["csc"]],
        attendees="DS Jones, police\nDr Patel, GP\nSam Social, CSC",
        outcome=StrategyOutcome.SECTION_47,
        actions="Joint visit today; medical tomorrow",
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECIDED


def test_the_front_door_work_survives_a_rebuild(
    agencies, probation_officer, front_door_user
) -> None:
    referral = refer(probation_officer)
    checks_request(referral=referral, agencies=[agencies["gp"]], question="Q", user=front_door_user)
    decision_record(
        referral=referral,
        user=front_door_user,
        outcome=DecisionOutcome.EARLY_HELP,
        rationale="r",
        rested_on="i",
        no_health_answer_reason="No answer in time",
    )
    inbox_rebuild()
    again = Referral.objects.get(reference=referral.reference)
    assert again.status == ReferralStatus.SIGN_OFF
    assert again.checks.count() == 1
    assert again.decisions.count() == 1


def test_the_referrals_command_shows_status_and_decision(
    capsys, agencies, probation_officer, front_door_user
) -> None:
    call_command(
        "referrals", "setting", "sign_off.outcomes", "[]", "--from", "2026-01-01", "--reason", "r"
    )
    referral = refer(probation_officer)
    decision_record(
        referral=referral,
        user=front_door_user,
        outcome=DecisionOutcome.EARLY_HELP,
        rationale="r",
        rested_on="i",
        no_health_answer_reason="x",
    )
    capsys.readouterr()
    call_command("referrals", "--json")
    (row,) = json.loads(capsys.readouterr().out)
    assert row["status"] == "decided"
    assert row["decision"]["outcome"] == "early_help"
    assert row["decision"]["decided_at"]
    assert row["source_type"] == "probation"
    assert row["hours_to_decision"] >= 0


# Pages


@pytest.fixture
def front_door(client: Client, front_door_user) -> Client:
    client.force_login(front_door_user)
    return client


def test_the_queue_lists_open_work_soonest_deadline_first(
    clock, front_door: Client, probation_officer, school_user
) -> None:
    clock.move_to(datetime(2026, 11, 27, 10, tzinfo=LONDON))
    older = refer(probation_officer, born="2024-01-01")
    clock.move_to(datetime(2026, 11, 30, 12, tzinfo=LONDON))
    newer = refer(school_user, born="2015-06-01", source="school-105899", urgent=True)
    page = front_door.get("/referrals/queue/").content.decode()
    assert page.index(older.reference) < page.index(newer.reference)
    assert "Overdue by 2 hours" in page
    assert "2 years" in page
    assert "11 years" in page
    by_risk = front_door.get("/referrals/queue/?sort=risk").content.decode()
    assert by_risk.index(newer.reference) < by_risk.index(older.reference)
    young = front_door.get("/referrals/queue/?age=under_5").content.decode()
    assert older.reference in young
    assert newer.reference not in young
    probation = front_door.get(
        f"/referrals/queue/?agency={older.agency_id}&due=overdue"
    ).content.decode()
    assert older.reference in probation
    assert newer.reference not in probation
    assert AccessLog.objects.filter(purpose="queue").exists()


def test_the_queue_reads_the_same_number_of_queries_whatever_its_length(
    front_door: Client, probation_officer
) -> None:
    refer(probation_officer)
    front_door.get("/referrals/queue/")
    with CaptureQueriesContext(connection) as few:
        front_door.get("/referrals/queue/")
    for _ in range(60):
        refer(probation_officer)
    with CaptureQueriesContext(connection) as many:
        response = front_door.get("/referrals/queue/")
    assert len(many) == len(few)
    assert "Next" in response.content.decode()


def test_an_agency_answers_a_check_in_the_hub(
    client: Client, agencies, probation_officer, front_door_user, gp_user, school_user
) -> None:
    referral = refer(probation_officer)
    (check,) = checks_request(
        referral=referral, agencies=[agencies["gp"]], question="Anything?", user=front_door_user
    )
    client.force_login(school_user)
    assert client.get(f"/referrals/checks/{check.pk}/").status_code == 404
    client.force_login(gp_user)
    assert referral.reference in client.get("/referrals/checks/").content.decode()
    url = f"/referrals/checks/{check.pk}/"
    seen = seen_version(client, url)
    response = client.post(url, {"holds": "yes", "answer": "", "version": seen})
    assert "say what your agency holds" in response.content.decode()
    response = client.post(url, {"holds": "no", "answer": "", "version": seen})
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.holds is False
    assert check.answer_message is not None


def test_the_decision_form_names_what_is_missing(front_door: Client, probation_officer) -> None:
    referral = refer(probation_officer)
    url = f"/referrals/{referral.reference}/decide/"
    response = front_door.post(
        url,
        {
            "outcome": "early_help",
            "rationale": "r",
            "rested_on": "i",
            "version": seen_version(front_door, url),
        },
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert re.search(r'href="#id_no_health_answer_reason">health has not answered', page)


def test_only_a_manager_signs_off(
    client: Client, probation_officer, front_door_user, manager
) -> None:
    referral = refer(probation_officer)
    decision = decision_record(
        referral=referral,
        user=front_door_user,
        outcome=DecisionOutcome.MARAC,
        rationale="r",
        rested_on="i",
        no_health_answer_reason="x",
    )
    client.force_login(front_door_user)
    url = f"/referrals/decisions/{decision.pk}/sign-off/"
    assert "A front-door manager signs off" in client.get(url).content.decode()
    assert client.post(url, {"agree": "yes"}).status_code == 403
    client.force_login(manager)
    assert client.post(url, {"agree": "yes", "version": decision.version}).status_code == 302
    client.force_login(probation_officer)
    page = client.get("/referrals/").content.decode()
    assert "MARAC referral" in page


def test_tracking_by_source_agency_includes_probation(
    front_door: Client, agencies, probation_officer
) -> None:
    AgencyFactory(code="crc", name="Community Rehabilitation", type=AgencyType.PROBATION)
    refer(probation_officer)
    page = front_door.get("/referrals/by-source/").content.decode()
    assert "Probation" in page


def test_a_child_the_rules_listed_is_on_the_queue_with_its_alert(front_door: Client) -> None:
    send(incident("2026-11-29T20:00:00", officer_risk="medium"))
    (alert,) = alerts("CHILD_REFERRAL_DUE")
    page = front_door.get("/referrals/queue/").content.decode()
    assert f'href="/alerts/{alert.pk}/"' in page
    assert "Put on the list by a rule" in page
    assert named("Poppy").display_name in page
    medium = front_door.get(f"/referrals/queue/?risk={Risk.MEDIUM}").content.decode()
    assert "Put on the list by a rule" in medium
    high = front_door.get(f"/referrals/queue/?risk={Risk.HIGH}").content.decode()
    assert "Put on the list by a rule" not in high


def test_the_queue_says_when_the_rules_have_not_yet_run_on_what_arrived(
    front_door: Client,
) -> None:
    with override_settings(FRONTDOOR_INTAKE="worker"):
        send(incident("2026-11-29T20:00:00", officer_risk="medium"))
    page = front_door.get("/referrals/queue/").content.decode()
    assert "The rules have not yet run on 1 message received since" in page
    assert "Put on the list by a rule" not in page
    derivations_run()
    page = front_door.get("/referrals/queue/").content.decode()
    assert "The rules have not yet run" not in page
    assert "Put on the list by a rule" in page


def test_a_child_turns_five_on_their_birthday(front_door: Client, probation_officer) -> None:
    five_today = refer(probation_officer, born="2021-11-30")
    four = refer(probation_officer, born="2021-12-01")
    under_5 = front_door.get("/referrals/queue/?age=under_5").content.decode()
    assert four.reference in under_5
    assert five_today.reference not in under_5
    five_to_ten = front_door.get("/referrals/queue/?age=5_to_10&sort=age").content.decode()
    assert five_today.reference in five_to_ten


def test_an_answer_names_once_a_person_the_referral_names_twice(
    agencies, probation_officer, front_door_user, gp_user
) -> None:
    """Probation knows one man by two of its ids, linked as one person; its referral names both.
    The GP's answer is about the people the referral names, each once (ADR 29)."""
    father = {"given_name": "Carl", "family_name": "Dunmore", "date_of_birth": "1988-02-03"}
    messages_receive(
        [
            raw(
                message(
                    source="probation",
                    kind="contact",
                    subjects=[subject(source_person_id=i, **father)],
                )
            )
            for i in ("PR-1", "PR-2")
        ],
        channel=Channel.FILE,
    )
    payload = message(
        source="probation",
        kind="referral",
        occurred_at=timezone.localtime().isoformat(timespec="seconds"),
        subjects=[
            subject("c", "child", date_of_birth="2021-04-01"),
            subject("a", "alleged_perpetrator", source_person_id="PR-1", **father),
            subject("b", "alleged_perpetrator", source_person_id="PR-2", **father),
        ],
        facts={"reason": "Back living with the family.", "concerns": ["domestic_abuse"]},
    )
    messages_receive([raw(payload)], channel=Channel.FORM, received_by=probation_officer)
    referral = Referral.objects.get(message__message_id=payload["message_id"])
    people = set(referral.event.participants.values_list("person_id", flat=True))
    assert len(people) == 2
    (gp,) = checks_request(
        referral=referral,
        agencies=[agencies["gp"]],
        question="What do you hold?",
        user=front_door_user,
    )
    check_answer_submit(check=gp, user=gp_user, holds=False, answer="")
    answer = Event.objects.get(kind="agency_check")
    assert sorted(answer.participants.values_list("person_id", flat=True)) == sorted(people)
