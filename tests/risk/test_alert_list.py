"""The front door's list of alerts comes a page at a time, however many the rules raised."""

import pytest
from django.test import Client

from frontdoor.audit.models import AccessLog
from frontdoor.risk.alert_selectors import ALERTS_PER_PAGE
from frontdoor.risk.models import Alert
from tests.risk.family import alerts, incident, send


@pytest.fixture
def front_door(client: Client, front_door_user) -> Client:
    client.force_login(front_door_user)
    return client


def test_the_alerts_list_shows_a_page_at_a_time_and_logs_the_read(
    front_door: Client,
) -> None:
    send(incident("2026-11-29T20:00:00", officer_risk="medium"))
    (first,) = alerts("CHILD_REFERRAL_DUE")
    copies = []
    for n in range(ALERTS_PER_PAGE + 4):
        first.pk, first.key = None, f"copy-{n}"
        copies.append(Alert(**{f.attname: getattr(first, f.attname) for f in Alert._meta.fields}))
    Alert.objects.bulk_create(copies)
    total = Alert.objects.count()
    assert total > ALERTS_PER_PAGE

    page = front_door.get("/alerts/").content.decode()
    assert f"{total} alerts; 1 to {ALERTS_PER_PAGE} shown." in page
    assert page.count('href="/alerts/') >= ALERTS_PER_PAGE
    assert 'rel="next"' in page
    last = front_door.get("/alerts/?page=2").content.decode()
    assert f"{ALERTS_PER_PAGE + 1} to {total} shown." in last
    assert 'rel="prev"' in last
    assert AccessLog.objects.filter(purpose="alerts_list").exists()
