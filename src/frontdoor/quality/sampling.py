"""Which incidents a week's dip sample is drawn from, and the draw itself.

The population (docs/quality.md defines it) is read as the hub knew it at a moment, `as_of`:
only messages received by then count, so the same moment gives the same population. The draw
orders each stratum's incidents by a hash of the seed and the incident's key and takes the first
few: it needs no random-number generator, so any tool that computes SHA-256 can check it.
"""

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from frontdoor.chronology.models import Event, Participant
from frontdoor.risk.dash import Level, dash_score
from frontdoor.risk.models import Alert

from .configuration import Settings

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
OFFICER_LEVELS = {"standard": Level.STANDARD, "medium": Level.MEDIUM, "high": Level.HIGH}


def week_dates(week: str) -> tuple[date, date]:
    """The Monday and Sunday of an ISO week written like 2026-W47."""
    found = WEEK.match(week.strip().upper())
    if found is None:
        raise ValueError(f"week: not an ISO week like 2026-W47: {week!r}")
    try:
        monday = date.fromisocalendar(int(found[1]), int(found[2]), 1)
    except ValueError:
        raise ValueError(f"week: {found[1]} has no week {int(found[2])}: {week!r}") from None
    return monday, monday + timedelta(days=6)


def week_of(day: date) -> str:
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


@dataclass(frozen=True)
class Candidate:
    """A standard-risk incident not referred on, and the stratum it is drawn from."""

    source: str
    message_id: str
    agency_id: int
    agency_code: str
    station: str
    occurred_at: datetime

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.message_id)

    @property
    def stratum(self) -> str:
        return f"{self.agency_code}/{self.station}"


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def incident_level(facts: Mapping[str, object], later_dashes: Iterable[Level]) -> Level | None:
    """The highest risk known of an incident: the officer's grading, the DASH done at it, and
    any DASH about its victim soon after; None when nothing graded it."""
    levels = list(later_dashes)
    officer = OFFICER_LEVELS.get(str(facts.get("officer_risk")))
    if officer is not None:
        levels.append(officer)
    dash = facts.get("dash")
    if isinstance(dash, Mapping):
        answers = dash.get("answers")
        score = dash_score(
            answers if isinstance(answers, dict) else {}, dash.get("professional_judgement")
        )
        if score.answered or score.judged_high:
            levels.append(score.level)
    return max(levels, default=None)


def _people_of(events: Sequence[Event]) -> dict[int, dict[str, set[int]]]:
    roles: dict[int, dict[str, set[int]]] = {e.pk: {} for e in events}
    for event_id, person_id, role in Participant.objects.filter(event__in=events).values_list(
        "event_id", "person_id", "role"
    ):
        roles[event_id].setdefault(role, set()).add(person_id)
    return roles


def _dated(rows: Iterable[tuple[int, datetime]]) -> dict[int, list[datetime]]:
    by_person: dict[int, list[datetime]] = {}
    for person_id, moment in rows:
        by_person.setdefault(person_id, []).append(moment)
    return by_person


def _later_dashes(
    victims: set[int], start: datetime, end: datetime, as_of: datetime
) -> dict[int, list[tuple[datetime, Level]]]:
    """DASH assessments naming these victims between the two moments, received by `as_of`."""
    found: dict[int, list[tuple[datetime, Level]]] = {}
    for person_id, facts, occurred_at in Participant.objects.filter(
        person_id__in=victims,
        role="victim",
        event__kind="assessment",
        event__facts__type="dash",
        event__occurred_at__gte=start,
        event__occurred_at__lt=end,
        event__message__received_at__lte=as_of,
    ).values_list("person_id", "event__facts", "event__occurred_at"):
        answers = facts.get("answers")
        score = dash_score(
            answers if isinstance(answers, dict) else {}, facts.get("professional_judgement")
        )
        found.setdefault(person_id, []).append((occurred_at, score.level))
    return found


def week_population(
    first: date, last: date, *, as_of: datetime, rules: Settings
) -> list[Candidate]:
    """The week's standard-risk incidents not referred on, as the hub knew them at `as_of`.

    Not access-checked itself: it returns incident keys and strata, never a person.
    """
    start, end = _local_midnight(first), _local_midnight(last + timedelta(days=1))
    incidents = list(
        Event.objects.filter(
            kind="incident",
            occurred_at__gte=start,
            occurred_at__lt=end,
            message__received_at__lte=as_of,
        )
        .select_related("message", "agency")
        .order_by("occurred_at", "pk")
    )
    roles = _people_of(incidents)
    everyone = {p for by_role in roles.values() for people in by_role.values() for p in people}
    victims = {p for by_role in roles.values() for p in by_role.get("victim", set())}
    window = timedelta(days=rules.referral_days)
    dashes = _later_dashes(victims, start, end + timedelta(days=rules.dash_days), as_of)
    # Referrals to the front door and to the MARAC, by when they were made (event time).
    referred = _dated(
        Participant.objects.filter(
            Q(event__referral__isnull=False) | Q(event__marac_referral__isnull=False),
            person_id__in=everyone,
            event__occurred_at__gte=start,
            event__occurred_at__lt=end + window,
            event__message__received_at__lte=as_of,
        ).values_list("person_id", "event__occurred_at")
    )
    alerted = set(
        Alert.objects.filter(
            trigger__in=incidents, rule__in=rules.referring_rules, raised_at__lte=as_of
        ).values_list("trigger_id", flat=True)
    )
    population = []
    for incident in incidents:
        people = roles[incident.pk]
        if not people.get("child") or incident.pk in alerted:
            continue
        since, until = incident.occurred_at, incident.occurred_at + window
        later = [
            level
            for victim in people.get("victim", set())
            for moment, level in dashes.get(victim, [])
            if since <= moment <= since + timedelta(days=rules.dash_days)
        ]
        if incident_level(incident.facts, later) is not Level.STANDARD:
            continue
        named = set().union(*people.values())
        if any(since <= moment <= until for person in named for moment in referred.get(person, ())):
            continue
        population.append(
            Candidate(
                source=incident.message.source or "",
                message_id=incident.message.message_id or "",
                agency_id=incident.agency_id,
                agency_code=incident.agency.code,
                station=incident.team,
                occurred_at=incident.occurred_at,
            )
        )
    return population


def draw_order(seed: int, key: tuple[str, str]) -> str:
    """An incident's place in the draw: SHA-256 of "seed:source:message_id", in hex."""
    return hashlib.sha256(f"{seed}:{key[0]}:{key[1]}".encode()).hexdigest()


def strata_of(population: Iterable[Candidate]) -> dict[str, list[Candidate]]:
    strata: dict[str, list[Candidate]] = {}
    for candidate in population:
        strata.setdefault(candidate.stratum, []).append(candidate)
    return {name: strata[name] for name in sorted(strata)}


def sample_select(
    strata: Mapping[str, Sequence[tuple[str, str]]], *, seed: int, per_stratum: int
) -> dict[str, list[tuple[str, str]]]:
    """From each stratum, the `per_stratum` incidents first in the draw order for the seed: the
    same population and seed always give the same sample, in whatever order they are listed."""
    return {
        name: sorted(keys, key=lambda key: (draw_order(seed, key), key))[:per_stratum]
        for name, keys in sorted(strata.items())
    }
