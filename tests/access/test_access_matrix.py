"""Every page and endpoint against every kind of user: allowed, denied, or not found.

The table must name every URL the project serves, so a new view cannot be added untested.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from frontdoor.access.models import Agency, AgencyType, Role
from frontdoor.access.services import break_glass_grant, restriction_create, team_create
from frontdoor.chronology.models import Event
from frontdoor.intake.models import Channel, InboxMessage
from frontdoor.intake.services import messages_receive
from frontdoor.linkage.models import LinkReview
from frontdoor.marac.models import Action, MaracReferral, Meeting
from frontdoor.people.models import Person, SourceRecord
from frontdoor.quality.models import CaseAudit, DipReview, DipSample, Dissemination, Finding
from frontdoor.risk.models import Alert
from frontdoor.sharing.models import Notification
from frontdoor.sharing.services import not_sharing_record
from frontdoor.triage.models import DecisionOutcome, Referral
from frontdoor.triage.services import checks_request, decision_record, decision_sign_off
from tests.factories import AgencyFactory, StaffFactory, message, raw, subject

USERS = (
    "anonymous",
    "front_door",
    "front_door_data",
    "school",
    "school_data",
    "police",
    "manager",  # the school's manager, of the school user's team
    "dpo",  # the data protection lead (in children's social care, not the front door)
    "named",  # a GP nurse named on the restriction of another person
    "glass",  # a probation officer who broke the glass into the person the URLs are about
)
OK, SIGN_IN, UNAUTHORISED, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 401, 403, 404, 405
REDIRECT = SIGN_IN
ALL_FORBIDDEN = (SIGN_IN, *(FORBIDDEN,) * 9)

# For each URL name: the status each user gets, in the order of USERS.
MATRIX: dict[str, tuple[int, ...]] = {
    "home": (SIGN_IN, *(OK,) * 9),
    "sign-in": (OK, *(SIGN_IN,) * 9),
    "sign-out": (SIGN_IN, *(NOT_ALLOWED,) * 9),
    # Everyone here has given their code already; tests/web/test_two_factor.py covers the rest.
    "two-factor": (SIGN_IN,) * 10,
    "two-factor-set-up": (SIGN_IN,) * 10,
    "two-factor-qr-code": (SIGN_IN, *(NOT_FOUND,) * 9),
    "people:search": (SIGN_IN, *(OK,) * 9),
    "people:detail": (
        SIGN_IN,
        OK,
        OK,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        OK,
    ),
    "triage:my-referrals": (SIGN_IN, *(OK,) * 9),
    "triage:referral-new": (SIGN_IN, *(OK,) * 9),
    "triage:referral": (SIGN_IN, OK, OK, OK, OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "triage:receipt": (SIGN_IN, OK, OK, OK, OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "triage:queue": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "triage:by-source": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "triage:work": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "triage:checks-new": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "triage:decide": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "triage:sign-off": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "triage:strategy": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "triage:checks": (SIGN_IN, *(OK,) * 9),
    "triage:check": (SIGN_IN, OK, OK, NOT_FOUND, NOT_FOUND, OK, *(NOT_FOUND,) * 4),
    "risk:dash-new": (SIGN_IN, *(OK,) * 9),
    "risk:dash-person": (
        SIGN_IN,
        OK,
        OK,
        NOT_FOUND,
        NOT_FOUND,
        OK,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        OK,
    ),
    "risk:dash-result": (SIGN_IN, OK, OK, OK, OK, NOT_FOUND, OK, *(NOT_FOUND,) * 3),
    "intake:quarantine": (SIGN_IN, FORBIDDEN, OK, FORBIDDEN, OK, *(FORBIDDEN,) * 5),
    "intake:quarantine-detail": (SIGN_IN, FORBIDDEN, OK, FORBIDDEN, NOT_FOUND, *(FORBIDDEN,) * 5),
    "linkage:reviews": (SIGN_IN, FORBIDDEN, OK, *(FORBIDDEN,) * 7),
    "linkage:review": (SIGN_IN, FORBIDDEN, OK, *(FORBIDDEN,) * 7),
    "linkage:record-split": (SIGN_IN, FORBIDDEN, OK, *(FORBIDDEN,) * 7),
    "linkage:record-link": (SIGN_IN, FORBIDDEN, OK, *(FORBIDDEN,) * 7),
    "alerts:list": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "alerts:alert": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "marac:index": (SIGN_IN, *(OK,) * 9),
    "marac:meeting-new": ALL_FORBIDDEN,
    # Children's social care (the DPO's agency) and probation are asked to research every case.
    "marac:meeting": (SIGN_IN, OK, OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK, FORBIDDEN, OK),
    "marac:meeting-hold": ALL_FORBIDDEN,
    "marac:case": (SIGN_IN, OK, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, OK),
    "marac:return": (SIGN_IN, OK, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK, NOT_FOUND, OK),
    "marac:action-new": ALL_FORBIDDEN,
    "marac:actions": (SIGN_IN, *(OK,) * 9),
    "marac:action": (SIGN_IN, *(NOT_FOUND,) * 4, OK, *(NOT_FOUND,) * 4),
    "marac:refer": (SIGN_IN, OK, OK, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    "marac:dataset": ALL_FORBIDDEN,
    "sharing:inbox": (SIGN_IN, *(OK,) * 9),
    "sharing:acknowledge": (SIGN_IN, *(NOT_ALLOWED,) * 9),
    "sharing:overdue": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "sharing:not-sharing": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "sharing:not-sharing-sign-off": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "audit:person-reads": (SIGN_IN, FORBIDDEN, OK, *(FORBIDDEN,) * 4, OK, FORBIDDEN, FORBIDDEN),
    "audit:unusual": (SIGN_IN, *(FORBIDDEN,) * 6, OK, FORBIDDEN, FORBIDDEN),
    # Dip samples are a front-door manager's (tests/quality covers them); reviews, its staff's.
    "quality:index": ALL_FORBIDDEN,
    "quality:sample": ALL_FORBIDDEN,
    "quality:reviews": (SIGN_IN, OK, OK, *(FORBIDDEN,) * 7),
    "quality:review": (SIGN_IN, OK, *(FORBIDDEN,) * 8),
    "quality:audits": ALL_FORBIDDEN,
    "quality:audit-new": ALL_FORBIDDEN,
    "quality:audit": ALL_FORBIDDEN,
    "quality:disseminate": ALL_FORBIDDEN,
    "quality:dissemination": ALL_FORBIDDEN,
    # A finding is read by those it was sent to: here, the school's team.
    "quality:findings": (SIGN_IN, *(OK,) * 9),
    "quality:finding": (SIGN_IN, NOT_FOUND, NOT_FOUND, OK, OK, NOT_FOUND, OK, *(NOT_FOUND,) * 3),
    # Front-door managers only: tests/returns/test_pages.py shows one downloading it.
    "returns:cin-census": ALL_FORBIDDEN,
    # Leaders only: managers and administrators see it (tests/insights/test_pages.py).
    "insights:dashboard": (SIGN_IN, *(FORBIDDEN,) * 5, OK, *(FORBIDDEN,) * 3),
    "access:restrictions": (SIGN_IN, FORBIDDEN, OK, *(FORBIDDEN,) * 7),
    "access:restriction-new": (SIGN_IN, FORBIDDEN, OK, *(FORBIDDEN,) * 7),
    "access:restriction": (SIGN_IN, FORBIDDEN, OK, *(FORBIDDEN,) * 7),
    "access:restriction-lift": (SIGN_IN, FORBIDDEN, OK, *(FORBIDDEN,) * 7),
    # A user who may open the person already goes straight to their page.
    "access:break-glass": (SIGN_IN, REDIRECT, REDIRECT, OK, OK, REDIRECT, OK, OK, OK, REDIRECT),
    "access:break-glass-grants": (SIGN_IN, *(FORBIDDEN,) * 6, OK, FORBIDDEN, FORBIDDEN),
    "access:break-glass-review": (SIGN_IN, *(FORBIDDEN,) * 6, OK, FORBIDDEN, FORBIDDEN),
    "access:team": (SIGN_IN, *(FORBIDDEN,) * 5, OK, *(FORBIDDEN,) * 3),
    "api:messages": (NOT_ALLOWED,) * 10,
    "api:message": (UNAUTHORISED,) * 10,  # a session is no API token
    "api:openapi": (OK,) * 10,
    "api:exchange-schema": (OK,) * 10,
}

# The URLs about one person, for a person restricted with only the GP nurse named: no one else
# finds them, the front door included, and break-glass does not open them.
RESTRICTED: dict[str, tuple[int, ...]] = {
    "people:detail": (SIGN_IN, *(NOT_FOUND,) * 7, OK, NOT_FOUND),
    "risk:dash-person": (SIGN_IN, *(NOT_FOUND,) * 7, OK, NOT_FOUND),
    "marac:refer": (SIGN_IN, *(NOT_FOUND,) * 7, OK, NOT_FOUND),
    "access:restriction-new": (SIGN_IN, FORBIDDEN, NOT_FOUND, *(FORBIDDEN,) * 7),
    # The form asks why before it says anything, so it looks the same for any number.
    "access:break-glass": (SIGN_IN, *(OK,) * 7, REDIRECT, OK),
}


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_the_matrix_covers_every_url() -> None:
    assert url_names() == set(MATRIX)


@pytest.fixture
def world(agencies) -> dict[str, object]:
    """A police record of a child, a school's referral, and a police message in quarantine."""
    team = team_create(agency=agencies["school"], name="Safeguarding")
    users = {
        "front_door": StaffFactory(agency=agencies["csc"], front_door=True).user,
        "front_door_data": StaffFactory(
            agency=agencies["csc"], front_door=True, role=Role.DATA_MANAGER
        ).user,
        "school": StaffFactory(agency=agencies["school"], team=team).user,
        "school_data": StaffFactory(agency=agencies["school"], role=Role.DATA_MANAGER).user,
        "police": StaffFactory(agency=agencies["police"]).user,
        "manager": StaffFactory(agency=agencies["school"], role=Role.MANAGER, team=team).user,
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
                    ]
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
        received_by=users["school"],
    )
    dash = message(
        source="school-105899",
        kind="assessment",
        subjects=[subject()],
        facts={"type": "dash", "answers": {"1": "yes"}},
    )
    messages_receive([raw(dash)], channel=Channel.FORM, received_by=users["school"])
    referral = Referral.objects.get()
    reference = referral.reference
    checks = checks_request(
        referral=referral,
        agencies=[agencies["police"], agencies["gp"]],
        question="What do you hold?",
        user=users["front_door"],
    )
    decision = decision_record(
        referral=referral,
        user=users["front_door"],
        outcome=DecisionOutcome.STRATEGY_DISCUSSION,
        rationale="Injuries seen at school",
        rested_on="The referral",
        no_health_answer_reason="Out of hours",
    )
    manager = StaffFactory(agency=agencies["csc"], front_door=True, role=Role.MANAGER).user
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
        owner=users["police"],
        due_on=meeting.date,
        created_by=manager,
        created_at=timezone.now(),
    )
    users["dpo"].user_permissions.add(Permission.objects.get(codename="review_access"))
    poppy = Person.objects.get(given_name="Poppy")
    grant = break_glass_grant(person=poppy, reason="Brought to A&E", user=users["glass"])
    restriction = restriction_create(
        person=SourceRecord.objects.get(source_person_id="P2").person,
        reason="Whereabouts kept from a parent",
        named_users=[users["named"]],
        user=users["front_door_data"],
    )
    review = dip_review_of_the_police_incident(reviewer=users["front_door"])
    sent = finding_sent_to_the_school(review, agencies["school"], by=manager)
    told = Notification.objects.create(
        duty="CAFCASS",
        # No user here works there: what each sees stays the same.
        recipient=AgencyFactory(code="cafcass", type=AgencyType.CAFCASS),
        person=poppy,
        event=Event.objects.filter(participants__person=poppy).earliest("pk"),
        raised_at=timezone.now(),
        due_by=timezone.now(),
    )
    not_told = not_sharing_record(
        notification=told, user=users["front_door"], reason="Telling Cafcass puts her at risk"
    )
    arguments = {
        "quality:sample": [review.sample.week],
        "quality:review": [review.pk],
        "quality:audit": [sent.finding.audit_id],
        "quality:disseminate": [sent.finding_id],
        "quality:finding": [sent.pk],
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
    return {
        "users": users,
        "arguments": arguments,
        "restricted": SourceRecord.objects.get(source_person_id="P2").person.pk,
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


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("who", USERS)
def test_access(client: Client, world: dict, name: str, who: str) -> None:
    if who != "anonymous":
        client.force_login(world["users"][who])
    url = reverse(name, args=world["arguments"].get(name, []))
    expected = MATRIX[name][USERS.index(who)]
    assert client.get(url).status_code == expected, f"{who} GET {url}"


@pytest.mark.parametrize("name", sorted(RESTRICTED))
@pytest.mark.parametrize("who", USERS)
def test_access_to_a_restricted_person(client: Client, world: dict, name: str, who: str) -> None:
    if who != "anonymous":
        client.force_login(world["users"][who])
    url = reverse(name, args=[world["restricted"]])
    expected = RESTRICTED[name][USERS.index(who)]
    assert client.get(url).status_code == expected, f"{who} GET {url}"
