"""The data protection lead, and reads made at a chosen moment."""

from collections.abc import Iterable
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission, User

from frontdoor.access.models import Agency, AgencyType, Role
from frontdoor.audit.services import access_record
from tests.factories import AgencyFactory, StaffFactory

LONDON = ZoneInfo("Europe/London")
MONDAY_MORNING = datetime(2026, 11, 2, 10)


@pytest.fixture
def council(agencies: dict[str, Agency]) -> Agency:
    return AgencyFactory(code="council", name="Borough Council", type=AgencyType.OTHER)


@pytest.fixture
def data_protection_lead(council: Agency) -> User:
    user = StaffFactory(user__username="dpo", agency=council, role=Role.PRACTITIONER).user
    user.user_permissions.add(Permission.objects.get(codename="review_access"))
    return User.objects.get(pk=user.pk)


def read_at(
    moment: datetime, user: User, person_ids: Iterable[int], route: str = "front_door"
) -> None:
    """Log reads as if made at `moment` (London time)."""
    with mock.patch("django.utils.timezone.now", return_value=moment.replace(tzinfo=LONDON)):
        access_record(user=user, person_ids=person_ids, purpose="person_page", route=route)
