"""Break-glass: a user without a route opens a person only by giving a reason, for the
partnership's set time; logged with the route `break_glass`, audited, and reported to the data
protection lead, who reviews it. It never opens a restricted person."""

import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontdoor.access.models import BreakGlassGrant
from frontdoor.access.services import access_setting_set, restriction_create
from frontdoor.audit.models import AccessLog, AuditEvent
from frontdoor.audit.services import SettingError
from frontdoor.people.models import Person
from tests.factories import StaffFactory
from tests.people.test_search_and_page import load_family


@pytest.fixture
def poppy(agencies) -> Person:
    return load_family()


@pytest.fixture
def dpo(agencies):
    user = StaffFactory(
        user__username="dpo", user__email="dpo@example.org", agency=agencies["csc"]
    ).user
    user.user_permissions.add(Permission.objects.get(codename="review_access"))
    return user


def break_glass(client: Client, person: Person, reason: str = "Brought to A&E unconscious"):
    return client.post(reverse("access:break-glass", args=[person.pk]), {"reason": reason})


def test_the_page_without_a_route_offers_break_glass(client: Client, poppy, school_user) -> None:
    client.force_login(school_user)
    response = client.get(reverse("people:detail", args=[poppy.pk]))
    assert response.status_code == 404
    assert reverse("access:break-glass", args=[poppy.pk]) in response.content.decode()
    unknown = client.get(reverse("people:detail", args=[poppy.pk + 1000]))
    assert unknown.status_code == 404
    assert "ask for emergency access" in unknown.content.decode()


def test_a_reason_opens_the_record_logged_as_break_glass(
    client: Client, poppy, school_user, dpo
) -> None:
    client.force_login(school_user)
    assert "Give the reason" in break_glass(client, poppy, reason="").content.decode()
    assert not BreakGlassGrant.objects.exists()
    response = break_glass(client, poppy)
    assert response.url == reverse("people:detail", args=[poppy.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    assert "emergency access" in page.content.decode()
    assert AccessLog.objects.filter(
        user=school_user, person_id=poppy.pk, purpose="person_page", route="break_glass"
    ).exists()
    grant = BreakGlassGrant.objects.get()
    assert grant.expires_at - grant.granted_at == timedelta(minutes=60)
    event = AuditEvent.objects.get(action="break_glass.grant")
    assert event.details == {
        "person": poppy.pk,
        "reason": "Brought to A&E unconscious",
        "minutes": 60,
    }
    assert event.route == "break_glass"


def test_the_data_protection_lead_is_told_by_email(
    client: Client, poppy, school_user, dpo, django_capture_on_commit_callbacks
) -> None:
    client.force_login(school_user)
    with django_capture_on_commit_callbacks(execute=True):
        break_glass(client, poppy)
    [email] = mail.outbox
    assert email.to == ["dpo@example.org"]
    assert "Brought to A&E unconscious" in email.body
    assert "Poppy" not in email.body


def test_the_grant_ends_after_the_set_time(client: Client, poppy, school_user) -> None:
    access_setting_set(
        key="break_glass.minutes",
        value=15,
        effective_from=date(2020, 1, 1),
        reason="Agreed at the board",
        user=None,
    )
    client.force_login(school_user)
    break_glass(client, poppy)
    grant = BreakGlassGrant.objects.get()
    assert grant.expires_at - grant.granted_at == timedelta(minutes=15)
    url = reverse("people:detail", args=[poppy.pk])
    assert client.get(url).status_code == 200
    BreakGlassGrant.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(url).status_code == 404


def main(response) -> str:
    """The page's own content, without the per-request token in the header's form."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_the_setting_names_what_is_wrong(db: None) -> None:
    with pytest.raises(SettingError, match=r"value: break_glass\.minutes takes a whole number"):
        access_setting_set(
            key="break_glass.minutes",
            value=0,
            effective_from=date(2026, 1, 1),
            reason="x",
            user=None,
        )
    with pytest.raises(SettingError, match=r"key: no access setting 'break_glass\.hours'"):
        access_setting_set(
            key="break_glass.hours",
            value=1,
            effective_from=date(2026, 1, 1),
            reason="x",
            user=None,
        )


def test_break_glass_never_opens_a_restricted_person(
    client: Client, poppy, school_user, data_manager
) -> None:
    restriction_create(person=poppy, reason="Hidden", named_users=[], user=data_manager)
    client.force_login(school_user)
    response = break_glass(client, poppy)
    assert response.status_code == 404
    assert "Poppy" not in response.content.decode()
    assert not BreakGlassGrant.objects.exists()
    refused = AuditEvent.objects.get(action="break_glass.refused")
    assert refused.details == {"person": poppy.pk, "reason": "Brought to A&E unconscious"}
    assert refused.route == "denied"
    unknown = break_glass(client, Person(pk=poppy.pk + 1000))
    assert unknown.status_code == 404
    assert main(unknown).replace(str(poppy.pk + 1000), "N") == main(response).replace(
        str(poppy.pk), "N"
    )


def test_a_user_with_a_route_is_sent_to_the_page(client: Client, poppy, front_door_user) -> None:
    client.force_login(front_door_user)
    response = break_glass(client, poppy)
    assert response.url == reverse("people:detail", args=[poppy.pk])
    assert not BreakGlassGrant.objects.exists()


def test_the_data_protection_lead_reviews_each_grant(
    client: Client, poppy, school_user, dpo
) -> None:
    client.force_login(school_user)
    break_glass(client, poppy)
    grant = BreakGlassGrant.objects.get()
    client.force_login(dpo)
    listing = client.get(reverse("access:break-glass-grants")).content.decode()
    assert "Brought to A&amp;E unconscious" in listing
    assert "Poppy" not in listing
    url = reverse("access:break-glass-review", args=[grant.pk])
    assert "Give your finding" in client.post(url, {"note": ""}).content.decode()
    assert client.post(url, {"note": "Justified: ED called"}).url == reverse(
        "access:break-glass-grants"
    )
    grant.refresh_from_db()
    assert (grant.reviewed_by, grant.review_note) == (dpo, "Justified: ED called")
    assert (
        AuditEvent.objects.filter(action="break_glass.review", route="data_protection").count() == 1
    )


def test_only_the_data_protection_lead_sees_or_reviews_grants(
    client: Client, poppy, school_user, data_manager
) -> None:
    """Insecure direct object reference: a grant's number opens nothing to anyone else."""
    client.force_login(school_user)
    break_glass(client, poppy)
    grant = BreakGlassGrant.objects.get()
    for user in (school_user, data_manager):
        client.force_login(user)
        url = reverse("access:break-glass-review", args=[grant.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"note": "Fine"}).status_code == 403
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_an_unknown_grant_is_not_found(client: Client, dpo) -> None:
    client.force_login(dpo)
    assert client.get(reverse("access:break-glass-review", args=[999])).status_code == 404


def test_the_access_command_sets_and_shows_the_minutes(db: None) -> None:
    out = io.StringIO()
    call_command(
        "access",
        "setting",
        "break_glass.minutes",
        "30",
        "--from",
        "2026-01-01",
        "--reason",
        "Agreed at the board",
        stdout=out,
    )
    call_command("access", "settings", stdout=out)
    assert "break_glass.minutes = 30 today" in out.getvalue()
    assert "2026-01-01\tbreak_glass.minutes = 30\tconsole: Agreed at the board" in out.getvalue()
    with pytest.raises(CommandError, match="takes a whole number of minutes from 1 to 1440"):
        call_command(
            "access",
            "setting",
            "break_glass.minutes",
            "0",
            "--from",
            "2026-01-01",
            "--reason",
            "x",
        )
    with pytest.raises(CommandError, match=r"value: break_glass\.minutes takes .* not 'thirty'"):
        call_command(
            "access",
            "setting",
            "break_glass.minutes",
            "thirty",
            "--from",
            "2026-01-01",
            "--reason",
            "x",
        )
