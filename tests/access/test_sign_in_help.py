"""An administrator's page for someone who cannot sign in: who is locked out, unlocking them,
and resetting a lost authenticator app, each with a reason in the audit log."""

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.access.models import Role
from frontdoor.audit.models import AuditEvent
from tests.factories import StaffFactory

URL = "/access/sign-in-help/"
REASON = "Rang the service desk; called back on her work number."


@pytest.fixture
def locked(agencies):
    """A social worker who typed her password wrongly five times."""
    member = StaffFactory(user__username="lock.me", agency=agencies["csc"]).user
    for _ in range(5):
        Client().post("/sign-in/", {"username": "lock.me", "password": "wrong"})
    return member


@pytest.fixture
def administrator(agencies):
    return StaffFactory(
        user__username="csc.admin", agency=agencies["csc"], role=Role.ADMINISTRATOR
    ).user


def help_with(client: Client, username: str, task: str, reason: str = REASON):
    return client.post(URL, {"username": username, "task": task, "reason": reason})


def test_an_administrator_sees_who_is_locked_out_and_unlocks_them(
    client: Client, locked, administrator
) -> None:
    client.force_login(administrator)
    page = client.get(URL).content.decode()
    assert "lock.me" in page
    assert 'href="?username=lock.me#help"' in page

    answer = help_with(client, "lock.me", "unlock")
    assert answer.status_code == 302
    assert "No one you can help is locked out" in client.get(URL).content.decode()
    event = AuditEvent.objects.get(action="sign_in.unlock", details__username="lock.me")
    assert (event.actor, event.details["reason"]) == (administrator, REASON)
    signed_in = Client().post(
        "/sign-in/", {"username": "lock.me", "password": "correct horse battery"}
    )
    assert signed_in.status_code == 302


def test_a_lost_authenticator_is_reset_and_its_owner_told(
    client: Client, locked, administrator, django_capture_on_commit_callbacks
) -> None:
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        assert help_with(client, "lock.me", "authenticator").status_code == 302
    assert not TOTPDevice.objects.filter(user=locked).exists()
    event = AuditEvent.objects.get(action="two_factor.reset", object_id=str(locked.pk))
    assert (event.actor, event.details["reason"]) == (administrator, REASON)
    assert [message.to for message in mail.outbox] == [[locked.email]]
    assert "If you did not ask for this" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("username", "task", "reason", "error"),
    [
        ("nobody", "unlock", REASON, "has the username &#x27;nobody&#x27;"),
        ("lock.me", "unlock", "", "Say how you know it is them, and why"),
        ("lock.me", "", REASON, "Choose what they need"),
        ("csc.admin", "authenticator", REASON, "You cannot reset your own authenticator app"),
        ("csc.admin", "unlock", REASON, "&#x27;csc.admin&#x27; is not locked out"),
    ],
)
def test_each_mistake_is_named_and_changes_nothing(
    client: Client, locked, administrator, username, task, reason, error
) -> None:
    client.force_login(administrator)
    answer = help_with(client, username, task, reason)
    assert answer.status_code == 200
    assert error in answer.content.decode()
    assert not AuditEvent.objects.filter(action__in=["sign_in.unlock", "two_factor.reset"]).exists()
    assert TOTPDevice.objects.filter(user=administrator).exists()


def test_an_agency_administrator_helps_only_their_own_agency(
    client: Client, locked, agencies
) -> None:
    police_admin = StaffFactory(agency=agencies["police"], role=Role.ADMINISTRATOR).user
    client.force_login(police_admin)
    assert "lock.me" not in client.get(URL).content.decode()
    answer = help_with(client, "lock.me", "authenticator")
    assert "has the username &#x27;lock.me&#x27;" in answer.content.decode()
    assert TOTPDevice.objects.filter(user=locked).exists()


def test_the_front_doors_administrator_helps_every_agency(client: Client, agencies) -> None:
    StaffFactory(user__username="pc.smith", agency=agencies["police"])
    for _ in range(5):
        Client().post("/sign-in/", {"username": "pc.smith", "password": "wrong"})
    front_door = StaffFactory(agency=agencies["csc"], role=Role.ADMINISTRATOR, front_door=True)
    client.force_login(front_door.user)
    assert "pc.smith" in client.get(URL).content.decode()
    assert help_with(client, "pc.smith", "unlock").status_code == 302


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.MANAGER, Role.DATA_MANAGER])
def test_only_administrators_may_help(client: Client, agencies, role) -> None:
    client.force_login(StaffFactory(agency=agencies["csc"], role=role).user)
    assert client.get(URL).status_code == 403
