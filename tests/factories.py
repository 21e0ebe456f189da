"""Factories for the tests: agencies, staff and exchange messages, all synthetic."""

import itertools
import json
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from frontdoor.access.models import Agency, AgencyType, Role, StaffProfile

fake = Faker("en_GB")
# The authenticator secret of every test user (hex, as django-otp stores it): test-only.
TOTP_KEY = "3132333435363738393031323334353637383930"
_message_ids = itertools.count(1)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.LazyAttribute(lambda o: f"{o.code.title()} Service")
    type = AgencyType.OTHER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        # The password is hashed before the user is created; the device saves itself.
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery")
    authenticator = factory.RelatedFactory(
        "tests.factories.TOTPDeviceFactory", factory_related_name="user"
    )


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """An enrolled authenticator app with the test secret, so tests can sign in in full."""

    class Meta:
        model = TOTPDevice
        django_get_or_create = ("user", "name")

    name = "Authenticator app"
    key = TOTP_KEY
    confirmed = True


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.PRACTITIONER
    front_door = False


def subject(ref: str = "p1", role: str = "victim", **fields: Any) -> dict[str, Any]:
    """A synthetic subject: a made-up name unless given, no other details unless given."""
    return {
        "ref": ref,
        "role": role,
        "given_name": fields.pop("given_name", fake.first_name()),
        "family_name": fields.pop("family_name", fake.last_name()),
        **fields,
    }


def message(
    *,
    source: str = "police",
    kind: str = "incident",
    occurred_at: str = "2026-03-01T21:30:00",
    subjects: list[dict[str, Any]] | None = None,
    **envelope: Any,
) -> dict[str, Any]:
    """An exchange message with sensible defaults; every call has a new message id."""
    return {
        "message_id": envelope.pop("message_id", f"m-{next(_message_ids)}"),
        "source": source,
        "kind": kind,
        "occurred_at": occurred_at,
        "subjects": subjects if subjects is not None else [subject()],
        **envelope,
    }


def raw(payload: dict[str, Any]) -> str:
    return json.dumps(payload)


WHITFIELD_HOME = {"line1": "1 Elm Road", "town": "Synthtown", "postcode": "ZZ1 1AA"}


def whitfield_incident(
    *, source: str, number: int, occurred_at: str, voice: str = "Mum cries", **child: Any
) -> dict[str, Any]:
    """One agency's event about Katherine Whitfield and her daughter Poppy (born 9 Sept 2019)."""
    return message(
        source=source,
        message_id=f"{source}-{number}",
        occurred_at=occurred_at,
        subjects=[
            subject(
                "v",
                "victim",
                source_person_id=f"{source}-V",
                given_name="Katherine",
                family_name="Whitfield",
                date_of_birth="1991-05-06",
                address=WHITFIELD_HOME,
            ),
            subject(
                "c",
                "child",
                source_person_id=f"{source}-C",
                given_name="Poppy",
                family_name="Whitfield",
                date_of_birth="2019-09-09",
                nhs_number="9434765919",
                address=WHITFIELD_HOME,
                present=True,
                voice=voice,
                **child,
            ),
        ],
        relationships=[{"from": "v", "to": "c", "type": "parent"}],
    )
