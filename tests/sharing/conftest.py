"""The partnership's services the duties tell, beside the shared register of agencies; a child
the school is told about, and the front door's managers who decide it must not be."""

import pytest
from django.contrib.auth.models import User

from frontdoor.access.models import Agency, AgencyType, Role
from tests.factories import AgencyFactory, StaffFactory
from tests.risk.family import about, child, incident, send


@pytest.fixture
def services(agencies: dict[str, Agency]) -> dict[str, Agency]:
    more = {
        "amh": AgencyFactory(code="amh", type=AgencyType.ADULT_MENTAL_HEALTH),
        "substance-misuse": AgencyFactory(
            code="substance-misuse", type=AgencyType.SUBSTANCE_MISUSE
        ),
        "health-visiting": AgencyFactory(code="health-visiting", type=AgencyType.HEALTH_VISITING),
        "midwifery": AgencyFactory(code="midwifery", type=AgencyType.MIDWIFERY),
        "cafcass": AgencyFactory(code="cafcass", type=AgencyType.CAFCASS),
    }
    return {**agencies, **more}


@pytest.fixture
def told(services: dict[str, Agency]) -> None:
    """Poppy, at Hope Primary, in a police incident: the school is due to be told."""
    send(about("csc", "contact", "2025-01-02", child("csc", school_urn="105899")))
    send(incident("2025-03-07T21:00:00"))


def _manager(agencies: dict[str, Agency], name: str) -> User:
    return StaffFactory(
        user__username=name, agency=agencies["csc"], front_door=True, role=Role.MANAGER
    ).user


@pytest.fixture
def manager(agencies: dict[str, Agency]) -> User:
    return _manager(agencies, "fd.manager")


@pytest.fixture
def second_manager(agencies: dict[str, Agency]) -> User:
    return _manager(agencies, "fd.manager2")
