"""A sign-in ends after a spell of idleness, and in any case a fixed time after signing in."""

import time

from django.test import Client

from frontdoor.web.middleware import RENEW_SECONDS, RENEWED_AT, SIGNED_IN_AT


def test_a_page_renews_the_idle_timeout_once_a_minute_at_most(
    client: Client, front_door_user, settings
) -> None:
    client.force_login(front_door_user)
    response = client.get("/")
    assert response.status_code == 200
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == settings.FRONTDOOR_SESSION_IDLE_MINUTES * 60
    # Within the minute the session is not written again.
    assert settings.SESSION_COOKIE_NAME not in client.get("/").cookies

    session = client.session
    session[RENEWED_AT] -= RENEW_SECONDS
    session.save()
    renewed = client.get("/").cookies[settings.SESSION_COOKIE_NAME]
    assert renewed["max-age"] == settings.FRONTDOOR_SESSION_IDLE_MINUTES * 60


def test_an_idle_session_ends(client: Client, front_door_user, settings) -> None:
    client.force_login(front_door_user)
    assert client.get("/").status_code == 200
    session = client.session
    session.set_expiry(-1)  # as if the idle time had passed since the last renewal
    session.save()
    assert client.get("/people/").status_code == 302


def test_a_session_ends_its_maximum_time_after_signing_in(
    client: Client, front_door_user, settings
) -> None:
    settings.FRONTDOOR_SESSION_MAX_HOURS = 10
    client.force_login(front_door_user)
    assert client.get("/").status_code == 200
    session = client.session
    assert time.time() - session[SIGNED_IN_AT] < 60
    session[SIGNED_IN_AT] = int(time.time()) - 10 * 60 * 60 + 60
    session.save()
    assert client.get("/").status_code == 200

    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 10 * 60 * 60 - 1
    session.save()
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/people/"
    page = client.get(response["Location"])
    assert "signed in more than 10 hours ago" in page.content.decode()
    assert client.get("/").status_code == 302
