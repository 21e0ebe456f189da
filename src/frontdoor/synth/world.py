"""The fictional borough of Marlbridge: its agencies, streets, schools and staff, fixed by a seed.

Built once per run from its own sub-seed, so every household sees the same borough.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import data

# About two homes a household over the years (moves, a separated partner's home) and one to
# three postcodes a street: some fifteen addresses a postcode, as in a real borough.
HOUSEHOLDS_PER_STREET = 12


@dataclass(frozen=True, slots=True)
class Agency:
    """One sending agency as the hub's register holds it."""

    code: str
    name: str
    type: str
    urn: str | None = None
    phase: str | None = None  # schools: "primary" or "secondary"

    def as_json(self) -> dict[str, str]:
        """The agencies.json entry."""
        out = {"code": self.code, "name": self.name, "type": self.type}
        if self.urn:
            out["urn"] = self.urn
        return out


@dataclass(frozen=True, slots=True)
class Address:
    """A true, tidy address; agencies' copies are noised from it."""

    line1: str
    line2: str
    postcode: str
    town: str = data.BOROUGH


@dataclass(frozen=True, slots=True)
class Staff:
    """A practitioner who refers, visits or holds a case."""

    name: str
    role: str
    email: str
    phone: str

    def as_referrer(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role, "phone": self.phone, "email": self.email}

    def as_worker(self) -> dict[str, str]:
        return {"name": self.name, "email": self.email, "phone": self.phone}


@dataclass(slots=True)
class World:
    """Everything shared by all households of one borough."""

    agencies: list[Agency]
    gp_practices: list[Agency]
    primary_schools: list[Agency]
    secondary_schools: list[Agency]
    prisons: list[Agency]
    streets: list[tuple[str, str, tuple[str, ...]]]  # (street, locality, postcodes)
    staff: dict[str, list[Staff]] = field(default_factory=dict)
    by_code: dict[str, Agency] = field(default_factory=dict)

    def agency_type(self, code: str) -> str:
        return self.by_code[code].type

    def random_address(self, rng: random.Random) -> Address:
        street, locality, postcodes = rng.choice(self.streets)
        postcode = rng.choice(postcodes)
        if rng.random() < 0.15:
            building = rng.choice(data.BUILDING_NAMES)
            return Address(
                f"Flat {rng.randint(1, 60)}, {building}", f"{street}, {locality}", postcode
            )
        return Address(f"{rng.randint(1, 180)} {street}", locality, postcode)

    def staff_member(self, rng: random.Random, code: str) -> Staff:
        return rng.choice(self.staff[code])


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def _street_postcodes(rng: random.Random, district: int, used: set[str]) -> tuple[str, ...]:
    """One to three postcodes of the district for a street, none given to another street."""
    codes: list[str] = []
    for _ in range(rng.randint(1, 3)):
        while True:
            inward = (
                f"{rng.randint(0, 9)}"
                f"{rng.choice(data.INWARD_LETTERS)}{rng.choice(data.INWARD_LETTERS)}"
            )
            postcode = f"{data.POSTCODE_AREA}{district} {inward}"
            if postcode not in used:
                used.add(postcode)
                codes.append(postcode)
                break
    return tuple(codes)


def _more_streets(
    seed: int,
    households: int,
    streets: list[tuple[str, str, tuple[str, ...]]],
    used_postcodes: set[str],
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Streets beyond the first ones, so a large borough has as many homes to a postcode as a
    real one (a postcode is about fifteen addresses) rather than crowding every household into
    the same few hundred postcodes. A street name may recur in another locality, as real ones do.
    Drawn from their own stream, so a borough small enough for the first streets is unchanged."""
    rng = random.Random(f"frontdoor-synth:{seed}:more-streets")
    named = {(street, locality) for street, locality, _ in streets}
    more: list[tuple[str, str, tuple[str, ...]]] = []
    while len(streets) + len(more) < households // HOUSEHOLDS_PER_STREET:
        street = f"{rng.choice(data.STREET_STEMS)} {rng.choice(data.STREET_SUFFIXES)}"
        locality, district = rng.choice(data.LOCALITIES)
        if (street, locality) in named:
            continue
        named.add((street, locality))
        more.append((street, locality, _street_postcodes(rng, district, used_postcodes)))
    return more


def build_world(seed: int, households: int = 0) -> World:
    """The borough for a seed and its size: the same seed and number of households always give
    the same agencies, streets and staff."""
    rng = random.Random(f"frontdoor-synth:{seed}:world")
    borough = data.BOROUGH
    localities = [name for name, _ in data.LOCALITIES]

    core = [
        Agency("police", f"{borough} Police", "police"),
        Agency("csc", f"{borough} Children's Social Care", "csc"),
        Agency("early-help", f"{borough} Early Help", "early_help"),
        Agency("midwifery", f"{borough} Maternity Service", "midwifery"),
        Agency("health-visiting", f"{borough} Health Visiting Service", "health_visiting"),
        Agency("ed", f"{borough} General Hospital Emergency Department", "emergency_department"),
        Agency("amh", f"{borough} Adult Mental Health Service", "adult_mental_health"),
        Agency("substance-misuse", f"{borough} Drug and Alcohol Service", "substance_misuse"),
        Agency("probation", f"Probation Service, {borough}", "probation"),
        Agency("yos", f"{borough} Youth Justice Service", "youth_offending"),
        Agency("cafcass", f"Cafcass ({borough})", "cafcass"),
        Agency("housing", f"{borough} Housing Options", "housing"),
        Agency("idva", f"{borough} Domestic Abuse Service (IDVA)", "idva"),
    ]

    gp_count = rng.randint(6, 10)
    letter = rng.choice("FHKMPY")
    ccg = rng.randint(80, 89)
    gp_numbers = sorted(rng.sample(range(1, 999), gp_count))
    gp_places = rng.sample(localities + list(data.STREET_STEMS[:30]), gp_count)
    gp_practices = []
    for number, place in zip(gp_numbers, gp_places, strict=True):
        code = f"{letter}{ccg}{number:03d}"
        name = rng.choice(data.GP_NAME_PATTERNS).format(place=place)
        gp_practices.append(Agency(f"gp-{code}", name, "gp"))

    school_count = rng.randint(20, 40)
    urns = sorted(rng.sample(range(100000, 150000), school_count))
    secondary_count = max(4, school_count // 4)
    secondary_flags = set(rng.sample(range(school_count), secondary_count))
    primary_schools: list[Agency] = []
    secondary_schools: list[Agency] = []
    used_names: set[str] = set()
    for i, urn in enumerate(urns):
        secondary = i in secondary_flags
        while True:
            place = rng.choice(localities)
            if secondary:
                name = f"{place} {rng.choice(data.SCHOOL_SECONDARY_KINDS)}"
            elif rng.random() < 0.3:
                name = f"{rng.choice(data.SCHOOL_CHURCHES)} {rng.choice(data.SCHOOL_PRIMARY_KINDS)}"
            else:
                name = f"{place} {rng.choice(data.SCHOOL_PRIMARY_KINDS)}"
            if name not in used_names:
                used_names.add(name)
                break
        phase = "secondary" if secondary else "primary"
        school = Agency(f"school-{urn}", name, "school", urn=str(urn), phase=phase)
        (secondary_schools if secondary else primary_schools).append(school)

    prison_names = rng.sample(data.PRISON_NAMES, rng.randint(1, 2))
    prisons = [Agency(f"prison-{_slug(p)}", f"HMP {p}", "prison") for p in sorted(prison_names)]

    agencies = core[:3] + gp_practices + core[3:] + primary_schools + secondary_schools + prisons
    agencies = sorted(agencies, key=lambda a: a.code)

    street_names: set[str] = set()
    while len(street_names) < 320:
        street_names.add(f"{rng.choice(data.STREET_STEMS)} {rng.choice(data.STREET_SUFFIXES)}")
    used_postcodes: set[str] = set()
    streets: list[tuple[str, str, tuple[str, ...]]] = []
    for street in sorted(street_names):
        locality, district = rng.choice(data.LOCALITIES)
        streets.append((street, locality, _street_postcodes(rng, district, used_postcodes)))
    streets += _more_streets(seed, households, streets, used_postcodes)

    world = World(
        agencies=agencies,
        gp_practices=gp_practices,
        primary_schools=primary_schools,
        secondary_schools=secondary_schools,
        prisons=prisons,
        streets=streets,
        by_code={a.code: a for a in agencies},
    )
    phones = rng.sample(range(1000), 1000)
    staff_count = 0
    first_names = data.FEMALE_ADULT + data.MALE_ADULT
    for agency in agencies:
        roles = data.STAFF_ROLES[agency.type]
        count = 2 if agency.type in ("school", "gp", "prison") else rng.randint(4, 10)
        members: list[Staff] = []
        domain = f"{_slug(agency.code)}.example.org"
        for _ in range(count):
            given = rng.choice(first_names)
            family = rng.choice(data.SURNAMES)
            number = phones[staff_count % len(phones)]
            staff_count += 1
            members.append(
                Staff(
                    name=f"{given} {family}",
                    role=rng.choice(roles),
                    email=f"{_slug(given)}.{_slug(family)}@{domain}",
                    phone=f"{data.DRAMA_PHONE_PREFIX}{number:03d}",
                )
            )
        world.staff[agency.code] = members
    return world
