"""Access-checked statutory returns: each takes the acting user, and records the export of every
person in it."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from frontdoor.access.policy import actor_for, statutory_returns_check
from frontdoor.audit.services import access_record, audit_record

from .cin_census import CinCensus, cin_census_collect
from .cin_xml import cin_census_xml


@dataclass(frozen=True)
class CinExtract:
    census: CinCensus
    xml: bytes

    @property
    def filename(self) -> str:
        return f"cin-census-{self.census.year}.xml"


def cin_census_made(year: int) -> CinExtract:
    """The extract for the census year ending 31 March `year`, as XML.

    Not access-checked itself: callers check the reader and record the export.
    """
    census = cin_census_collect(year)
    xml = cin_census_xml(
        census, la_number=settings.FRONTDOOR_LA_NUMBER, made_at=timezone.localtime()
    )
    return CinExtract(census=census, xml=xml)


@transaction.atomic
def cin_census_export(*, user: User | AnonymousUser, year: int) -> CinExtract:
    """The children in need census extract, for front-door managers: every child in it is logged
    as read, and the export is recorded."""
    actor = actor_for(user)
    statutory_returns_check(actor)
    extract = cin_census_made(year)
    census = extract.census
    access_record(
        user=actor.user,
        person_ids=[child.person_id for child in census.children],
        purpose="cin_census",
        route="front_door_manager",
    )
    audit_record(
        actor=actor.user,
        action="returns.cin_census",
        details={
            "year": year,
            "children": len(census.children),
            "referrals": census.referral_count,
        },
    )
    return extract
