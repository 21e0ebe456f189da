"""Repeated wrong passwords lock a username out, with a clear page; an administrator unlocks it."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.audit.models import AuditEvent
from tests.factories import StaffFactory


@pytest.fixture
def staff(agencies):
    return StaffFactory(user__username="lock.me", agency=agencies["csc"]).user


def sign_in(client: Client, password: str):
    return client.post("/sign-in/", {"username": "lock.me", "password": password})


def test_the_limit_of_wrong_passwords_locks_the_username_out(client: Client, staff, settings):
    assert settings.FRONTDOOR_LOCKOUT_FAILURES == 5
    for _ in range(4):
        response = sign_in(client, "wrong")
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()
    response = sign_in(client, "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Your account is locked" in page
    assert "entered wrongly 5 times" in page
    assert "try again in 30 minutes" in page
    # Locked means locked: the right password is refused too.
    response = sign_in(client, "correct horse battery")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_administrator_unlocks_a_username(client: Client, staff, capsys):
    for _ in range(5):
        sign_in(client, "wrong")
    assert sign_in(client, "correct horse battery").status_code == 429

    call_command("unlock", "lock.me")
    assert "unlocked lock.me" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="sign_in.unlock", details__username="lock.me").exists()
    response = sign_in(client, "correct horse battery")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_successful_sign_in_forgets_earlier_mistakes(client: Client, staff):
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, "correct horse battery").status_code == 302
    client.post("/sign-out/")
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200


def test_unlocking_a_username_that_is_not_locked_says_so(db):
    with pytest.raises(CommandError, match="username: no failed sign-ins for 'nobody'"):
        call_command("unlock", "nobody")


def test_an_administrator_resets_a_lost_authenticator(staff, capsys):
    assert TOTPDevice.objects.filter(user=staff).exists()
    call_command("unlock", "lock.me", "--two-factor")
    assert "lock.me will set up an authenticator app again (1 removed)" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert AuditEvent.objects.filter(action="two_factor.reset", object_id=str(staff.pk)).exists()
    with pytest.raises(CommandError, match="username: no user 'nobody'"):
        call_command("unlock", "nobody", "--two-factor")
