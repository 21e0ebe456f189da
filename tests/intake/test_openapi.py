"""The OpenAPI description says of a message exactly what the exchange schema says."""

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from frontdoor.intake.openapi import SCHEMA_PATH, exchange_schema, openapi_document
from tests.factories import message

KINDS: list[str] = exchange_schema()["properties"]["kind"]["enum"]
# No fact of any kind is a list of lists of lists, so every fact with a type refuses this.
WRONG = [[["not a fact of this kind"]]]


def _described() -> Draft202012Validator:
    """The description's Message, its references resolved within the description."""
    document = openapi_document("http://testserver/api/v1")
    return Draft202012Validator(
        {"$ref": "#/components/schemas/Message", "components": document["components"]}
    )


def _messages() -> list[tuple[str, dict[str, Any]]]:
    """For every kind: a message with no facts, and one with each of its facts given wrong."""
    rules = {rule["if"]["properties"]["kind"]["const"]: rule for rule in exchange_schema()["allOf"]}
    cases: list[tuple[str, dict[str, Any]]] = []
    for kind in KINDS:
        cases.append((f"{kind} without facts", message(kind=kind, facts={})))
        facts_ref = rules[kind]["then"]["properties"]["facts"]["$ref"]
        facts = exchange_schema()["$defs"]["facts"][facts_ref.rsplit("/", 1)[1]]
        for name in facts.get("properties", {}):
            cases.append((f"{kind}.{name} wrong", message(kind=kind, facts={name: WRONG})))
    cases.append(("no kind", {k: v for k, v in message().items() if k != "kind"}))
    cases.append(("an unknown kind", message(kind="gossip")))
    return cases


@pytest.mark.parametrize(("case", "payload"), _messages(), ids=[c for c, _ in _messages()])
def test_the_description_and_the_exchange_schema_agree(case: str, payload: dict[str, Any]) -> None:
    exchange = Draft202012Validator(exchange_schema())
    assert _described().is_valid(payload) == exchange.is_valid(payload), case


def test_some_wrong_facts_are_refused_by_both() -> None:
    refused = [case for case, payload in _messages() if not _described().is_valid(payload)]
    assert len(refused) > len(KINDS)


def test_every_definition_is_a_component_of_its_own() -> None:
    document = openapi_document("http://testserver/api/v1")
    schemas = document["components"]["schemas"]
    assert {"Message", "Subject", "Relationship", "FactsIncident", "Outcome", "Problem"} <= set(
        schemas
    )
    assert "$defs" not in str(schemas["Message"].get("properties", {}).get("subjects"))
    assert [
        branch["properties"]["kind"]["const"] for branch in schemas["Message"]["oneOf"]
    ] == KINDS


def test_describing_the_api_leaves_the_exchange_schema_as_it_is() -> None:
    before = json.dumps(exchange_schema(), sort_keys=True)
    openapi_document("http://testserver/api/v1")
    assert json.dumps(exchange_schema(), sort_keys=True) == before
    assert json.loads(SCHEMA_PATH.read_text()) == exchange_schema()
