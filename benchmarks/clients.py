"""The signed-in front-door practitioner whose pages the page benchmarks time."""

from __future__ import annotations

import secrets
from importlib import import_module

from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

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
    # Signed in in full: the password (above) and the second factor, as a practitioner at work is.
    device = TOTPDevice.objects.create(user=user, name="Benchmark", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, user
