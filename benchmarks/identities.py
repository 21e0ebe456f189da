"""People and their agencies' records for the linkage speed benchmarks, at any size.

The synthetic borough tops out below a million distinct source records and takes its time
telling ten years of stories; speed at a million needs only who people are and how untidily
agencies write them down. So this draws people from the generator's own names, streets and NHS
numbers (`frontdoor.synth`) and gives each one to a few agencies, each record noised at that
agency type's rates (`frontdoor.synth.noise.PROFILES`). The same arguments always give the same
records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from frontdoor.synth import data, nhs, noise
from frontdoor.synth.world import Address, World, build_world

# How many agencies hold a person in the index (1 to 4), and how often.
RECORDS_EACH = (1, 2, 3, 4)
RECORDS_WEIGHTS = (0.45, 0.3, 0.15, 0.1)
CHILD_SHARE = 0.3
MOVED = 0.15  # a record from before the person last moved: another address
SEEN_ON = date(2026, 10, 31)  # the day every record was last written, for ages
AGENCY_TYPES = tuple(noise.PROFILES)


@dataclass(frozen=True)
class Identity:
    """Who someone truly is: what every agency's record of them is a noisy copy of."""

    person: int
    given_name: str
    family_name: str
    sex: str
    born: date
    nhs_number: str
    address: Address


@dataclass(frozen=True)
class Recorded:
    """One agency's record of a person, as the agency sent it."""

    person: int
    agency_type: str
    given_name: str
    family_name: str
    sex: str
    born: date | None
    nhs_number: str
    line1: str
    postcode: str


def identity(rng: random.Random, world: World, person: int, capacity: int) -> Identity:
    child = rng.random() < CHILD_SHARE
    sex = rng.choice("FM")
    if child:
        names = data.FEMALE_CHILD if sex == "F" else data.MALE_CHILD
        age_days = rng.randrange(18 * 365)
    else:
        names = data.FEMALE_ADULT if sex == "F" else data.MALE_ADULT
        age_days = rng.randrange(18 * 365 + 5, 85 * 365)
    return Identity(
        person=person,
        given_name=rng.choice(names),
        family_name=rng.choice(data.SURNAMES),
        sex=sex,
        born=SEEN_ON - timedelta(days=age_days),
        nhs_number=nhs.number_for(person, capacity),
        address=world.random_address(rng),
    )


def recorded(rng: random.Random, world: World, who: Identity, agency_type: str) -> Recorded:
    """The person as one agency of this type records them, with its usual slips."""
    rates = noise.PROFILES[agency_type]
    given, family = who.given_name, who.family_name
    if rng.random() < rates.nickname:
        given = noise.nickname(rng, given)
    if rng.random() < rates.typo:
        given = noise.typo(rng, given)
    if rng.random() < rates.other_surname:
        family = noise.surname_variant(rng, family)
    if rng.random() < rates.typo:
        family = noise.typo(rng, family)
    born: date | None = who.born
    if rng.random() < rates.missing_dob:
        born = None
    elif rng.random() < rates.swap_dob:
        born = noise.swap_day_month(who.born) or who.born
    number = ""
    if rng.random() < rates.nhs_recorded:
        mistyped = rng.random() < rates.nhs_mistyped
        number = nhs.mistype(rng, who.nhs_number) if mistyped else who.nhs_number
    address = world.random_address(rng) if rng.random() < MOVED else who.address
    line1, postcode = address.line1, address.postcode
    if rng.random() < rates.abbreviate_street:
        line1 = noise.abbreviate_street(line1)
    if rng.random() < rates.odd_postcode:
        postcode = noise.postcode_variant(rng, postcode)
    return Recorded(who.person, agency_type, given, family, who.sex, born, number, line1, postcode)


def borough_records(
    records: int, incoming: int, seed: int
) -> tuple[list[Recorded], list[Recorded], int]:
    """`records` for the index, `incoming` records not in it, and how many people the index has.

    Of the incoming records, four in five are a new agency's record of someone in the index,
    the rest are of people the index has never seen.
    """
    rng = random.Random(f"fd-bench-identities:{seed}")
    world = build_world(seed)
    capacity = nhs.capacity_for(records + incoming)
    index: list[Recorded] = []
    people: list[Identity] = []
    while len(index) < records:
        who = identity(rng, world, len(people), capacity)
        people.append(who)
        (count,) = rng.choices(RECORDS_EACH, RECORDS_WEIGHTS)
        for agency_type in rng.sample(AGENCY_TYPES, count):
            index.append(recorded(rng, world, who, agency_type))
    del index[records:]
    known = index[-1].person + 1
    new = incoming // 5
    arrivals = [
        recorded(rng, world, people[rng.randrange(known)], rng.choice(AGENCY_TYPES))
        for _ in range(incoming - new)
    ]
    arrivals += [
        recorded(rng, world, identity(rng, world, known + n, capacity), rng.choice(AGENCY_TYPES))
        for n in range(new)
    ]
    rng.shuffle(arrivals)
    return index, arrivals, known
