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

from .models import Alert
from .rules import RULES


@dataclass(frozen=True)
class Evidence:
    """One event an alert relied on, linked to a chronology entry where the reader can open it."""

    event: Event
    url: str


@dataclass(frozen=True)
class AlertView:
    alert: Alert
    message: str
    evidence: list[Evidence]


ALERTS_PER_PAGE = 50


@dataclass(frozen=True)
class AlertsPage:
    alerts: list[AlertView]
    page: Page[Alert]


def _views(alerts: list[Alert], *, visible: set[int]) -> list[AlertView]:
    """Each alert with its rule's message and its evidence: an event links to the chronology of
    the alert's person when it is in it, else of someone in it the reader may open."""
    wanted = {event_id for alert in alerts for event_id in alert.events}
    events = {
        e.pk: e
        for e in Event.objects.filter(pk__in=wanted)
        .select_related("agency")
        .annotate(message_key=F("message__message_id"))
        .prefetch_related("participants")
    }
    views = []
    for alert in alerts:
        evidence = []
        for event_id in alert.events:
            event = events.get(event_id)
            if event is None:
                continue
            people = [p.person_id for p in event.participants.all()]
            shown = alert.person_id if alert.person_id in people else None
            if shown is None:
                shown = next((p for p in people if p in visible), None)
            url = ""
            if shown in visible:
                url = reverse("people:detail", args=[shown]) + f"#event-{event.pk}"
            evidence.append(Evidence(event, url))
        rule = RULES.get(alert.rule)
        views.append(AlertView(alert, rule.message if rule else alert.rule, evidence))
    return views


def _visible(actor: Actor, alerts: list[Alert]) -> set[int]:
    _, allowed = person_route(actor)
    wanted = {alert.person_id for alert in alerts}
    wanted |= set(
        Participant.objects.filter(event_id__in={e for a in alerts for e in a.events}).values_list(
            "person_id", flat=True
        )
    )
    return set(Person.objects.filter(allowed, pk__in=wanted).values_list("pk", flat=True))


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
    return _views(alerts, visible=_visible(actor, alerts))


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
    return AlertsPage(_views(found, visible=_visible(actor, found)), page)


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
    return _views([alert], visible=_visible(actor, [alert]))[0]
