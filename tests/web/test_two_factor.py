"""Every signed-in page needs a code from an authenticator app after the password."""

import time

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.access.two_factor import recovery_codes_issue, totp_demo_device, totp_reset
from frontdoor.audit.models import AuditEvent
from frontdoor.web.management.commands.demo import DEMO_TOTP_KEY


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


@pytest.fixture
def password_only(front_door_user) -> Client:
    """A browser that has given the password but not yet the code."""
    client = Client()
    client.force_login(front_door_user)
    return client


@pytest.mark.parametrize("path", ["/", "/people/", "/referrals/queue/", "/alerts/"])
def test_the_password_alone_reaches_no_page(password_only: Client, path: str) -> None:
    response = password_only.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/two-factor/?next={path}"


def test_the_api_is_token_based_and_needs_no_code(password_only: Client) -> None:
    assert password_only.get("/api/v1/openapi.json").status_code == 200
    assert Client().post("/api/v1/messages", {}).status_code == 401


def test_the_right_code_opens_the_page_asked_for(password_only: Client, front_door_user) -> None:
    page = password_only.get("/two-factor/?next=/people/")
    assert "Enter the code from your authenticator app" in page.content.decode()
    assert "Sign out" in page.content.decode()
    device = TOTPDevice.objects.get(user=front_door_user)
    response = password_only.post("/two-factor/", {"code": code_for(device), "next": "/people/"})
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert password_only.get("/people/").status_code == 200


def test_a_wrong_or_malformed_code_is_refused_with_a_reason(password_only: Client) -> None:
    response = password_only.post("/two-factor/", {"code": "abc"})
    assert response.status_code == 200
    assert "Enter the code as 6 digits, not &#x27;abc&#x27;" in response.content.decode()
    response = password_only.post("/two-factor/", {"code": ""})
    assert "Enter the code from your authenticator app" in response.content.decode()
    response = password_only.post("/two-factor/", {"code": "000000"})
    assert "The code is not right" in response.content.decode()
    # django-otp's throttle: the next try straight after a wrong code is refused whatever it is.
    response = password_only.post("/two-factor/", {"code": "000000"})
    assert "Too many wrong codes" in response.content.decode()
    assert password_only.get("/").status_code == 302


def test_a_code_is_accepted_once(front_door_user) -> None:
    device = TOTPDevice.objects.get(user=front_door_user)
    code = code_for(device)
    first, second = Client(), Client()
    first.force_login(front_door_user)
    second.force_login(front_door_user)
    assert first.post("/two-factor/", {"code": code}).status_code == 302
    response = second.post("/two-factor/", {"code": code})
    assert "The code is not right, or was used already" in response.content.decode()


def test_after_the_code_only_our_own_pages_are_gone_to(password_only: Client, front_door_user):
    device = TOTPDevice.objects.get(user=front_door_user)
    response = password_only.post(
        "/two-factor/", {"code": code_for(device), "next": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/"


def test_a_new_user_enrols_once_and_the_secret_is_never_shown_again(front_door_user) -> None:
    TOTPDevice.objects.filter(user=front_door_user).delete()
    client = Client()
    client.force_login(front_door_user)
    response = client.get("/two-factor/?next=/people/")
    assert response["Location"] == "/two-factor/set-up/?next=/people/"
    page = client.get(response["Location"]).content.decode()
    assert "Set up your authenticator app" in page
    device = TOTPDevice.objects.get(user=front_door_user, confirmed=False)
    qr_code = client.get("/two-factor/set-up/qr-code.svg")
    assert qr_code["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr_code.content

    wrong = client.post("/two-factor/set-up/", {"code": code_for(device, steps_ahead=5)})
    assert "The code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post("/two-factor/set-up/", {"code": code_for(device), "next": "/people/"})
    assert response["Location"] == "/two-factor/recovery-codes/?next=%2Fpeople%2F"
    codes = client.get(response["Location"])
    assert len(codes.context["codes"]) == 10
    assert 'href="/people/"' in codes.content.decode()
    assert client.get(response["Location"])["Location"] == "/people/"  # shown once only
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="two_factor.enrol", object_id=str(device.pk)).exists()
    assert client.get("/people/").status_code == 200
    assert client.get("/two-factor/set-up/").status_code == 302
    assert client.get("/two-factor/set-up/qr-code.svg").status_code == 404


def test_demo_codes_are_printed_only_for_demo_users_with_the_setting_on(
    front_door_user, school_user, settings, capsys
) -> None:
    device = totp_demo_device(user=front_door_user, key=DEMO_TOTP_KEY)
    settings.FRONTDOOR_DEMO_TWO_FACTOR_CODES = True
    call_command("democode", front_door_user.username)
    assert capsys.readouterr().out.strip() == code_for(device)
    with pytest.raises(CommandError, match=r"username: 'school\.dsl' is not a demo user"):
        call_command("democode", school_user.username)
    with pytest.raises(CommandError, match="username: no user 'nobody'"):
        call_command("democode", "nobody")
    settings.FRONTDOOR_DEMO_TWO_FACTOR_CODES = False
    with pytest.raises(CommandError, match="FRONTDOOR_DEMO_TWO_FACTOR_CODES is off"):
        call_command("democode", front_door_user.username)


def test_signing_out_needs_no_code(password_only: Client) -> None:
    response = password_only.post("/sign-out/")
    assert response["Location"] == "/sign-in/"
    assert "_auth_user_id" not in password_only.session


def test_a_recovery_code_signs_in_once_and_its_owner_is_told(
    front_door_user, django_capture_on_commit_callbacks
) -> None:
    codes = recovery_codes_issue(front_door_user)
    assert (
        StaticToken.objects.filter(token__in=[c.replace("-", "") for c in codes]).count() == 0
    )  # only digests are kept
    password_only = Client()
    password_only.force_login(front_door_user)
    page = password_only.get("/two-factor/?next=/people/").content.decode()
    assert 'href="/two-factor/recovery/?next=/people/"' in page

    wrong = password_only.post("/two-factor/recovery/", {"code": "zzzz-zzzz", "next": "/people/"})
    assert "not one of your recovery codes" in wrong.content.decode()
    malformed = password_only.post("/two-factor/recovery/", {"code": "12", "next": "/people/"})
    assert "Enter the code as 8 letters and digits, not &#x27;12&#x27;" in (
        malformed.content.decode()
    )
    StaticDevice.objects.get(user=front_door_user).throttle_reset()
    with django_capture_on_commit_callbacks(execute=True):
        answer = password_only.post(
            "/two-factor/recovery/", {"code": f" {codes[3].upper()} ", "next": "/people/"}
        )
    assert answer["Location"] == "/people/"
    assert password_only.get("/people/").status_code == 200
    assert "9 left" in mail.outbox[0].body
    used = AuditEvent.objects.get(action="two_factor.recovery_code_use")
    assert used.details == {"left": 9}

    again = Client()
    again.force_login(front_door_user)
    reused = again.post("/two-factor/recovery/", {"code": codes[3], "next": "/people/"})
    assert "not one of your recovery codes" in reused.content.decode()


def test_resetting_the_authenticator_forgets_the_recovery_codes(front_door_user) -> None:
    recovery_codes_issue(front_door_user)
    totp_reset(user=front_door_user, reset_by=None)
    assert not StaticDevice.objects.filter(user=front_door_user).exists()
