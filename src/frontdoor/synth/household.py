"""One household's story: its people, what happens to them, and every agency message about it.

Each household draws from its own random stream, derived from the seed and its index, so
households can be generated in any order and still give the same bytes. A story is planned as
events first, then rendered in time order, so each agency's copy of a person (its "view") ages
the way a real record does: stale addresses, a surname that changes late or never.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from . import data, nhs, noise
from .world import Address, Agency, Staff, World

HARM_MARKERS = ("injury", "weapon", "strangulation", "threats_to_kill")
ARCHETYPES = (("single", 0.68), ("few", 0.19), ("escalating", 0.05), ("post_separation", 0.08))

# Person slots within a household: 0 victim, 1 perpetrator, 2 new partner, 3-7 children.
SLOTS_PER_HOUSEHOLD = 32  # 8 people x (normal, duplicate, unborn) record variants, padded
MESSAGES_PER_SOURCE = 1024  # per household: a bound that keeps message ids unique
VARIANT_NORMAL, VARIANT_DUPLICATE, VARIANT_UNBORN = 0, 1, 2

NHS_KEYED = frozenset({"gp", "health_visiting"})
HEALTH = frozenset(
    {
        "gp",
        "midwifery",
        "health_visiting",
        "emergency_department",
        "adult_mental_health",
        "substance_misuse",
    }
)
SPID_PREFIX = {
    "police": "PNC-",
    "csc": "CSC-",
    "early_help": "EH-",
    "gp": "GP-",
    "midwifery": "MAT-",
    "health_visiting": "HV-",
    "emergency_department": "MRN",
    "adult_mental_health": "RIO",
    "substance_misuse": "SMS-",
    "school": "UPN-",
    "probation": "CRN-",
    "youth_offending": "YJ-",
    "cafcass": "CAF-",
    "housing": "HSG-",
    "idva": "DAS-",
    "prison": "NOMS-",
}
MESSAGE_PREFIX = {
    "incident": "INC",
    "referral": "REF",
    "assessment": "ASM",
    "plan": "PLN",
    "involvement": "INV",
    "attendance": "ATT",
    "custody": "CUS",
    "court_order": "ORD",
    "contact": "CON",
    "marac": "MRC",
}
HOUR_WEIGHTS = (6, 5, 4, 3, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7)
CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
INVALID_REASONS = (
    "not_a_date",
    "dob_after_occurred_at",
    "unknown_source",
    "unknown_kind",
    "no_subjects",
    "unknown_ref",
    "future_occurred_at",
)
DAY = timedelta(days=1)
DATE_FACTS = frozenset(
    {"start_date", "end_date", "meeting_date", "separation_date", "sentence_end"}
)


def station_of(address: Address) -> str:
    """The police station covering an address: its locality's (the last part of line 2)."""
    return data.POLICE_STATIONS[address.line2.rsplit(", ", 1)[-1]]


@dataclass(frozen=True, slots=True)
class Config:
    """What every household of one run shares."""

    seed: int
    households: int
    years: int
    start: date
    end: date
    invalid_rate: float
    nhs_capacity: int
    id_digits: int
    msg_digits: int

    @classmethod
    def make(
        cls, seed: int, households: int, years: int, start: date, end: date, invalid_rate: float
    ) -> Config:
        return cls(
            seed=seed,
            households=households,
            years=years,
            start=start,
            end=end,
            invalid_rate=invalid_rate,
            nhs_capacity=nhs.capacity_for(households * 8),
            id_digits=max(7, len(str(households * SLOTS_PER_HOUSEHOLD))),
            msg_digits=max(8, len(str(households * MESSAGES_PER_SOURCE))),
        )


@functools.lru_cache(maxsize=4096)
def _affine(source: str, modulus: int) -> tuple[int, int]:
    """A per-source bijection of 0..modulus-1, so identifiers look arbitrary yet never collide."""
    a = zlib.crc32(f"a:{source}".encode()) | 1
    while a % 5 == 0:
        a += 2
    b = zlib.crc32(f"b:{source}".encode())
    return a % modulus or 1, b % modulus


def scramble(source: str, n: int, digits: int) -> str:
    modulus = 10**digits
    a, b = _affine(source, modulus)
    return f"{(n * a + b) % modulus:0{digits}d}"


def uniform_from(*parts: object) -> float:
    """A stable number in [0, 1) from its parts, independent of every random stream."""
    digest = hashlib.blake2b("|".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2.0**64


@dataclass(slots=True, eq=False)
class Person:
    pid: str
    slot: int
    index: int  # global person slot: household index * 8 + slot
    role: str  # victim | alleged_perpetrator | step_parent | child
    sex: str
    given: str
    family: str
    dob: date
    nhs: str
    gp: str
    maiden: str | None = None
    revert_on: date | None = None
    family_alt: str | None = None
    due: date | None = None  # set for a child first known before birth
    bio_perp: bool = False  # the perpetrator is this child's parent

    @property
    def is_child(self) -> bool:
        return self.role == "child"

    def unborn(self, day: date) -> bool:
        return day < self.dob

    def age(self, day: date) -> int:
        years = day.year - self.dob.year
        if (day.month, day.day) < (self.dob.month, self.dob.day):
            years -= 1
        return years

    def surname_at(self, day: date) -> str:
        if self.maiden and self.revert_on and day >= self.revert_on:
            return self.maiden
        return self.family

    def other_surname_at(self, day: date) -> str | None:
        if self.maiden:
            return self.family if self.surname_at(day) == self.maiden else self.maiden
        return self.family_alt


@dataclass(slots=True)
class View:
    """One agency's record of one person, with its errors, as it stands now."""

    spid: str
    given: str | None
    family: str
    family_basis: str
    dob: str | None
    sex: str
    nhs: str | None
    address: dict[str, str] | None
    address_basis: Address | None
    odd_postcode: bool
    abbreviate: bool
    drop_line2: bool
    aliases: list[str] | None


class Refs:
    """A facts value that names subjects; rendered as their refs in the message."""

    __slots__ = ("people",)

    def __init__(self, people: list[Person]) -> None:
        self.people = people


Subject = tuple[Person, str, dict[str, Any]]


@dataclass(slots=True)
class Event:
    when: datetime
    dated: bool  # render occurred_at as a plain date
    source: str
    kind: str
    message_id: str
    subjects: list[Subject]
    facts: dict[str, Any]
    reported: datetime | None
    seq: int
    relationships: bool


@dataclass(slots=True)
class Order:
    message_id: str
    start: date
    end: date | None
    protected: list[Person]


@dataclass(slots=True)
class HouseholdStory:
    """A household's messages in time order, with the ground truth they came from."""

    index: int
    household: dict[str, Any]
    people: dict[str, dict[str, Any]]
    records: dict[str, str]
    messages: list[tuple[str, dict[str, Any]]]  # (sort key, message)
    invalid: list[dict[str, str]]
    subject_records: int = 0
    incidents: int = 0


def _d(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _plan_facts(
    plan_type: str,
    status: str,
    start: date,
    end: date,
    relies_on: Sequence[str],
    children: list[Person],
) -> dict[str, Any]:
    """A plan message's facts; only an ended plan carries its end date."""
    facts: dict[str, Any] = {"type": plan_type, "status": status, "start_date": start.isoformat()}
    if status == "ended":
        facts["end_date"] = end.isoformat()
    facts["relies_on"] = list(relies_on)
    facts["children"] = Refs(children)
    return facts


class HouseholdSim:
    """Plans and renders the story of household number `index`."""

    victim: Person
    perp: Person
    t0: date
    window_end: date
    thresholds: list[float]
    coercive: bool
    stalker: bool

    def __init__(self, world: World, cfg: Config, index: int) -> None:
        self.w = world
        self.cfg = cfg
        self.index = index
        self.rng = random.Random(f"frontdoor-synth:{cfg.seed}:household:{index}")
        self.hid = f"H{index + 1:07d}"
        self.people: list[Person] = []
        self.children: list[Person] = []
        self.events: list[Event] = []
        self.counters: dict[str, int] = {}
        self.views: dict[tuple[str, int, int], View] = {}
        self.duplicated: set[tuple[str, int]] = set()
        self.orders: list[Order] = []
        self.home: list[tuple[date, Address]] = []
        self.perp_home: list[tuple[date, Address]] = []
        self.partner_home: list[tuple[date, Address]] = []
        self.schools: list[tuple[date, Agency, Agency]] = []
        self.gps: list[tuple[date, str]] = []
        self.separation: date | None = None
        self.new_partner: Person | None = None
        self.partner_moves_in: date | None = None
        self.pregnancy: tuple[date, date] | None = None  # (known from, ends)
        self.csc_busy_until = date.min
        self.eh_busy_until = date.min
        self.idva_busy_until = date.min
        self.marac_quiet_until = date.min
        self.referred_until = date.min
        self.archetype = "single"
        self.incident_ids: list[str] = []
        self.unsent: set[str] = set()

    # ----------------------------------------------------------------- planning helpers

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def days(self, low: float, high: float) -> timedelta:
        return timedelta(days=int(self.rng.uniform(low, high)))

    def event(
        self,
        when: datetime | date,
        source: str,
        kind: str,
        subjects: list[Subject],
        facts: dict[str, Any],
        *,
        reported_delay: tuple[float, float] | None = None,
        relationships: bool = False,
    ) -> Event:
        """Queue a message; its id is fixed now, whether or not it falls inside the period."""
        dated = not isinstance(when, datetime)
        moment = _d(when) if not isinstance(when, datetime) else when
        k = self.counters.get(source, 0)
        if k >= MESSAGES_PER_SOURCE:
            raise RuntimeError(f"household {self.index} sent too many messages from {source}")
        self.counters[source] = k + 1
        number = scramble(source, self.index * MESSAGES_PER_SOURCE + k, self.cfg.msg_digits)
        message_id = f"{MESSAGE_PREFIX[kind]}-{moment.year}-{number}"
        reported = None
        if reported_delay is not None:
            low, high = reported_delay
            reported = moment + timedelta(hours=self.rng.uniform(low, high) * 24)
        ev = Event(
            moment,
            dated,
            source,
            kind,
            message_id,
            subjects,
            facts,
            reported,
            len(self.events),
            relationships,
        )
        self.events.append(ev)
        return ev

    def staff(self, source: str) -> Staff:
        return self.w.staff_member(self.rng, source)

    def address_of(self, person: Person, day: date) -> Address:
        history = self.home
        if person.role == "alleged_perpetrator":
            history = self.perp_home
        elif person.role == "step_parent" and (
            self.partner_moves_in is None or day < self.partner_moves_in
        ):
            history = self.partner_home
        current = history[0][1]
        for since, address in history:
            if since <= day:
                current = address
            else:
                break
        return current

    def gp_of(self, person: Person, day: date) -> str:
        if person.role in ("alleged_perpetrator", "step_parent"):
            return person.gp
        current = self.gps[0][1]
        for since, code in self.gps:
            if since <= day:
                current = code
        return current

    def school_of(self, child: Person, day: date) -> Agency | None:
        if not child.is_child or child.unborn(day):
            return None
        # School year age: age on the 31 August before the day.
        cutoff = date(day.year if day.month >= 9 else day.year - 1, 8, 31)
        age = child.age(cutoff)
        primary, secondary = self.schools[0][1], self.schools[0][2]
        for since, p, s in self.schools:
            if since <= day:
                primary, secondary = p, s
        if 4 <= age <= 10:
            return primary
        if 11 <= age <= 15:
            return secondary
        return None

    def separated(self, day: date) -> bool:
        return self.separation is not None and self.separation <= day

    def pregnant(self, day: date) -> bool:
        return self.pregnancy is not None and self.pregnancy[0] <= day < self.pregnancy[1]

    def kids_at(self, day: date, *, unborn: bool = False) -> list[Person]:
        """Children living in the household on the day (the unborn too when asked)."""
        out = []
        for child in self.children:
            if child.unborn(day):
                if unborn and child.due is not None and day >= child.dob - timedelta(days=200):
                    out.append(child)
            elif child.age(day) < 18:
                out.append(child)
        return out

    def in_order(self, day: date) -> Order | None:
        for order in self.orders:
            if order.start <= day and (order.end is None or day <= order.end):
                return order
        return None

    # ----------------------------------------------------------------- the people

    def _name(self, sex: str, born: date, avoid: set[str]) -> str:
        recent = born.year >= self.cfg.end.year - 18
        if sex == "F":
            pool = data.FEMALE_CHILD if recent else data.FEMALE_ADULT
        else:
            pool = data.MALE_CHILD if recent else data.MALE_ADULT
        while True:
            name = self.rng.choice(pool)
            if name not in avoid:
                return name

    def _surname(self) -> str:
        if self.chance(0.03):
            first, second = self.rng.sample(data.SURNAMES, 2)
            return f"{first}-{second}"
        return self.rng.choice(data.SURNAMES)

    def _person(
        self, slot: int, role: str, sex: str, given: str, family: str, dob: date, gp: str
    ) -> Person:
        index = self.index * 8 + slot
        person = Person(
            pid=f"{self.hid}-P{slot}",
            slot=slot,
            index=index,
            role=role,
            sex=sex,
            given=given,
            family=family,
            dob=dob,
            nhs=nhs.number_for(index, self.cfg.nhs_capacity),
            gp=gp,
        )
        self.people.append(person)
        return person

    def _make_people(self, t0: date) -> None:
        r = self.rng
        x = r.random()
        if x < 0.88:
            vsex, psex = "F", "M"
        elif x < 0.96:
            vsex, psex = "M", "F"
        elif x < 0.98:
            vsex, psex = "F", "F"
        else:
            vsex, psex = "M", "M"
        vage = 18 + int(r.betavariate(2.0, 4.0) * 40)
        page = max(18, vage + round(r.gauss(2, 4)))
        vdob = t0 - timedelta(days=vage * 365 + r.randrange(365))
        pdob = t0 - timedelta(days=page * 365 + r.randrange(365))
        gp = r.choice(self.w.gp_practices).code
        self.gps.append((date.min, gp))
        v_surname = self._surname()
        p_surname = self._surname()
        rel_years = r.uniform(0.3, max(0.5, min(18.0, vage - 16, page - 16)))
        married = vsex != psex and rel_years > 2 and r.random() < 0.45
        v_given = self._name(vsex, vdob, set())
        victim = self._person(
            0, "victim", vsex, v_given, p_surname if married else v_surname, vdob, gp
        )
        if married:
            victim.maiden = v_surname
        perp_gp = gp if r.random() < 0.7 else r.choice(self.w.gp_practices).code
        perp = self._person(
            1,
            "alleged_perpetrator",
            psex,
            self._name(psex, pdob, {v_given}),
            p_surname,
            pdob,
            perp_gp,
        )
        self.victim, self.perp = victim, perp

        max_age = min(17, vage - 17)
        n_kids = 0 if max_age < 0 else r.choices((0, 1, 2, 3, 4), (38, 30, 19, 9, 4))[0]
        ages = sorted({r.randint(0, max_age) for _ in range(n_kids)}, reverse=True)
        prev_surname = self._surname()
        names: set[str] = {v_given, perp.given}
        for age in ages:
            self._add_child(
                t0 - timedelta(days=age * 365 + r.randrange(365)),
                names,
                bio=age < rel_years,
                prev_surname=prev_surname,
            )

    def _add_child(self, dob: date, names: set[str], *, bio: bool, prev_surname: str) -> Person:
        r = self.rng
        sex = "F" if r.random() < 0.49 else "M"
        given = self._name(sex, dob, names)
        names.add(given)
        mother_name = self.victim.maiden or self.victim.family
        if bio:
            father_name = self.perp.family
            x = r.random()
            if x < 0.55:
                family, alt = father_name, mother_name
            elif x < 0.8:
                family, alt = mother_name, father_name
            else:
                family, alt = f"{mother_name}-{father_name}", father_name
        elif r.random() < 0.6:
            family, alt = prev_surname, self.victim.family
        else:
            family, alt = mother_name, prev_surname
        slot = 3 + len(self.children)
        child = self._person(slot, "child", sex, given, family, dob, self.gps[0][1])
        child.family_alt = alt if alt != family else None
        child.bio_perp = bio
        self.children.append(child)
        return child

    # ----------------------------------------------------------------- the story

    def _schedule(self) -> tuple[list[tuple[float, float]], float | None, bool]:
        """Incident days after the start of the story with their severity, and separation."""
        r = self.rng
        arche = self.archetype
        incidents: list[tuple[float, float]] = []
        separation: float | None = None
        if arche == "single":
            incidents.append((0.0, r.uniform(0.0, 0.45)))
            if r.random() < 0.15:
                incidents.append((r.uniform(30, 540), r.uniform(0.0, 0.5)))
            if r.random() < 0.1:
                separation = incidents[-1][0] + r.uniform(7, 120)
        elif arche == "few":
            day = 0.0
            for i in range(r.choices((2, 3, 4), (50, 35, 15))[0]):
                if i:
                    day += r.uniform(14, 300)
                incidents.append((day, r.uniform(0.05, 0.6)))
            if r.random() < 0.25:
                separation = day + r.uniform(7, 180)
        elif arche == "escalating":
            n = r.choices(range(4, 11), (12, 16, 16, 14, 10, 6, 4))[0]
            ratio = r.uniform(0.55, 0.8)
            span = r.uniform(150, 900)
            gaps = [ratio**i * r.uniform(0.92, 1.08) for i in range(n - 1)]
            scale = span / sum(gaps)
            day = 0.0
            for i in range(n):
                if i:
                    day += max(2.0, gaps[i - 1] * scale)
                level = 0.1 + 0.85 * i / (n - 1) + r.uniform(-0.025, 0.025)
                incidents.append((day, min(1.0, max(0.0, level))))
            if r.random() < 0.35:
                k = r.randint(n // 2, n - 2)
                separation = incidents[k][0] + (incidents[k + 1][0] - incidents[k][0]) / 2
        else:  # post_separation
            day = 0.0
            for i in range(r.randint(1, 2)):
                if i:
                    day += r.uniform(20, 200)
                incidents.append((day, r.uniform(0.1, 0.5)))
            separation = day + r.uniform(7, 120)
            day = separation + r.uniform(10, 120)
            for i in range(r.randint(2, 5)):
                if i:
                    day += r.uniform(10, 150)
                incidents.append((day, r.uniform(0.2, 0.85)))
        already = arche in ("single", "few") and separation is None and r.random() < 0.12
        return incidents, separation, already

    def plan(self) -> None:
        r = self.rng
        cfg = self.cfg
        x = r.random()
        acc = 0.0
        for name, weight in ARCHETYPES:
            acc += weight
            if x < acc:
                self.archetype = name
                break
        else:
            self.archetype = ARCHETYPES[-1][0]
        schedule, sep_offset, already_separated = self._schedule()
        period = (cfg.end - cfg.start).days
        fits = self.archetype in ("escalating", "post_separation")
        span = schedule[-1][0] + 30
        if fits and span > period * 0.95:
            factor = period * 0.95 / span
            schedule = [(day * factor, level) for day, level in schedule]
            sep_offset = sep_offset * factor if sep_offset is not None else None
            span = period * 0.95
        if fits:
            # Escalation may have begun before the period, but its worst is inside it; abuse
            # after separation may still be going on at the end.
            early, late = (0.4, 1.0) if self.archetype == "escalating" else (0.3, 0.6)
            low, high = -early * span, max(-early * span, period - late * span)
            t0 = cfg.start + timedelta(days=int(r.uniform(low, high)))
        else:
            # Others may have begun before the period (the hub sees the rest), so the first
            # year is as busy as the others.
            t0 = cfg.start + timedelta(days=int(r.uniform(-min(365, period), period)))
            if t0 + timedelta(days=int(schedule[-1][0])) < cfg.start:
                t0 = cfg.start + timedelta(days=int(r.uniform(0, period)))
        self.t0 = t0
        self._make_people(t0)
        referral_first = r.random() < 0.15
        first_shift = self.days(7, 90) if referral_first else timedelta(0)
        if sep_offset is not None:
            self.separation = t0 + first_shift + timedelta(days=int(sep_offset))
        elif already_separated:
            self.separation = t0 - self.days(7, 700)
        if self.separation and self.victim.maiden and r.random() < 0.6:
            self.victim.revert_on = self.separation + self.days(14, 300)

        last_incident = t0 + first_shift + timedelta(days=int(schedule[-1][0]))
        self.window_end = min(cfg.end, last_incident + timedelta(days=365))
        self._plan_homes(t0)
        self._plan_pregnancy(t0)
        self._plan_new_partner()

        self.thresholds = sorted(r.uniform(0.15, 0.9) for _ in HARM_MARKERS)
        self.coercive = r.random() < {"escalating": 0.6, "post_separation": 0.45}.get(
            self.archetype, 0.15
        )
        self.stalker = self.archetype == "post_separation" or r.random() < 0.05
        if referral_first:
            self._referral_first(t0)
        n = len(schedule)
        for i, (offset, level) in enumerate(schedule):
            hour = r.choices(range(24), HOUR_WEIGHTS)[0]
            when = _d(t0 + first_shift + timedelta(days=int(offset)), hour, r.randrange(60))
            self._incident(when, level, last=i == n - 1)
        self._plan_services()

    def _plan_homes(self, t0: date) -> None:
        r = self.rng
        w = self.w
        home = w.random_address(r)
        self.home.append((date.min, home))
        self.perp_home.append((date.min, home if not self.separated(t0) else w.random_address(r)))
        if self.separation and self.separation > t0:
            self.perp_home.append((self.separation, w.random_address(r)))
        primary = r.choice(w.primary_schools)
        secondary = r.choice(w.secondary_schools)
        self.schools.append((date.min, primary, secondary))
        moves = 1 if r.random() < 0.25 else 0
        moves += 1 if r.random() < 0.07 else 0
        if self.archetype == "post_separation" and self.separation and r.random() < 0.3:
            # A homeless application after separation, then a move.
            ask = self.separation + self.days(0, 60)
            self._housing_referral(ask)
            self._move(ask + self.days(30, 120))
        latest = max(t0 + timedelta(days=60), self.window_end)
        for _ in range(moves):
            self._move(t0 + self.days(30, max(31, (latest - t0).days)))

    def _move(self, day: date) -> None:
        r = self.rng
        self.home.append((day, self.w.random_address(r)))
        self.home.sort(key=lambda item: item[0])
        if not self.separated(day):
            self.perp_home.append((day, self.home[-1][1]))
            self.perp_home.sort(key=lambda item: item[0])
        if r.random() < 0.5:
            primary = r.choice(self.w.primary_schools)
            secondary = r.choice(self.w.secondary_schools)
            self.schools.append((day, primary, secondary))
            self.schools.sort(key=lambda item: item[0])
            for child in self.kids_at(day):
                school = self.school_of(child, day + DAY * 14)
                if school is not None and r.random() < 0.7:
                    start = day + self.days(7, 40)
                    self._involvement(child, school.code, "school_enrolment", start, None)
        if r.random() < 0.4:
            gp = r.choice(self.w.gp_practices).code
            self.gps.append((day, gp))
            self.gps.sort(key=lambda item: item[0])
            for person in [self.victim, *self.kids_at(day)]:
                if r.random() < 0.3:
                    self._involvement(person, gp, "gp_registration", day + self.days(3, 60), None)

    def _plan_pregnancy(self, t0: date) -> None:
        r = self.rng
        cfg = self.cfg
        victim = self.victim
        p = 0.14 if self.archetype in ("escalating", "post_separation") else 0.08
        if victim.sex != "F" or not r.random() < p:
            return
        latest = (self.window_end - t0).days - 100
        conception = t0 + timedelta(days=int(r.uniform(-60, max(-59, latest))))
        if not 16 <= victim.age(conception) <= 42:
            return
        due = conception + timedelta(days=266)
        known = conception + self.days(42, 84)
        if due <= cfg.end - timedelta(days=14):
            born = min(cfg.end, due + self.days(-14, 10))
            baby = self._add_child(
                born, {c.given for c in self.people}, bio=True, prev_surname=self.perp.family
            )
            baby.due = due
            self.pregnancy = (known, born)
            self._maternity(known, baby, born)
        else:
            self.pregnancy = (known, cfg.end + DAY)
            self._maternity(known, None, None)

    def _plan_new_partner(self) -> None:
        r = self.rng
        if not self.separation or not r.random() < 0.15 or self.victim.sex != "F":
            return
        met = self.separation + self.days(90, 500)
        if met > self.cfg.end:
            return
        dob = self.victim.dob + timedelta(days=int(r.gauss(700, 1500)))
        partner = self._person(
            2,
            "step_parent",
            "M",
            self._name("M", dob, {self.perp.given}),
            self._surname(),
            dob,
            r.choice(self.w.gp_practices).code,
        )
        self.new_partner = partner
        self.partner_home.append((date.min, self.w.random_address(r)))
        if r.random() < 0.5:
            self.partner_moves_in = met + self.days(60, 300)
        for _ in range(r.randint(1, 3)):
            visit = met + self.days(30, 400)
            kids = self.kids_at(visit)
            if kids and visit < self.window_end + timedelta(days=200):
                self._csc_like_contact(
                    visit, "csc" if r.random() < 0.6 else "early-help", kids, with_partner=True
                )

    # ----------------------------------------------------------------- incidents

    def _markers(self, level: float) -> dict[str, bool]:
        r = self.rng
        out: dict[str, bool] = {}
        if self.archetype == "escalating":
            for name, threshold in zip(HARM_MARKERS, self.thresholds, strict=True):
                out[name] = level >= threshold
        else:
            out["injury"] = r.random() < level * 0.8
            out["threats_to_kill"] = r.random() < max(0.0, level - 0.3)
            out["weapon"] = r.random() < max(0.0, level - 0.45)
            out["strangulation"] = r.random() < max(0.0, level - 0.5) * 0.8
        out["sexual_violence"] = r.random() < 0.03 + level * 0.07
        out["stalking"] = self.stalker and r.random() < 0.6
        out["coercive_control"] = self.coercive and r.random() < 0.7
        return out

    def _risk(self, level: float, markers: dict[str, bool]) -> str:
        if self.archetype == "escalating":
            return "standard" if level < 0.35 else "medium" if level < 0.65 else "high"
        harm = sum(markers[m] for m in HARM_MARKERS)
        score = level * 0.6 + harm * 0.2 + self.rng.uniform(-0.1, 0.1)
        return "standard" if score < 0.4 else "medium" if score < 0.75 else "high"

    def _dash(self, markers: dict[str, bool], day: date) -> dict[str, str]:
        r = self.rng
        sep = self.separated(day)
        kids = self.kids_at(day)
        certain = {
            1: markers["injury"],
            6: sep,
            7: sep and bool(kids),
            8: markers["stalking"],
            9: self.pregnant(day) or any(k.age(day) < 1 for k in kids),
            10: any(not k.bio_perp for k in kids),
            13: self.archetype == "escalating",
            14: self.archetype == "escalating",
            15: markers["coercive_control"],
            16: markers["weapon"],
            17: markers["threats_to_kill"],
            18: markers["strangulation"],
            19: markers["sexual_violence"],
            26: self.in_order(day) is not None,
        }
        answers: dict[str, str] = {}
        for q in range(1, 28):
            if r.random() < 0.04:
                answers[str(q)] = "not_known"
            elif certain.get(q):
                answers[str(q)] = "yes"
            else:
                answers[str(q)] = "yes" if r.random() < 0.18 else "no"
        return answers

    def _child_at_incident(self, child: Person, day: date, present_p: float) -> dict[str, Any]:
        r = self.rng
        if child.unborn(day):
            return {}
        extras: dict[str, Any] = {}
        present = r.random() < present_p
        extras["present"] = present
        if r.random() < 0.1:
            return extras
        seen = present and r.random() < 0.75
        spoken = seen and child.age(day) >= 4 and r.random() < 0.45
        extras["seen"] = seen
        extras["spoken_to"] = spoken
        extras["seen_alone"] = spoken and r.random() < 0.3
        if spoken and r.random() < 0.35:
            extras["voice"] = r.choice(data.VOICE_INCIDENT)
        return extras

    def _incident(self, when: datetime, level: float, *, last: bool) -> None:
        r = self.rng
        day = when.date()
        victim, perp = self.victim, self.perp
        markers = self._markers(level)
        risk = self._risk(level, markers)
        sep = self.separated(day)
        harm = sum(markers[m] for m in HARM_MARKERS)
        crime = harm > 0 or markers["sexual_violence"] or r.random() < 0.3
        arrest = crime and r.random() < (0.25 + 0.5 * level)
        kids = self.kids_at(day, unborn=True)
        subjects: list[Subject] = [(victim, "victim", {}), (perp, "alleged_perpetrator", {})]
        present_p = 0.4 if sep else 0.65
        for child in kids:
            if child.unborn(day):
                if r.random() < 0.3:
                    subjects.append((child, "child", {}))
            else:
                subjects.append((child, "child", self._child_at_incident(child, day, present_p)))
        partner = self.new_partner
        if partner and self.partner_moves_in and day >= self.partner_moves_in and r.random() < 0.3:
            subjects.append((partner, "witness", {}))
        facts: dict[str, Any] = {
            "category": "domestic_abuse",
            "crime": crime,
            "officer_risk": risk,
            "station": station_of(self.address_of(victim, day)),
        }
        if r.random() < (0.6 if risk == "high" else 0.3):
            facts["dash"] = self._dash(markers, day)
        elif risk != "standard" and r.random() < 0.3:
            # The DASH done later by the public protection unit, sent on its own.
            answers = self._dash(markers, day)
            yes = sum(1 for a in answers.values() if a == "yes")
            self.event(
                when + timedelta(hours=r.uniform(2, 72)),
                "police",
                "assessment",
                [(victim, "victim", {}), (perp, "alleged_perpetrator", {})],
                {
                    "type": "dash",
                    "answers": answers,
                    "professional_judgement": "high" if risk == "high" and yes < 14 else None,
                    "outcome": f"Officer risk {risk}",
                },
                relationships=True,
            )
        facts.update(markers)
        facts["separated"] = sep
        if sep and self.separation is not None and r.random() < 0.8:
            facts["separation_date"] = self.separation.isoformat()
        facts["pregnant"] = self.pregnant(day)
        facts["arrest"] = arrest
        order = self.in_order(day)
        breach = order is not None and r.random() < 0.85
        facts["narrative"] = self._narrative(
            markers, breach, any(e.get("present") for _, _, e in subjects)
        )
        if r.random() < 0.25 and kids:
            shared = ["csc"]
            if risk == "high":
                shared.append("idva")
            for child in kids:
                school = self.school_of(child, day)
                if school and school.code not in shared and r.random() < 0.5:
                    shared.append(school.code)
            facts["shared_with"] = shared
        if breach and order is not None:
            facts["breach_of"] = order.message_id
        ev = self.event(
            when,
            "police",
            "incident",
            subjects,
            facts,
            reported_delay=(0.05, 2.0),
            relationships=True,
        )
        self.incident_ids.append(ev.message_id)
        self._after_incident(when, level, risk, markers, arrest, last=last)

    def _narrative(self, markers: dict[str, bool], breach: bool, children_present: bool) -> str:
        r = self.rng
        parts = [
            k
            for k in (
                "strangulation",
                "weapon",
                "threats_to_kill",
                "injury",
                "sexual_violence",
                "stalking",
                "coercive_control",
            )
            if markers[k]
        ]
        if breach:
            parts.insert(0, "breach")
        core = data.NARRATIVE_CORE[parts[0] if parts else "verbal"]
        text = f"{r.choice(data.NARRATIVE_OPENINGS)} {core}."
        if len(parts) > 1:
            text += f" Also reports {data.NARRATIVE_CORE[parts[1]]}."
        if children_present:
            text += " Children present in the address."
        return text

    def _after_incident(
        self,
        moment: datetime,
        level: float,
        risk: str,
        markers: dict[str, bool],
        arrest: bool,
        *,
        last: bool,
    ) -> None:
        """What other agencies do about an incident: referrals, MARAC, visits, orders."""
        r = self.rng
        day = moment.date()
        kids = self.kids_at(day)
        victim = self.victim
        p_refer = {"standard": 0.1, "medium": 0.3, "high": 0.6}[risk]
        if kids and day > self.referred_until and r.random() < p_refer:
            self.referred_until = day + timedelta(days=60)
            self._referral(
                day + self.days(0, 3), "police", kids, with_adults=True, urgent=risk == "high"
            )
        if risk == "high":
            self._marac(day)
        elif risk == "medium" and r.random() < 0.3:
            self._idva(day + self.days(2, 14), dash=True)
        if markers["injury"] and r.random() < 0.45:
            setting = "emergency_department" if r.random() < 0.8 else "urgent_care"
            complaint = (
                data.ED_STRANGULATION if markers["strangulation"] else r.choice(data.ED_COMPLAINTS)
            )
            when = moment + timedelta(hours=r.uniform(0.5, 20), minutes=r.randrange(60))
            self.event(
                when,
                "ed",
                "attendance",
                [(victim, "subject", {})],
                {"setting": setting, "injury": True, "presenting_complaint": complaint},
                reported_delay=(0.0, 1.0),
            )
            if kids and r.random() < 0.15:
                self._referral(when.date() + self.days(0, 2), "ed", kids, with_adults=True)
        if r.random() < 0.08:
            self._gp_attendance(day + self.days(3, 60), victim)
        if kids:
            repeat = len(self.incident_ids) >= 3
            p_csc = {"standard": 0.1 if repeat else 0.03, "medium": 0.15, "high": 0.5}[risk]
            if day > self.csc_busy_until and r.random() < p_csc:
                self._csc_episode(day, level)
            elif day > self.eh_busy_until and day > self.csc_busy_until and r.random() < 0.04:
                self._early_help(day + self.days(7, 40))
            for child in kids:
                school = self.school_of(child, day)
                if school and r.random() < 0.05:
                    self._school_referral(day + self.days(1, 6), school, child)
            if any(k.age(day) < 5 for k in kids) and r.random() < 0.2:
                self._hv_contact(day + self.days(3, 40))
        if arrest and r.random() < 0.2:
            start = day + DAY
            self._order(start, "bail_conditions", start + self.days(28, 90))
        elif risk != "standard" and not arrest and r.random() < 0.1:
            start = day + DAY
            self._order(start, "dvpo", start + timedelta(days=28))
        sep = self.separated(day)
        if (sep or self.archetype == "post_separation") and self.in_order(day) is None:
            if r.random() < 0.3:
                start = day + self.days(7, 40)
                self._order(start, "non_molestation", start + self.days(180, 365))
        elif risk == "high" and self.in_order(day) is None and r.random() < 0.25:
            start = day + self.days(7, 40)
            self._order(start, "non_molestation", start + self.days(180, 365))
        if last and arrest and level >= 0.55 and r.random() < 0.6:
            self._conviction(day + self.days(45, 200))
        elif last and r.random() < 0.08:
            self._conviction(day + self.days(45, 200), custody_p=0.0)

    # ----------------------------------------------------------------- agency work

    def _referral_first(self, t0: date) -> None:
        """A household first known through another agency's referral, not the police."""
        r = self.rng
        kids = self.kids_at(t0)
        if kids:
            school_kids = [(k, self.school_of(k, t0)) for k in kids]
            with_school = [(k, s) for k, s in school_kids if s is not None]
            if with_school and r.random() < 0.5:
                child, school = r.choice(with_school)
                assert school is not None
                self._school_referral(t0, school, child)
                return
            source = r.choice(("health-visiting", self.gp_of(self.victim, t0), "housing"))
            self._referral(t0, source, kids, with_adults=True)
        else:
            self._referral(
                t0, r.choice((self.gp_of(self.victim, t0), "amh", "idva")), [], with_adults=True
            )

    def _referral(
        self,
        day: date,
        source: str,
        kids: list[Person],
        *,
        with_adults: bool,
        urgent: bool = False,
    ) -> None:
        r = self.rng
        atype = self.w.agency_type(source)
        subjects: list[Subject] = [(k, "child", {}) for k in kids]
        if with_adults or not kids:
            subjects.append(
                (self.victim, "victim" if atype in ("police", "idva") else "parent", {})
            )
            if atype in ("police", "idva", "probation") or r.random() < 0.6:
                subjects.append((self.perp, "alleged_perpetrator", {}))
        if atype == "probation":
            subjects = [(self.perp, "subject", {}), *subjects[:-1]]
        concerns = ["domestic_abuse"]
        if r.random() < 0.25:
            concerns.append(
                r.choice(
                    (
                        "neglect",
                        "emotional_abuse",
                        "parental_mental_health",
                        "parental_substance_misuse",
                    )
                )
            )
        reasons = data.REFERRAL_REASONS.get(atype, data.REFERRAL_REASONS["police"])
        facts = {
            "reason": r.choice(reasons),
            "concerns": concerns,
            "urgent": urgent or r.random() < 0.1,
            "referrer": self.staff(source).as_referrer(),
        }
        self.event(
            day,
            source,
            "referral",
            subjects,
            facts,
            reported_delay=(0.0, 0.5),
            relationships=r.random() < 0.7,
        )

    def _school_referral(self, day: date, school: Agency, child: Person) -> None:
        r = self.rng
        extras: dict[str, Any] = {"seen": True, "spoken_to": True, "seen_alone": r.random() < 0.7}
        if r.random() < 0.6:
            extras["voice"] = r.choice(data.VOICE_INCIDENT + data.VOICE_CONTACT)
        subjects: list[Subject] = [(child, "child", extras)]
        for sibling in self.kids_at(day):
            if sibling is not child and self.school_of(sibling, day) is school:
                subjects.append((sibling, "child", {}))
        subjects.append((self.victim, "parent", {}))
        facts = {
            "reason": r.choice(data.REFERRAL_REASONS["school"]),
            "concerns": ["domestic_abuse"] + (["emotional_abuse"] if r.random() < 0.3 else []),
            "urgent": r.random() < 0.15,
            "referrer": self.staff(school.code).as_referrer(),
        }
        self.event(day, school.code, "referral", subjects, facts, relationships=True)

    def _housing_referral(self, day: date) -> None:
        kids = self.kids_at(day)
        self._referral(day, "housing", kids, with_adults=False)

    def _marac(self, day: date) -> None:
        r = self.rng
        if day < self.marac_quiet_until:
            return  # heard recently: the next incident is a repeat for the same case
        self.marac_quiet_until = day + timedelta(days=180)
        source = "police" if r.random() < 0.7 else "idva"
        referred = day + self.days(1, 7)
        meeting = referred + self.days(14, 28)
        kids = self.kids_at(referred)
        subjects: list[Subject] = [
            (self.victim, "victim", {}),
            (self.perp, "alleged_perpetrator", {}),
        ]
        subjects += [(k, "child", {}) for k in kids]
        self.event(
            referred,
            source,
            "marac",
            subjects,
            {"event": "referred", "meeting_date": meeting.isoformat()},
        )
        heard_subjects: list[Subject] = [(p, role, {}) for p, role, _ in subjects]
        self.event(
            meeting,
            "idva",
            "marac",
            heard_subjects,
            {"event": "heard", "meeting_date": meeting.isoformat()},
            relationships=True,
        )
        if r.random() < 0.75:
            self._idva(referred + self.days(1, 5), dash=True, safety_plan=True)

    def _idva(self, day: date, *, dash: bool, safety_plan: bool = False) -> None:
        r = self.rng
        if day <= self.idva_busy_until:
            return
        worker = self.staff("idva")
        close = day + self.days(60, 180)
        self.idva_busy_until = close
        self._involvement(self.victim, "idva", "idva", day, close, worker=worker)
        if dash:
            markers = self._markers(0.6)
            answers = self._dash(markers, day)
            yes = sum(1 for a in answers.values() if a == "yes")
            self.event(
                day + self.days(0, 7),
                "idva",
                "assessment",
                [(self.victim, "victim", {}), (self.perp, "alleged_perpetrator", {})],
                {
                    "type": "dash",
                    "answers": answers,
                    "professional_judgement": "high" if yes < 14 and r.random() < 0.3 else None,
                    "outcome": "High risk; MARAC referral" if yes >= 14 else "Support plan",
                },
                relationships=True,
            )
        if safety_plan:
            start = day + self.days(3, 20)
            end = start + self.days(60, 180)
            relies = r.sample(("no_contact", "victim_will_report", "separation"), r.randint(1, 2))
            kids = self.kids_at(start)
            subjects: list[Subject] = [(self.victim, "victim", {})]
            subjects += [(k, "child", {}) for k in kids]
            for status, when in (("started", start), ("ended", end)):
                facts = _plan_facts("safety_plan", status, start, end, relies, kids)
                self.event(when, "idva", "plan", subjects, facts)

    def _gp_attendance(self, day: date, person: Person) -> None:
        gp = self.gp_of(person, day)
        injury = self.chance(0.15)
        self.event(
            day,
            gp,
            "attendance",
            [(person, "subject", {})],
            {
                "setting": "gp",
                "injury": injury,
                "presenting_complaint": self.rng.choice(data.GP_COMPLAINTS),
            },
        )
        kids = self.kids_at(day)
        if kids and self.chance(0.4 if injury else 0.1):
            self._referral(day + self.days(0, 7), gp, kids, with_adults=True)

    def _involvement(
        self,
        person: Person,
        source: str,
        service: str,
        start: date,
        end: date | None,
        *,
        worker: Staff | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        worker = worker or self.staff(source)
        for status, when in (("open", start), ("closed", end)):
            if when is None:
                continue
            facts: dict[str, Any] = {
                "service": service,
                "status": status,
                "start_date": start.isoformat(),
            }
            if status == "closed" and end is not None:
                facts["end_date"] = end.isoformat()
            facts["worker"] = worker.as_worker()
            if extra:
                facts.update(extra)
            self.event(
                when,
                source,
                "involvement",
                [(person, "subject", {})],
                facts,
                reported_delay=(0.0, 3.0) if self.chance(0.5) else None,
            )

    def _contact_child(self, child: Person, day: date, *, access: bool) -> dict[str, Any]:
        r = self.rng
        if not access:
            return {"seen": False, "seen_alone": False, "spoken_to": False}
        seen = r.random() < 0.85
        spoken = seen and child.age(day) >= 3 and r.random() < 0.6
        extras: dict[str, Any] = {
            "seen": seen,
            "seen_alone": spoken and r.random() < 0.4,
            "spoken_to": spoken,
        }
        if spoken and r.random() < 0.4:
            extras["voice"] = r.choice(data.VOICE_CONTACT)
        return extras

    def _csc_like_contact(
        self, day: date, source: str, kids: list[Person], *, with_partner: bool = False
    ) -> None:
        r = self.rng
        access = r.random() > 0.08
        seen = [self._contact_child(k, day, access=access) for k in kids]
        subjects: list[Subject] = [
            (k, "child", extras) for k, extras in zip(kids, seen, strict=True)
        ]
        subjects.append((self.victim, "parent", {}))
        if not self.separated(day) and r.random() < 0.25:
            subjects.append((self.perp, "alleged_perpetrator", {}))
        if with_partner and self.new_partner is not None:
            subjects.append((self.new_partner, "adult", {}))
        if not access:
            notes = data.CONTACT_NO_ACCESS
        elif any(extras["seen_alone"] for extras in seen):
            notes = r.choice(data.CONTACT_NOTES_SEEN_ALONE)
        elif any(extras["seen"] for extras in seen):
            notes = r.choice(data.CONTACT_NOTES_SEEN)
        else:
            notes = r.choice(data.CONTACT_NOTES_NOT_SEEN)
        self.event(
            day, source, "contact", subjects, {"notes": notes}, relationships=r.random() < 0.5
        )

    def _csc_episode(self, day: date, level: float) -> None:
        r = self.rng
        contact = day + self.days(1, 10)
        kids = self.kids_at(contact)
        if not kids:
            return
        worker = self.staff("csc")
        self._csc_like_contact(contact, "csc", kids)
        assessed = contact + self.days(20, 45)
        x = r.random()
        if level >= 0.6 and x < 0.4:
            plan_type, outcome = "child_protection", "Initial child protection conference"
        elif x < 0.35:
            plan_type, outcome = "child_in_need", "Child in need plan"
        else:
            plan_type, outcome = None, r.choice(("No further action", "Step down to early help"))
        kids = self.kids_at(assessed)
        if not kids:
            return
        subjects: list[Subject] = [(k, "child", {}) for k in kids]
        subjects += [(self.victim, "parent", {}), (self.perp, "alleged_perpetrator", {})]
        self.event(
            assessed,
            "csc",
            "assessment",
            subjects,
            {"type": "single_assessment", "outcome": outcome},
            relationships=True,
        )
        if r.random() < 0.3:
            self.event(
                assessed,
                "csc",
                "assessment",
                subjects,
                {"type": "child_impact", "outcome": r.choice(data.ASSESSMENT_OUTCOMES)},
            )
        if plan_type is None:
            close = assessed + self.days(3, 14)
            self._involvement(kids[0], "csc", "csc_allocation", contact, close, worker=worker)
            self.csc_busy_until = close
            if outcome == "Step down to early help" and close > self.eh_busy_until:
                self._early_help(close + self.days(3, 20))
            return
        start = assessed + self.days(0, 14)
        length = self.days(120, 365)
        end = start + length
        self.csc_busy_until = end
        self._involvement(kids[0], "csc", "csc_allocation", contact, end, worker=worker)
        relies = r.sample(
            ("separation", "no_contact", "perpetrator_left_home", "victim_will_report"),
            r.randint(1, 3),
        )
        review_every = 90 if plan_type == "child_protection" else 180
        visit_every = (25, 40) if plan_type == "child_protection" else (60, 90)
        moments: list[tuple[str, date]] = [("started", start)]
        review = start + timedelta(days=review_every)
        while review < end:
            moments.append(("reviewed", review))
            review += timedelta(days=review_every)
        moments.append(("ended", end))
        for status, when in moments:
            plan_kids = self.kids_at(when)
            subjects = [(k, "child", {}) for k in plan_kids]
            subjects.append((self.victim, "parent", {}))
            subjects.append((self.perp, "alleged_perpetrator", {}))
            facts = _plan_facts(plan_type, status, start, end, relies, plan_kids)
            self.event(when, "csc", "plan", subjects, facts, relationships=True)
        visit = start + self.days(*visit_every)
        while visit < end:
            self._csc_like_contact(visit, "csc", self.kids_at(visit))
            visit += self.days(*visit_every)

    def _early_help(self, day: date) -> None:
        r = self.rng
        kids = self.kids_at(day)
        if not kids:
            return
        end = day + self.days(60, 150)
        self.eh_busy_until = end
        self._involvement(self.victim, "early-help", "early_help", day, end)
        relies = r.sample(("victim_will_report", "no_contact"), 1)
        for status, when in (("started", day), ("ended", end)):
            facts = _plan_facts("early_help", status, day, end, relies, kids)
            subjects: list[Subject] = [(k, "child", {}) for k in kids]
            subjects.append((self.victim, "parent", {}))
            self.event(when, "early-help", "plan", subjects, facts)
        visit = day + self.days(20, 45)
        while visit < end:
            self._csc_like_contact(visit, "early-help", self.kids_at(visit))
            visit += self.days(40, 70)

    def _hv_contact(self, day: date) -> None:
        r = self.rng
        kids = [k for k in self.kids_at(day) if k.age(day) < 5]
        if not kids:
            return
        subjects: list[Subject] = [
            (k, "child", self._contact_child(k, day, access=True)) for k in kids
        ]
        subjects.append((self.victim, "parent", {}))
        self.event(
            day,
            "health-visiting",
            "contact",
            subjects,
            {
                "notes": r.choice(
                    (
                        "Routine developmental review.",
                        "Targeted visit after police notification.",
                        "Domestic abuse routine enquiry completed.",
                    )
                )
            },
            relationships=r.random() < 0.5,
        )
        if r.random() < 0.25:
            self._referral(day + self.days(0, 5), "health-visiting", kids, with_adults=True)

    def _order(self, start: date, order_type: str, end: date) -> None:
        protected = [self.victim] + (self.kids_at(start) if self.chance(0.4) else [])
        subjects: list[Subject] = [
            (self.victim, "victim", {}),
            (self.perp, "alleged_perpetrator", {}),
        ]
        subjects += [(k, "child", {}) for k in protected[1:]]
        facts: dict[str, Any] = {"type": order_type, "start_date": start.isoformat()}
        if end <= self.cfg.end:
            facts["end_date"] = end.isoformat()
        facts["protected"] = Refs(protected)
        ev = self.event(start, "police", "court_order", subjects, facts, reported_delay=(0.0, 2.0))
        self.orders.append(Order(ev.message_id, start, end, protected))

    def _conviction(self, day: date, custody_p: float = 0.5) -> None:
        r = self.rng
        perp = self.perp
        if r.random() < 0.6:
            self._order(day, "restraining", day + self.days(365, 1100))
        if r.random() < custody_p:
            prison = r.choice(self.w.prisons).code
            months = r.randint(6, 36)
            sentence_end = day + timedelta(days=months * 30)
            release = day + timedelta(days=months * 15)
            facts: dict[str, Any] = {"event": "received", "licence": False}
            if sentence_end <= self.cfg.end:
                facts["sentence_end"] = sentence_end.isoformat()
            self.event(day, prison, "custody", [(perp, "subject", {})], facts)
            released = dict(facts, event="released", licence=True)
            self.event(release, prison, "custody", [(perp, "subject", {})], released)
            conditions = " ".join(r.sample(data.LICENCE_CONDITIONS, 2))
            self._involvement(
                perp,
                "probation",
                "licence",
                release,
                sentence_end,
                extra={"licence_conditions": conditions},
            )
        else:
            self._involvement(
                perp, "probation", "probation_supervision", day, day + self.days(365, 730)
            )
        kids = self.kids_at(day)
        if kids and r.random() < 0.3:
            self._referral(day + self.days(7, 60), "probation", kids, with_adults=True)

    def _maternity(self, known: date, baby: Person | None, born: date | None) -> None:
        r = self.rng
        victim = self.victim
        close = born + self.days(10, 28) if born else None
        self._involvement(victim, "midwifery", "midwifery", known, close)
        unborn_subject: list[Subject] = [(baby, "child", {})] if baby else []
        for offset in (r.uniform(0, 10), r.uniform(60, 100), r.uniform(120, 160)):
            visit = known + timedelta(days=int(offset))
            if born is not None and visit >= born:
                break
            self.event(
                visit,
                "midwifery",
                "attendance",
                [(victim, "subject", {}), *unborn_subject[: 1 if r.random() < 0.5 else 0]],
                {
                    "setting": "maternity",
                    "injury": False,
                    "presenting_complaint": r.choice(data.MATERNITY_COMPLAINTS),
                },
            )
        if r.random() < 0.5:
            self.event(
                known + self.days(0, 30),
                "midwifery",
                "referral",
                [(victim, "victim", {}), *unborn_subject, (self.perp, "alleged_perpetrator", {})],
                {
                    "reason": r.choice(data.REFERRAL_REASONS["midwifery"]),
                    "concerns": ["domestic_abuse"],
                    "urgent": False,
                    "referrer": self.staff("midwifery").as_referrer(),
                },
                relationships=True,
            )
        if baby is None or born is None:
            return
        self.event(
            born,
            "midwifery",
            "attendance",
            [(victim, "subject", {})],
            {"setting": "maternity", "injury": False, "presenting_complaint": "Delivery"},
        )
        hv_start = born + self.days(10, 14)
        self._involvement(
            baby, "health-visiting", "health_visiting", hv_start, hv_start + self.days(700, 900)
        )
        self._hv_contact(hv_start)
        self._involvement(
            baby, self.gp_of(victim, born), "gp_registration", born + self.days(14, 42), None
        )

    def _plan_services(self) -> None:
        r = self.rng
        t0 = self.t0
        window = max(30, (self.window_end - t0).days)

        def some_day() -> date:
            return t0 + timedelta(days=int(r.uniform(0, window)))

        for person, p_amh, p_sm in ((self.victim, 0.12, 0.05), (self.perp, 0.1, 0.18)):
            if r.random() < p_amh:
                opened = some_day()
                self._involvement(
                    person, "amh", "adult_mental_health", opened, opened + self.days(90, 400)
                )
                if r.random() < 0.1 and self.kids_at(opened):
                    self._referral(
                        opened + self.days(7, 60), "amh", self.kids_at(opened), with_adults=True
                    )
            if r.random() < p_sm:
                opened = some_day()
                self._involvement(
                    person,
                    "substance-misuse",
                    "substance_misuse",
                    opened,
                    opened + self.days(60, 500),
                )
        for child in self.kids_at(t0):
            school = self.school_of(child, t0)
            if school and r.random() < 0.15:
                day = t0 + self.days(1, 30)
                self._involvement(child, school.code, "school_enrolment", day, None)
            if 12 <= child.age(t0) <= 16 and r.random() < 0.04:
                opened = some_day()
                self._involvement(
                    child, "yos", "youth_offending", opened, opened + self.days(120, 360)
                )
        for child in self.kids_at(t0):
            # Starting reception or secondary school during the story.
            for age in (4, 11):
                start = date(child.dob.year + age + (1 if child.dob.month >= 9 else 0), 9, 3)
                if t0 < start <= self.window_end and r.random() < 0.3:
                    school = self.school_of(child, start + DAY * 20)
                    if school:
                        self._involvement(child, school.code, "school_enrolment", start, None)
        if (
            self.separation
            and self.kids_at(self.separation)
            and r.random() < (0.6 if self.archetype == "post_separation" else 0.2)
        ):
            opened = self.separation + self.days(30, 200)
            kids = self.kids_at(opened)
            closed = opened + self.days(90, 300)
            worker = self.staff("cafcass")
            for child in kids[:1]:
                self._involvement(
                    child, "cafcass", "family_proceedings", opened, closed, worker=worker
                )
            subjects: list[Subject] = [(k, "child", {}) for k in kids]
            subjects += [(self.victim, "parent", {}), (self.perp, "parent", {})]
            made = closed - self.days(1, 14)
            self.event(
                made,
                "cafcass",
                "court_order",
                subjects,
                {
                    "type": "child_arrangements",
                    "start_date": made.isoformat(),
                    "protected": Refs(kids),
                },
                relationships=True,
            )
            if r.random() < 0.4:
                self._csc_like_contact(opened + self.days(10, 60), "cafcass", kids)

    # ----------------------------------------------------------------- rendering

    def _view(self, source: str, person: Person, day: date, variant: int) -> View:
        key = (source, person.slot, variant)
        view = self.views.get(key)
        atype = self.w.agency_type(source)
        profile = noise.PROFILES[atype]
        r = self.rng
        if (
            view is not None
            and variant == VARIANT_NORMAL
            and profile.duplicate
            and (source, person.slot) not in self.duplicated
            and r.random() < profile.duplicate
        ):
            # The agency failed to find its earlier record and opened a second one.
            self.duplicated.add((source, person.slot))
            view = None
            variant = VARIANT_DUPLICATE
        if view is None:
            view = self._new_view(source, atype, profile, person, day, variant)
            self.views[key] = view
            return view
        surname = person.surname_at(day)
        if surname != view.family_basis and r.random() < 0.3:
            view.family_basis = surname
            view.family = self._recorded_surname(profile, person, day, surname)
        if view.address_basis is not None:
            address = self.address_of(person, day)
            if address != view.address_basis and r.random() < profile.address_update:
                view.address_basis = address
                view.address = self._render_address(view, address)
        return view

    def _spid(self, source: str, atype: str, person: Person, day: date, variant: int) -> str:
        if atype in NHS_KEYED and variant == VARIANT_NORMAL and not person.unborn(day):
            return person.nhs
        n = self.index * SLOTS_PER_HOUSEHOLD + variant * 8 + person.slot
        digits = scramble(source, n, self.cfg.id_digits)
        prefix = SPID_PREFIX[atype]
        if atype == "school" and not person.is_child:
            prefix = "SCT-"  # a parent is a contact in the school's system, not a pupil
        if atype == "police":
            return f"{prefix}{digits}{CHECK_LETTERS[int(digits) % len(CHECK_LETTERS)]}"
        return prefix + digits

    def _recorded_surname(
        self, profile: noise.NoiseProfile, person: Person, day: date, surname: str
    ) -> str:
        r = self.rng
        other = person.other_surname_at(day)
        if other and r.random() < profile.other_surname:
            surname = other
        if r.random() < 0.25:
            surname = noise.surname_variant(r, surname)
        if r.random() < profile.typo:
            surname = noise.typo(r, surname)
        return surname

    def _new_view(
        self,
        source: str,
        atype: str,
        profile: noise.NoiseProfile,
        person: Person,
        day: date,
        variant: int,
    ) -> View:
        r = self.rng
        unborn = person.unborn(day)
        if unborn:
            given: str | None = r.choice(("Unborn", "Unborn", "Baby", None))
        else:
            given = person.given
            if r.random() < profile.nickname:
                given = noise.nickname(r, given)
            if r.random() < profile.typo:
                given = noise.typo(r, given)
        surname = person.surname_at(day)
        family = self._recorded_surname(profile, person, day, surname)
        dob: str | None = None
        if not unborn and not r.random() < profile.missing_dob:
            born = person.dob
            if r.random() < profile.swap_dob:
                swapped = noise.swap_day_month(born)
                born = swapped if swapped is not None and swapped <= day else born
            elif r.random() < 0.004:
                shifted = born + (DAY if r.random() < 0.5 else -DAY)
                born = shifted if shifted <= day else born
            dob = born.isoformat()
        recorded_nhs: str | None = None
        if not unborn:
            if atype in NHS_KEYED:
                recorded_nhs = person.nhs
            elif r.random() < profile.nhs_recorded:
                recorded_nhs = person.nhs
                if r.random() < profile.nhs_mistyped:
                    recorded_nhs = nhs.mistype(r, person.nhs)
        aliases: list[str] | None = None
        if person.role == "alleged_perpetrator" and r.random() < profile.alias:
            alias_given = noise.nickname(r, person.given)
            alias_family = r.choice(data.SURNAMES) if r.random() < 0.4 else person.family
            aliases = [f"{alias_given} {alias_family}"]
        sex = person.sex if r.random() > 0.01 else "U"
        view = View(
            spid=self._spid(source, atype, person, day, VARIANT_UNBORN if unborn else variant),
            given=given,
            family=family,
            family_basis=surname,
            dob=dob,
            sex=sex,
            nhs=recorded_nhs,
            address=None,
            address_basis=None,
            odd_postcode=r.random() < profile.odd_postcode,
            abbreviate=r.random() < profile.abbreviate_street,
            drop_line2=r.random() < 0.3,
            aliases=aliases,
        )
        if r.random() > 0.04:
            address = self.address_of(person, day)
            view.address_basis = address
            view.address = self._render_address(view, address)
        return view

    def _render_address(self, view: View, address: Address) -> dict[str, str]:
        out = {
            "line1": noise.abbreviate_street(address.line1) if view.abbreviate else address.line1
        }
        if address.line2 and not view.drop_line2:
            out["line2"] = address.line2
        out["town"] = address.town
        out["postcode"] = (
            noise.postcode_variant(self.rng, address.postcode)
            if view.odd_postcode
            else address.postcode
        )
        return out

    def _relationships(self, people: list[tuple[str, Person]], day: date) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        victim, perp, partner = self.victim, self.perp, self.new_partner
        refs = {id(p): ref for ref, p in people}
        kids = [(ref, p) for ref, p in people if p.is_child]

        def link(a: Person | None, b: Person, kind: str) -> None:
            if a is not None and id(a) in refs and id(b) in refs:
                out.append({"from": refs[id(a)], "to": refs[id(b)], "type": kind})

        link(perp, victim, "ex_partner" if self.separated(day) else "partner")
        if partner is not None:
            link(partner, victim, "partner")
        for _, child in kids:
            link(victim, child, "parent")
            link(perp, child, "parent" if child.bio_perp else "step_parent")
            if partner is not None:
                moved_in = self.partner_moves_in is not None and day >= self.partner_moves_in
                link(partner, child, "household_member" if moved_in else "carer")
        for (_, older), (_, younger) in itertools.pairwise(kids):
            link(older, younger, "sibling")
        return out

    def _render(self, ev: Event) -> tuple[str, dict[str, Any], list[tuple[str, str, str]]]:
        """The message for an event, its sort key, and the (source, id) records it names."""
        day = ev.when.date()
        atype = self.w.agency_type(ev.source)
        subjects: list[dict[str, Any]] = []
        named: list[tuple[str, Person]] = []
        records: list[tuple[str, str, str]] = []
        for person, role, extras in ev.subjects:
            unborn = person.unborn(day)
            view = self._view(ev.source, person, day, VARIANT_UNBORN if unborn else VARIANT_NORMAL)
            ref = f"p{len(subjects) + 1}"
            s: dict[str, Any] = {"ref": ref, "role": role, "source_person_id": view.spid}
            if view.given:
                s["given_name"] = view.given
            s["family_name"] = view.family
            if view.aliases:
                s["other_names"] = view.aliases
            if view.dob:
                s["date_of_birth"] = view.dob
            s["sex"] = view.sex
            if view.nhs:
                s["nhs_number"] = view.nhs
            if view.address:
                s["address"] = view.address
            if person.is_child:
                if unborn:
                    if person.due is not None:
                        s["due_date"] = person.due.isoformat()
                elif atype in ("school", "csc", "early_help", "police", "youth_offending"):
                    school = self.school_of(person, day)
                    if school is not None:
                        s["school_urn"] = school.urn
            if atype in HEALTH and not unborn:
                s["gp_practice"] = self.gp_of(person, day).removeprefix("gp-")
            if extras:
                s.update(extras)
            subjects.append(s)
            named.append((ref, person))
            records.append((ev.source, view.spid, person.pid))
        occurred = ev.when.date().isoformat() if ev.dated else ev.when.isoformat(timespec="seconds")
        msg: dict[str, Any] = {
            "message_id": ev.message_id,
            "source": ev.source,
            "kind": ev.kind,
            "occurred_at": occurred,
        }
        sort_moment = ev.when
        if ev.reported is not None:
            reported = min(ev.reported, _d(self.cfg.end, 23, 59))
            if ev.dated:
                msg["reported_at"] = reported.date().isoformat()
                sort_moment = _d(reported.date())
            else:
                msg["reported_at"] = reported.isoformat(timespec="seconds")
                sort_moment = reported
        msg["subjects"] = subjects
        if ev.relationships and len(named) > 1:
            rels = self._relationships(named, day)
            if rels:
                msg["relationships"] = rels
        facts: dict[str, Any] = {}
        first, last = self.cfg.start.isoformat(), self.cfg.end.isoformat()
        for key, value in ev.facts.items():
            if isinstance(value, Refs):
                value = [ref for ref, p in named if any(p is q for q in value.people)]
            elif key in DATE_FACTS and not first <= value <= last:
                continue  # a date outside the period is left out, never sent
            elif key == "breach_of" and value in self.unsent:
                continue  # the order was made before the period: the hub never saw it
            facts[key] = value
        msg["facts"] = facts
        key = f"{sort_moment.isoformat(timespec='seconds')}|{self.index:08d}|{ev.seq:05d}"
        return key, msg, records

    def _corrupt(self, msg: dict[str, Any], reason: str) -> str:
        """Make a message invalid for `reason`; returns the field at fault."""
        r = random.Random(
            f"frontdoor-synth:{self.cfg.seed}:invalid:{msg['source']}:{msg['message_id']}"
        )
        subjects = msg["subjects"]
        with_dob = [i for i, s in enumerate(subjects) if "date_of_birth" in s]
        if reason == "not_a_date":
            year = int(msg["occurred_at"][:4])
            bad = r.choice((f"31/02/{year}", f"{year}-02-31", f"{year}-13-04", f"30/02/{year}"))
            if with_dob and r.random() < 0.5:
                i = r.choice(with_dob)
                subjects[i]["date_of_birth"] = bad
                return f"subjects[{i}].date_of_birth"
            msg["occurred_at"] = bad
            return "occurred_at"
        if reason == "dob_after_occurred_at":
            occurred = date.fromisoformat(msg["occurred_at"][:10])
            i = r.choice(with_dob) if with_dob else 0
            subjects[i]["date_of_birth"] = (
                occurred + timedelta(days=r.randint(1, 900))
            ).isoformat()
            return f"subjects[{i}].date_of_birth"
        if reason == "unknown_source":
            msg["source"] = r.choice(
                ("police-legacy", "schoool-100001", "csc2", "gp-Z99999", "nhs")
            )
            return "source"
        if reason == "unknown_kind":
            msg["kind"] = r.choice(("incidnet", "notification", "strategy_meeting", "Referral"))
            return "kind"
        if reason == "no_subjects":
            msg["subjects"] = []
            msg.pop("relationships", None)
            for name in ("children", "protected"):
                if name in msg["facts"]:
                    msg["facts"][name] = []
            return "subjects"
        if reason == "unknown_ref":
            rels = msg.setdefault("relationships", [])
            rels.append(
                {"from": subjects[0]["ref"], "to": f"p{len(subjects) + 7}", "type": "parent"}
            )
            return f"relationships[{len(rels) - 1}].to"
        if reason == "future_occurred_at":
            moment = self.cfg.end + timedelta(days=r.randint(1, 400))
            msg["occurred_at"] = moment.isoformat()
            return "occurred_at"
        raise ValueError(reason)

    def run(self) -> HouseholdStory:
        self.plan()
        cfg = self.cfg
        story = HouseholdStory(self.index, {}, {}, {}, [], [])
        incident_keys: list[str] = []
        self.events.sort(key=lambda e: (e.when, e.seq))
        self.unsent = {
            ev.message_id for ev in self.events if not cfg.start <= ev.when.date() <= cfg.end
        }
        for ev in self.events:
            if ev.message_id in self.unsent:
                continue
            key, msg, records = self._render(ev)
            invalid = None
            if (
                cfg.invalid_rate > 0
                and uniform_from(cfg.seed, ev.source, ev.message_id) < cfg.invalid_rate
            ):
                reason = INVALID_REASONS[
                    int(
                        uniform_from(cfg.seed, "reason", ev.source, ev.message_id)
                        * len(INVALID_REASONS)
                    )
                ]
                if reason == "dob_after_occurred_at" and not any(
                    "date_of_birth" in s for s in msg["subjects"]
                ):
                    reason = "not_a_date"
                field_name = self._corrupt(msg, reason)
                invalid = {
                    "source": msg["source"],
                    "message_id": msg["message_id"],
                    "reason": reason,
                    "field": field_name,
                }
                story.invalid.append(invalid)
            if msg["subjects"]:  # a message stripped of its subjects names nobody
                for _, spid, pid in records:
                    story.records.setdefault(f"{msg['source']}|{spid}", pid)
                story.subject_records += len(records)
            if ev.kind == "incident":
                story.incidents += 1
                if invalid is None:
                    incident_keys.append(f"police|{ev.message_id}")
            story.messages.append((key, msg))
        story.messages.sort(key=lambda item: item[0])
        named = set(story.records.values())
        members = [p for p in self.people if p.pid in named]
        for person in members:
            entry: dict[str, Any] = {
                "household": self.hid,
                "role": person.role,
                "is_child": person.is_child,
                "given_name": person.given,
                "family_name": person.family,
                "date_of_birth": person.dob.isoformat(),
                "sex": person.sex,
                "nhs_number": person.nhs,
            }
            if person.maiden:
                entry["other_family_names"] = [person.maiden]
            if person.due:
                entry["due_date"] = person.due.isoformat()
            story.people[person.pid] = entry
        story.household = {
            "id": self.hid,
            "archetype": self.archetype,
            "members": [p.pid for p in members],
            "escalating": self.archetype == "escalating" and len(incident_keys) >= 3,
            "separated": self.separation is not None and self.separation <= cfg.end,
            "separation_date": _iso(self.separation)
            if self.separation and self.separation <= cfg.end
            else None,
            "first_seen": story.messages[0][0][:10] if story.messages else None,
            "incident_message_ids": incident_keys,
        }
        return story
