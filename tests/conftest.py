"""Shared fixtures: a small register of agencies and users in each kind of role."""

from datetime import date
from typing import Any

import factory.random
import pytest
from django.contrib.auth.models import AbstractBaseUser, User
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from frontdoor.access.models import Agency, AgencyType, Role
from frontdoor.triage.services import triage_setting_set

from .factories import AgencyFactory, StaffFactory, TOTPDeviceFactory, fake


class SignedInClient(Client):
    """A test client whose force_login signs in in full: password and second factor.

    Pages need both (frontdoor.web.middleware.TwoFactorRequiredMiddleware); a test of the second
    factor itself uses django.test.Client, whose force_login gives the password step only.
    """

    def force_login(self, user: Any, backend: str | None = None) -> None:
        super().force_login(user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDeviceFactory(user=user).persistent_id
        session.save()


@pytest.fixture
def client() -> SignedInClient:
    return SignedInClient()


@pytest.fixture(autouse=True)
def same_made_up_names(request: pytest.FixtureRequest) -> None:
    """Each test gets the same made-up names every run: whether two records link depends on
    their names, so a test must not pass or fail on the names it happened to draw."""
    fake.seed_instance(request.node.nodeid)
    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """API rate counts live in the cache: each test starts with none, whatever ran before."""
    cache.clear()


@pytest.fixture
def agencies(db: None) -> dict[str, Agency]:
    return {
        "police": AgencyFactory(code="police", name="Borough Police", type=AgencyType.POLICE),
        "csc": AgencyFactory(code="csc", name="Children's Social Care", type=AgencyType.CSC),
        "school": AgencyFactory(
            code="school-105899", name="Hope Primary", type=AgencyType.SCHOOL, urn="105899"
        ),
        "gp": AgencyFactory(code="gp-f84001", name="Elm Practice", type=AgencyType.GP),
        "probation": AgencyFactory(code="probation", name="Probation", type=AgencyType.PROBATION),
    }


@pytest.fixture
def front_door_user(agencies: dict[str, Agency]) -> AbstractBaseUser:
    return StaffFactory(
        user__username="fd.practitioner", agency=agencies["csc"], front_door=True
    ).user


@pytest.fixture
def front_door_manager(agencies: dict[str, Agency]) -> User:
    return StaffFactory(
        user__username="fd.manager", agency=agencies["csc"], front_door=True, role=Role.MANAGER
    ).user


@pytest.fixture
def data_manager(agencies: dict[str, Agency]) -> AbstractBaseUser:
    return StaffFactory(
        user__username="fd.data", agency=agencies["csc"], front_door=True, role=Role.DATA_MANAGER
    ).user


@pytest.fixture
def school_user(agencies: dict[str, Agency]) -> AbstractBaseUser:
    return StaffFactory(user__username="school.dsl", agency=agencies["school"]).user


@pytest.fixture
def gp_user(agencies: dict[str, Agency]) -> AbstractBaseUser:
    return StaffFactory(user__username="gp.nurse", agency=agencies["gp"]).user


@pytest.fixture
def idva(agencies: dict[str, Agency]) -> Agency:
    return AgencyFactory(code="idva", name="Borough IDVA Service", type=AgencyType.IDVA)


@pytest.fixture
def coordinator(agencies: dict[str, Agency], idva: Agency) -> User:
    return StaffFactory(
        user__username="marac.coordinator", agency=idva, role=Role.MARAC_COORDINATOR
    ).user


@pytest.fixture
def police_user(agencies: dict[str, Agency]) -> User:
    return StaffFactory(user__username="police.officer", agency=agencies["police"]).user


@pytest.fixture
def no_sign_off() -> None:
    """The partnership trusts the front door's decisions without a manager's sign-off."""
    triage_setting_set(
        key="sign_off.outcomes",
        value=[],
        effective_from=date(2020, 1, 1),
        reason="The board trusts the front door",
        user=None,
    )
