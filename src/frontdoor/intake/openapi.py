"""The OpenAPI description of the hub's API, served by the app itself.

It embeds the exchange schema (docs/exchange-v1.schema.json), rewritten only in form so that
OpenAPI tools can read it: each definition a component of its own, and the kind-specific facts
a `oneOf` of one branch a kind rather than `if`/`then` rules.
"""

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("exchange-v1.schema.json")


@cache
def exchange_schema() -> dict[str, Any]:
    """The JSON Schema of the exchange format (docs/exchange-v1.schema.json)."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text())
    return schema


DEFINITION_REF = re.compile(r'"#/\$defs/([^"]+)"')


def _component_name(pointer: str) -> str:
    """`facts/agency_check` -> `FactsAgencyCheck`: a definition's name among the components."""
    return "".join(part.capitalize() for part in re.split(r"[/_]", pointer))


def _kinds(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The exchange schema's rules "if the kind is K, the facts are K's" as a choice of one
    branch a kind. Every message has exactly one kind, so this says the same of any message, in a
    form tools that generate requests from OpenAPI can read (schemathesis reads no `if`); a test
    checks the two agree (tests/intake/test_openapi.py)."""
    return [
        {
            "properties": {
                "kind": {"const": rule["if"]["properties"]["kind"]["const"]},
                **rule["then"]["properties"],
            }
        }
        for rule in schema["allOf"]
    ]


def _component_schemas() -> dict[str, Any]:
    """The exchange schema as OpenAPI components: the message, and each definition it refers
    to as a component of its own (`Subject`, `FactsIncident`...), every reference pointing at
    its component, where tools that read OpenAPI look for it."""
    schema = copy.deepcopy(exchange_schema())  # the served schema must not change with it
    message = {k: v for k, v in schema.items() if k not in ("$schema", "$id", "$defs", "allOf")}
    message["oneOf"] = _kinds(schema)
    message["properties"]["facts"] = {
        **message["properties"]["facts"],
        "description": "Kind-specific facts: those the hub reads are in the Facts components.",
    }
    pointers = set(DEFINITION_REF.findall(json.dumps(schema)))
    parts = {"Message": message}
    for pointer in pointers:
        found: Any = schema["$defs"]
        for segment in pointer.split("/"):
            found = found[segment]
        parts[_component_name(pointer)] = found

    def refer(match: re.Match[str]) -> str:
        return f'"#/components/schemas/{_component_name(match.group(1))}"'

    components: dict[str, Any] = json.loads(DEFINITION_REF.sub(refer, json.dumps(parts)))
    return components


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _answer(description: str, schema: str) -> dict[str, Any]:
    """A response: its description and a JSON body of one of the document's schemas."""
    return {
        "description": description,
        "content": _json({"$ref": f"#/components/schemas/{schema}"}),
    }


RATE_LIMITED = {
    "description": "Over the token's rate limit: try again after Retry-After seconds",
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    "content": _json({"$ref": "#/components/schemas/Problem"}),
}


DATABASE_UNAVAILABLE = {
    "description": (
        "The hub's database could not be reached or written: send again after Retry-After "
        "seconds (a message already stored is answered as a duplicate)"
    ),
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    "content": _json({"$ref": "#/components/schemas/Problem"}),
}


def openapi_document(server_url: str) -> dict[str, Any]:
    outcome = {
        "type": "object",
        "required": ["status", "source", "message_id"],
        "properties": {
            "status": {"enum": ["accepted", "pending", "duplicate", "rejected"]},
            "source": {"type": ["string", "null"]},
            "message_id": {"type": ["string", "null"]},
            "errors": {"type": "array", "items": {"type": "string"}},
            "warnings": {"type": "array", "items": {"type": "string"}},
            "reference": {"type": "string", "description": "A referral's reference."},
        },
    }
    problem = {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "detail": {"type": "string"},
            "status": {"type": "integer"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Frontdoor API",
            "version": "1",
            "description": (
                "Agency systems send what they know to the hub in the exchange format. Every "
                "message is stored before it is checked; one that fails is kept in quarantine "
                "with every reason, naming the field and the value."
            ),
        },
        "servers": [{"url": server_url}],
        "components": {
            "securitySchemes": {"agencyToken": {"type": "http", "scheme": "bearer"}},
            "schemas": {**_component_schemas(), "Outcome": outcome, "Problem": problem},
        },
        "paths": {
            "/messages": {
                "post": {
                    "summary": "Send one message, or a list of up to 1,000",
                    "operationId": "sendMessages",
                    "security": [{"agencyToken": []}],
                    "requestBody": {
                        "required": True,
                        "content": _json(
                            {
                                "oneOf": [
                                    {"$ref": "#/components/schemas/Message"},
                                    {
                                        "type": "array",
                                        "maxItems": 1000,
                                        "items": {"$ref": "#/components/schemas/Message"},
                                    },
                                ]
                            }
                        ),
                    },
                    "responses": {
                        "200": {
                            "description": "An answer for each of a list, or a duplicate",
                            "content": _json(
                                {
                                    "oneOf": [
                                        {"$ref": "#/components/schemas/Outcome"},
                                        {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Outcome"},
                                        },
                                    ]
                                }
                            ),
                        },
                        "201": _answer("Accepted", "Outcome"),
                        "202": _answer(
                            "Stored; the hub will finish processing it shortly", "Outcome"
                        ),
                        "400": _answer("An empty list", "Problem"),
                        "401": _answer("No valid agency token", "Problem"),
                        "403": _answer("The token may not send messages", "Problem"),
                        "413": _answer("Too many messages, or too many bytes", "Problem"),
                        "415": _answer("Not application/json", "Problem"),
                        "422": _answer("Rejected: kept in quarantine with every reason", "Outcome"),
                        "429": RATE_LIMITED,
                        "503": DATABASE_UNAVAILABLE,
                    },
                }
            },
            "/messages/{source}/{message_id}": {
                "get": {
                    "summary": "What became of one of the agency's own messages",
                    "operationId": "getMessageOutcome",
                    "security": [{"agencyToken": []}],
                    "parameters": [
                        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                        for name in ("source", "message_id")
                    ],
                    "responses": {
                        "200": _answer("The message's latest revision's outcome", "Outcome"),
                        "401": _answer("No valid agency token", "Problem"),
                        "403": _answer("The token may not read messages", "Problem"),
                        "404": _answer("The agency sent no such message", "Problem"),
                        "429": RATE_LIMITED,
                        "503": DATABASE_UNAVAILABLE,
                    },
                }
            },
        },
    }
