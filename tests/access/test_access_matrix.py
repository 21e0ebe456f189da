"""Every page and endpoint against every kind of user: allowed, denied, or not found.

What each user should get is worked out from the policy's own declaration (`VIEW_GATES` in
access/policy.py): the gate of each URL, whether it admits the user, and for a page about one
thing, whether its rule lets them see that thing. A URL with no gate fails, so a new view cannot
be added untested; the requests show the pages really do what the declaration says.
"""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from frontdoor.access.models import Agency, AgencyType, Role
from frontdoor.access.policy import VIEW_GATES, Gate, actor_for, gate_check, person_seen
from frontdoor.access.services import break_glass_grant, restriction_create, team_create
from frontdoor.chronology.models import Event
from frontdoor.intake.models import Channel, InboxMessage
from frontdoor.intake.services import messages_receive
from frontdoor.linkage.models import LinkReview
from frontdoor.marac.models import Action, MaracReferral, Meeting
from frontdoor.marac.selectors import agenda_referrals, cases_of
from frontdoor.people.models import Person, SourceRecord
from frontdoor.quality.models import (
    AuditAction,
    CaseAudit,
    DipReview,
    DipSample,
    Dissemination,
    Finding,
)
from frontdoor.risk.models import Alert
from frontdoor.sharing.models import Notification
from frontdoor.sharing.services import never_tell_record, not_sharing_record
from frontdoor.triage.models import DecisionOutcome, Referral
from frontdoor.triage.services import checks_request, decision_record, decision_sign_off
from tests.factories import AgencyFactory, StaffFactory, message, raw, subject

PLACES = ("front_door", "csc", "school", "police")
"""Every role at the front door (children's social care), and in children's social care away
from it, a school and the police; then three users with routes of their own."""
USERS = (
    "anonymous",
    *(f"{place}_{role}" for place in PLACES for role in Role.values),
    "dpo",  # the data protection lead (a practitioner in children's social care)
    "named",  # a GP nurse named on the restriction of another person
    "glass",  # a probation officer who broke the glass into the person the URLs are about
)
OK, REDIRECT, UNAUTHORISED, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 401, 403, 404, 405
SIGN_IN = REDIRECT

PERSON_URLS = (
    "people:detail",
    "risk:dash-person",
    "marac:refer",
    "audit:person-reads",
    "access:restriction-new",
    "access:break-glass",
    "sharing:never-tell",
)
ANSWERS = {
    "favicon": REDIRECT,  # to the icon the pages name
    "sign-in": REDIRECT,  # someone signed in already is sent on
    "sign-out": NOT_ALLOWED,  # a form posts it
    # Everyone here has given their code already; tests/web/test_two_factor.py covers the rest.
    "two-factor": REDIRECT,
    "two-factor-set-up": REDIRECT,
    "two-factor-qr-code": NOT_FOUND,
    "two-factor-recovery-codes": REDIRECT,  # shown once, just after setting up the app
    "two-factor-recovery": REDIRECT,
    "sharing:acknowledge": NOT_ALLOWED,  # a form posts it
    "api:messages": NOT_ALLOWED,  # agencies post messages
    "api:message": UNAUTHORISED,  # a session is no API token
}
"""What a GET answers, for a user the gate lets through, where that is not the page itself."""


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_declares_its_gate() -> None:
    assert url_names() == set(VIEW_GATES)


def test_a_page_with_no_gate_is_refused_to_everyone() -> None:
    with pytest.raises(PermissionDenied, match="No access is declared"):
        gate_check(User(), "people:everything")


def expected(name: str, user: User | None, thing: object) -> int:
    """The status the declaration gives this user for a GET of this URL, about this thing."""
    gate: Gate = VIEW_GATES[name]
    if user is None:
        return OK if name == "sign-in" else ANSWERS.get(name, OK) if gate.public else SIGN_IN
    actor = actor_for(user)
    if gate.admits is not None and not gate.admits(actor):
        return FORBIDDEN
    if gate.sees is not None and not gate.sees(actor, thing):
        return NOT_FOUND if gate.hides else FORBIDDEN
    if name == "access:break-glass" and person_seen(actor, thing):
        return REDIRECT  # a user who may open the person already goes straight to their page
    return ANSWERS.get(name, OK)


@pytest.fixture
def world(agencies) -> dict[str, object]:
    """A police record of a child, a school's referral, and a police message in quarantine."""
    teams = {
        place: team_create(agency=agencies[place], name="Safeguarding") for place in PLACES[1:]
    }
    users: dict[str, User] = {
        f"{place}_{role}": StaffFactory(
            agency=agencies["csc" if place == "front_door" else place],
            front_door=place == "front_door",
            role=role,
            team=teams.get(place) if role in (Role.PRACTITIONER, Role.MANAGER) else None,
        ).user
        for place in PLACES
        for role in Role.values
    }
    users |= {
        "dpo": StaffFactory(agency=agencies["csc"]).user,
        "named": StaffFactory(agency=agencies["gp"]).user,
        "glass": StaffFactory(agency=agencies["probation"]).user,
    }
    messages_receive(
        [
            raw(
                message(
                    subjects=[subject(source_person_id="P1", given_name="Poppy")],
                    facts={"coercive_control": True},
                )
            ),
            raw(message(message_id="bad", subjects=[subject(date_of_birth="x")])),
            raw(
                message(
                    subjects=[
                        subject(
                            source_person_id="P2",
                            nhs_number="9434765919",
                            given_name="Amy",
                            family_name="Stone",
                        )
                    ],
                    facts={"coercive_control": True},
                )
            ),
            raw(
                message(
                    source="gp-f84001",
                    subjects=[
                        subject(
                            source_person_id="G2",
                            nhs_number="9434765919",
                            given_name="Z",
                            family_name="Q",
                        )
                    ],
                )
            ),
        ],
        channel=Channel.FILE,
    )
    messages_receive(
        [raw(message(source="school-105899", kind="referral", subjects=[subject()]))],
        channel=Channel.FORM,
        received_by=users["school_practitioner"],
    )
    dash = message(
        source="school-105899",
        kind="assessment",
        subjects=[subject()],
        facts={"type": "dash", "answers": {"1": "yes"}},
    )
    messages_receive([raw(dash)], channel=Channel.FORM, received_by=users["school_practitioner"])
    referral = Referral.objects.get()
    reference = referral.reference
    checks = checks_request(
        referral=referral,
        agencies=[agencies["police"], agencies["gp"]],
        question="What do you hold?",
        user=users["front_door_practitioner"],
    )
    decision = decision_record(
        referral=referral,
        user=users["front_door_practitioner"],
        outcome=DecisionOutcome.STRATEGY_DISCUSSION,
        rationale="Injuries seen at school",
        rested_on="The referral",
        no_health_answer_reason="Out of hours",
    )
    manager = users["front_door_manager"]
    decision_sign_off(decision=decision, user=manager, agree=True, note="")
    messages_receive(
        [
            raw(
                message(
                    kind="marac",
                    subjects=[subject(source_person_id="P1", given_name="Poppy")],
                    facts={"event": "referred", "criterion": "dash_high"},
                )
            )
        ],
        channel=Channel.FILE,
    )
    marac = MaracReferral.objects.get()
    meeting = Meeting.objects.create(date=timezone.localdate(), scheduled_by=manager)
    action = Action.objects.create(
        meeting=meeting,
        referral=marac,
        description="Flag the address",
        owner_agency=agencies["police"],
        owner=users["police_practitioner"],
        due_on=meeting.date,
        created_by=manager,
        created_at=timezone.now(),
    )
    users["dpo"].user_permissions.add(Permission.objects.get(codename="review_access"))
    poppy = Person.objects.get(given_name="Poppy")
    grant = break_glass_grant(person=poppy, reason="Brought to A&E", user=users["glass"])
    amy = SourceRecord.objects.get(source_person_id="P2").person
    restriction = restriction_create(
        person=amy,
        reason="Whereabouts kept from a parent",
        named_users=[users["named"]],
        user=users["front_door_data_manager"],
    )
    review = dip_review_of_the_police_incident(reviewer=users["front_door_practitioner"])
    sent = finding_sent_to_the_school(review, agencies["school"], by=manager)
    # Owned by the GP nurse by name and by the school as a team.
    audit_action = AuditAction.objects.create(
        finding=sent.finding,
        description="Tell the school the next morning.",
        owner=users["named"],
        team=agencies["school"],
        due_on=date.today(),
        created_by=manager,
        created_at=timezone.now(),
    )
    # No user here works at Cafcass: what each sees stays the same.
    cafcass = AgencyFactory(code="cafcass", type=AgencyType.CAFCASS)
    told, told_of_amy = (
        Notification.objects.create(
            duty="CAFCASS",
            recipient=cafcass,
            person=person,
            event=Event.objects.filter(participants__person=person).earliest("pk"),
            raised_at=timezone.now(),
            due_by=timezone.now(),
        )
        for person in (poppy, amy)
    )
    not_told, not_told_of_amy = (
        not_sharing_record(
            notification=notification,
            user=users["front_door_practitioner"],
            reason="Telling Cafcass puts her at risk",
        )
        for notification in (told, told_of_amy)
    )
    never_told, never_told_of_amy = (
        never_tell_record(
            person_id=person.pk,
            recipient=cafcass,
            user=users["front_door_manager"],
            reason="Never tell Cafcass",
        )
        for person in (poppy, amy)
    )
    arguments = {
        "sharing:never-tell": [poppy.pk],
        "sharing:never-tell-sign-off": [never_told.pk],
        "sharing:never-tell-lift": [never_told.pk],
        "quality:sample": [review.sample.week],
        "quality:review": [review.pk],
        "quality:audit": [sent.finding.audit_id],
        "quality:disseminate": [sent.finding_id],
        "quality:finding": [sent.pk],
        "quality:action-new": [sent.finding_id],
        "quality:action": [audit_action.pk],
        "sharing:not-sharing": [told.pk],
        "sharing:not-sharing-sign-off": [not_told.pk],
        "people:detail": [poppy.pk],
        "risk:dash-person": [Person.objects.get(given_name="Poppy").pk],
        "risk:dash-result": [InboxMessage.objects.get(message_id=dash["message_id"]).pk],
        "triage:referral": [reference],
        "triage:receipt": [reference],
        "triage:work": [reference],
        "triage:checks-new": [reference],
        "triage:decide": [reference],
        "triage:sign-off": [decision.pk],
        "triage:strategy": [decision.pk],
        "triage:check": [checks[0].pk],
        "intake:quarantine-detail": [InboxMessage.objects.get(message_id="bad").pk],
        "linkage:review": [LinkReview.objects.get().pk],
        "linkage:record-split": [SourceRecord.objects.get(source_person_id="P1").pk],
        "alerts:alert": [Alert.objects.get(rule="COERCIVE_CONTROL", person__given_name="Poppy").pk],
        "thresholds:threshold": ["escalation.incidents"],
        "linkage:record-link": [SourceRecord.objects.get(source_person_id="P1").pk],
        "marac:meeting": [meeting.pk],
        "marac:meeting-hold": [meeting.pk],
        "marac:case": [meeting.pk, marac.reference],
        "marac:return": [meeting.pk, marac.reference],
        "marac:action-new": [meeting.pk, marac.reference],
        "marac:action": [action.pk],
        "marac:refer": [Person.objects.get(given_name="Poppy").pk],
        "api:message": ["police", "bad"],
        "audit:person-reads": [poppy.pk],
        "sharing:acknowledge": [1],
        "access:restriction-new": [poppy.pk],
        "access:restriction": [restriction.pk],
        "access:restriction-lift": [restriction.pk],
        "access:break-glass": [poppy.pk],
        "access:break-glass-review": [grant.pk],
    }
    referral.refresh_from_db()
    alert_of_amy = Alert.objects.get(rule="COERCIVE_CONTROL", person=amy)
    cases = cases_of(agenda_referrals(meeting), on=meeting.date)
    things: dict[str, Any] = {
        "people:detail": poppy,
        "risk:dash-person": poppy,
        "marac:refer": poppy,
        "access:restriction-new": poppy,
        "access:break-glass": poppy,
        "triage:referral": referral,
        "triage:receipt": referral,
        "triage:check": checks[0],
        "risk:dash-result": Event.objects.get(message__message_id=dash["message_id"]),
        "alerts:alert": Alert.objects.get(pk=arguments["alerts:alert"][0]),
        "intake:quarantine-detail": InboxMessage.objects.get(message_id="bad"),
        "marac:meeting": cases,
        "marac:case": cases[0],
        "marac:return": cases[0],
        "marac:action": action,
        "quality:review": review,
        "quality:finding": sent,
        "quality:action": audit_action,
        "sharing:not-sharing": told,
        "sharing:not-sharing-sign-off": not_told,
        "sharing:never-tell": poppy,
        "sharing:never-tell-sign-off": never_told,
        "sharing:never-tell-lift": never_told,
    }
    return {
        "users": users,
        "arguments": arguments,
        "things": things,
        # The URLs about a person restricted with only the GP nurse named, and their things.
        "restricted": {name: ([amy.pk], amy) for name in PERSON_URLS}
        | {
            "alerts:alert": ([alert_of_amy.pk], alert_of_amy),
            "sharing:not-sharing": ([told_of_amy.pk], told_of_amy),
            "sharing:not-sharing-sign-off": ([not_told_of_amy.pk], not_told_of_amy),
            "sharing:never-tell-sign-off": ([never_told_of_amy.pk], never_told_of_amy),
            "sharing:never-tell-lift": ([never_told_of_amy.pk], never_told_of_amy),
        },
    }


def dip_review_of_the_police_incident(*, reviewer: object) -> DipReview:
    incident = Event.objects.filter(kind="incident", agency__code="police").earliest("pk")
    sample = DipSample.objects.create(
        week="2026-W09",
        first_day=date(2026, 2, 23),
        last_day=date(2026, 3, 1),
        seed=1,
        per_stratum=2,
        as_of=timezone.now(),
        population={},
        drawn_at=timezone.now(),
    )
    return DipReview.objects.create(
        sample=sample,
        agency=incident.agency,
        position=1,
        source=incident.message.source,
        message_id=incident.message.message_id,
        occurred_at=incident.occurred_at,
        reviewer=reviewer,
    )


def finding_sent_to_the_school(review: DipReview, school: Agency, *, by: User) -> Dissemination:
    audit = CaseAudit.objects.create(
        source=review.source,
        message_id=review.message_id,
        child_ref="p1",
        review=review,
        scope="Was the school told?",
        opened_by=by,
        opened_at=timezone.now(),
    )
    finding = Finding.objects.create(
        audit=audit, text="The school was not told.", recorded_by=by, recorded_at=timezone.now()
    )
    return Dissemination.objects.create(
        finding=finding, agency=school, sent_by=by, sent_at=timezone.now(), due_on=date.today()
    )


def _differences(client: Client, world: dict, who: str, urls: dict[str, tuple]) -> list[str]:
    user = world["users"].get(who)
    if user is not None:
        client.force_login(user)
    found = []
    for name, (args, thing) in sorted(urls.items()):
        url = reverse(name, args=args)
        want, got = expected(name, user, thing), client.get(url).status_code
        if got != want:
            found.append(f"{who} GET {url} ({name}): {got}, expected {want}")
    return found


@pytest.mark.parametrize("who", USERS)
def test_access(client: Client, world: dict, who: str) -> None:
    urls = {
        name: (world["arguments"].get(name, []), world["things"].get(name)) for name in VIEW_GATES
    }
    assert not [name for name in urls if VIEW_GATES[name].sees and urls[name][1] is None]
    assert _differences(client, world, who, urls) == []


@pytest.mark.parametrize("who", USERS)
def test_access_to_a_restricted_person(client: Client, world: dict, who: str) -> None:
    """No one but the GP nurse named finds a restricted person, their alert, a notification
    about them or a decision not to tell an agency about them, the front door included, and
    break-glass does not open them."""
    assert _differences(client, world, who, world["restricted"]) == []


def test_the_world_tries_every_rule_both_ways(world: dict) -> None:
    """Each object rule lets some user of the matrix see its thing and keeps it from another,
    so the matrix really checks it (insecure direct object references)."""
    actors = [actor_for(user) for user in world["users"].values()]
    tried: dict[str, set[bool]] = {}
    for name, thing in [
        *world["things"].items(),
        *((name, thing) for name, (_, thing) in world["restricted"].items()),
    ]:
        gate = VIEW_GATES[name]
        if gate.sees is not None:
            tried.setdefault(name, set()).update(
                gate.sees(actor, thing)
                for actor in actors
                if gate.admits is None or gate.admits(actor)
            )
    one_way = [name for name, outcomes in tried.items() if len(outcomes) < 2]
    assert one_way == []
