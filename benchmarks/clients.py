"""The signed-in front-door practitioner whose pages the page benchmarks time."""

from __future__ import annotations

import secrets
from importlib import import_module

from django.contrib.auth.models import User
from django.test import Client

from frontdoor.access.models import Agency, AgencyType, Role
from frontdoor.access.services import staff_create


def front_door_client(username: str) -> tuple[Client, User]:
    """A new front-door practitioner of the borough's children's social care, signed in, in a
    process set up as a server's is (`frontdoor.wsgi` tunes the garbage collector), so a page is
    timed as a deployment would serve it."""
    csc = Agency.objects.filter(type=AgencyType.CSC).order_by("pk").first()
    if csc is None:
        raise RuntimeError("no children's social care agency in the register")
    user = staff_create(
        username=username,
        full_name="Benchmark Practitioner",
        email=f"{username}@example.org",
        agency=csc,
        role=Role.PRACTITIONER,
        front_door=True,
        password=secrets.token_urlsafe(24),
    )
    import_module("frontdoor.wsgi")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client, user
