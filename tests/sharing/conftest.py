"""The partnership's services the duties tell, beside the shared register of agencies."""

import pytest

from frontdoor.access.models import Agency, AgencyType
from tests.factories import AgencyFactory


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
