"""Signing in and out, and the start page."""

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def test_every_page_needs_a_sign_in(client: Client, db: None) -> None:
    for url in ("/", "/people/", "/people/1/", "/referrals/", "/referrals/new/", "/quarantine/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/?next=")


def test_sign_in_and_out(client: Client, front_door_user) -> None:
    response = client.post(
        "/sign-in/", {"username": "fd.practitioner", "password": "correct horse battery"}
    )
    assert response["Location"] == "/"
    assert client.get("/")["Location"] == "/two-factor/?next=/"
    device = TOTPDevice.objects.get(user=front_door_user)
    totp = TOTP(device.bin_key)
    totp.time = time.time()
    response = client.post("/two-factor/", {"code": f"{totp.token():06d}", "next": "/"})
    assert response["Location"] == "/"
    home = client.get("/").content.decode()
    assert "working in the front door" in home
    client.post("/sign-out/")
    assert client.get("/").status_code == 302


def test_a_wrong_password_says_so(client: Client, front_door_user) -> None:
    response = client.post("/sign-in/", {"username": "fd.practitioner", "password": "wrong"})
    assert "Enter a correct username and password" in response.content.decode()
