"""Access-checked reads of alerts: each takes the acting user, checks the policy and logs."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import Http404
from django.urls import reverse

from frontdoor.access.policy import (
    ALERTS,
    Actor,
    PersonRoute,
    actor_for,
    alerts_filter,
    person_route,
    person_route_for,
)
from frontdoor.audit.services import access_record
from frontdoor.chronology.models import Event, Participant
from frontdoor.people.models import Person
from frontdoor.web.dates import day_text

from .models import Alert
from .rules import RULES


@dataclass(frozen=True)
class Evidence:
    """One event an alert relied on, as the pages print it, linked to a chronology entry where
    the reader can open it."""

    day: str
    summary: str
    agency: str
    message_key: str
    url: str


@dataclass(frozen=True)
class AlertView:
    """An alert with its rule's message and its evidence, its dates written out once here."""

    alert: Alert
    message: str
    evidence: list[Evidence]
    raised_on: str
    due_on: str
    """The deadline's day, or "None"."""
    url: str


ALERTS_PER_PAGE = 50


@dataclass(frozen=True)
class AlertsPage:
    alerts: list[AlertView]
    page: Page[Alert]


def _views(
    actor: Actor, alerts: list[Alert], opened: frozenset[int] = frozenset()
) -> list[AlertView]:
    """Each alert with its rule's message and its evidence: an event links to the chronology of
    the alert's person when it is in it, else of someone in it the reader may open (`opened`:
    people already known to be). Events and their people are read as plain rows: a person's
    page lists hundreds of pieces of evidence."""
    wanted = {event_id for alert in alerts for event_id in alert.events}
    events = {
        row["pk"]: row
        for row in Event.objects.filter(pk__in=wanted).values(
            "pk",
            "occurred_at",
            "summary",
            agency_name=F("agency__name"),
            message_key=F("message__message_id"),
        )
    }
    people: dict[int, list[int]] = {}
    for event_id, person_id in (
        Participant.objects.filter(event_id__in=wanted)
        .order_by("pk")
        .values_list("event_id", "person_id")
    ):
        people.setdefault(event_id, []).append(person_id)
    visible = _visible(actor, alerts, people, opened)
    # Most evidence links to the same few people: each person's page is reversed once.
    pages = {person_id: reverse("people:detail", args=[person_id]) for person_id in visible}
    views = []
    for alert in alerts:
        evidence = []
        for event_id in alert.events:
            event = events.get(event_id)
            if event is None:
                continue
            beside = people.get(event_id, [])
            shown = alert.person_id if alert.person_id in beside else None
            if shown is None:
                shown = next((p for p in beside if p in visible), None)
            url = f"{pages[shown]}#event-{event_id}" if shown in pages else ""
            evidence.append(
                Evidence(
                    day_text(event["occurred_at"]),
                    event["summary"],
                    event["agency_name"],
                    event["message_key"],
                    url,
                )
            )
        rule = RULES.get(alert.rule)
        views.append(
            AlertView(
                alert,
                rule.message if rule else alert.rule,
                evidence,
                raised_on=day_text(alert.raised_at),
                due_on=day_text(alert.due_by) if alert.due_by else "None",
                url=reverse("alerts:alert", args=[alert.pk]),
            )
        )
    return views


def _visible(
    actor: Actor, alerts: list[Alert], people: dict[int, list[int]], opened: frozenset[int]
) -> set[int]:
    """Of the people the evidence may link to, those the reader may open: each alert's person,
    and everyone in an event of its evidence that its person is not in. Asked of the policy
    only for people not already `opened`."""
    wanted = {alert.person_id for alert in alerts}
    for alert in alerts:
        for event_id in alert.events:
            beside = people.get(event_id, [])
            if alert.person_id not in beside:
                wanted.update(beside)
    if wanted <= opened:
        return set(opened)
    _, allowed = person_route(actor)
    return set(opened) | set(
        Person.objects.filter(allowed, pk__in=wanted - opened).values_list("pk", flat=True)
    )


def alerts_of_person(
    *, user: User | AnonymousUser, person_id: int, decided: PersonRoute | None = None
) -> list[AlertView]:
    """The alerts about a person the reader may open (by the route `decided` for the page, if
    given), soonest deadline first; logged."""
    actor = actor_for(user)
    route = person_route_for(actor, person_id, decided)
    if route is None:
        raise Http404("No person with that id that you can see.")
    alerts = list(_ordered(Alert.objects.filter(person_id=person_id)))
    access_record(user=actor.user, person_ids=[person_id], purpose="alerts", route=route)
    return _views(actor, alerts, opened=frozenset([person_id]))


def _ordered(alerts: QuerySet[Alert]) -> QuerySet[Alert]:
    return alerts.select_related("person").order_by(
        F("due_by").asc(nulls_last=True), "raised_at", "pk"
    )


def alerts_list(
    *, user: User | AnonymousUser, rule: str = "", status: str = "", page_number: int | str = 1
) -> AlertsPage:
    """A page of the front door's list, filtered by rule and status, soonest deadline first;
    the people on the page are logged."""
    actor = actor_for(user)
    ALERTS.check(actor)
    alerts = Alert.objects.filter(alerts_filter(actor))
    if rule:
        alerts = alerts.filter(rule=rule)
    if status:
        alerts = alerts.filter(status=status)
    page = Paginator(_ordered(alerts), ALERTS_PER_PAGE).get_page(page_number)
    found = list(page.object_list)
    access_record(
        user=actor.user,
        person_ids=sorted({a.person_id for a in found}),
        purpose="alerts_list",
        route="front_door",
    )
    return AlertsPage(_views(actor, found), page)


def alert_get(*, user: User | AnonymousUser, alert_id: int) -> AlertView:
    """One alert, for the front door to work on; logged."""
    actor = actor_for(user)
    ALERTS.check(actor)
    alert = _ordered(Alert.objects.filter(alerts_filter(actor), pk=alert_id)).first()
    if alert is None:
        raise Http404("No alert with that id.")
    access_record(
        user=actor.user, person_ids=[alert.person_id], purpose="alert", route="front_door"
    )
    return _views(actor, [alert])[0]
