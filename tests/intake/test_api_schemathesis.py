"""schemathesis against the live API: no 5xx, and every answer is one the description gives.

schemathesis reads `/api/v1/openapi.json` from a live test server, generates requests for each
operation from it (valid messages and lists, and ones that break the schema), sends them with an
agency's token, and checks each answer: never a server error, and its status, content type and
body as the description says. Bounded: EXAMPLES requests an operation, derandomised, so a run is
the same every time.
"""

from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as examples

from frontdoor.access.models import Agency, Scope
from frontdoor.access.tokens import token_issue

schemathesis = pytest.importorskip(
    "schemathesis", reason="schemathesis is pinned in requirements-dev.txt: install it to run this"
)
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 50
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def token(agencies: dict[str, Agency], settings: Any) -> str:
    settings.FRONTDOOR_API_RATE_LIMIT = 10 * EXAMPLES  # the rate limit is tested elsewhere
    return token_issue(
        agency=agencies["police"],
        name="schemathesis",
        issued_by=None,
        scopes=[Scope.SEND, Scope.READ],
    )


def test_every_generated_request_is_answered_as_described(live_server: Any, token: str) -> None:
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json", timeout=60)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} == {
        "POST /messages",
        "GET /messages/{source}/{message_id}",
    }
    for operation in operations:

        @given(case=operation.as_strategy())
        @examples(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answered_as_described(case: Any) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

        answered_as_described()
