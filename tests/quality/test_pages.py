"""The dip-sample pages: a manager draws and assigns; a reviewer completes the audit form."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from frontdoor.audit.models import AccessLog
from frontdoor.quality.models import DipReview, DipSample

from .conftest import Family

pytestmark = pytest.mark.django_db


@pytest.fixture
def incidents(agencies: dict, families: list[Family]) -> list[str]:
    return [f.incident("2026-03-04T20:00:00", station="Northgate") for f in families[:3]]


def test_a_manager_draws_a_week_and_assigns_it_in_turn(
    client: Client, incidents: list[str], lead: User, reviewers: list[User]
) -> None:
    client.force_login(lead)
    page = client.post("/quality/", {"week": "2026-W10", "seed": "12"}, follow=True)
    assert page.redirect_chain[-1][0] == "/quality/samples/2026-W10/"
    assert "2026-W10 drawn with seed 12" in page.content.decode()
    assert "3 incidents in 1 stratum; 2 drawn from each" in page.content.decode()
    again = client.post("/quality/", {"week": "2026-W10", "seed": "13"})
    assert "was drawn with seed 12" in again.content.decode()
    client.post("/quality/samples/2026-W10/", {"reviewers": [r.pk for r in reviewers]}, follow=True)
    assert sorted(DipReview.objects.values_list("reviewer__username", flat=True)) == [
        "qa.reviewer1",
        "qa.reviewer2",
    ]
    download = client.get("/quality/samples/2026-W10/?format=csv")
    assert download["Content-Type"] == "text/csv"
    assert download.content.decode().count("Northgate (Borough Police)") == 2


def test_bad_weeks_are_named_on_the_page(client: Client, lead: User) -> None:
    client.force_login(lead)
    page = client.post("/quality/", {"week": "next week", "seed": "x"}).content.decode()
    assert "Enter the week as a year, -W and a week number, like 2026-W47" in page
    assert "Enter the seed as a whole number" in page
    page = client.post("/quality/", {"week": "2099-W02"}).content.decode()
    assert "2099-W02 has not ended yet" in page
    assert not DipSample.objects.exists()


def test_the_reviewer_sees_the_incident_and_completes_the_form(
    client: Client, incidents: list[str], lead: User, reviewers: list[User]
) -> None:
    client.force_login(lead)
    client.post("/quality/", {"week": "2026-W10", "seed": "12"})
    client.post("/quality/samples/2026-W10/", {"reviewers": [reviewers[0].pk]})
    review = DipReview.objects.order_by("pk").first()
    assert review is not None
    client.force_login(reviewers[1])
    assert client.get(f"/quality/reviews/{review.pk}/").status_code == 403
    client.force_login(reviewers[0])
    listing = client.get("/quality/reviews/").content.decode()
    assert review.message_id in listing
    before = AccessLog.objects.filter(purpose="dip_sample_review").count()
    page = client.get(f"/quality/reviews/{review.pk}/").content.decode()
    assert "People in the incident" in page
    assert AccessLog.objects.filter(purpose="dip_sample_review").count() == before + 3
    form = {
        "risk_right": "no",
        "child_seen_heard": "yes",
        "history_considered": "partly",
        "information_shared": "yes",
        "result": "requires_improvement",
    }
    page = client.post(f"/quality/reviews/{review.pk}/", form).content.decode()
    assert "say why the answer is no" in page
    form |= {"risk_right_notes": "Third call-out", "history_considered_notes": "PNC only"}
    page = client.post(f"/quality/reviews/{review.pk}/", form, follow=True).content.decode()
    assert "Review completed" in page
    review.refresh_from_db()
    assert review.result == "requires_improvement"
    assert review.history_considered_notes == "PNC only"


def test_a_manager_gives_one_review_to_a_chosen_reviewer(
    client: Client, incidents: list[str], lead: User, reviewers: list[User]
) -> None:
    client.force_login(lead)
    client.post("/quality/", {"week": "2026-W10", "seed": "12"})
    review = DipReview.objects.order_by("pk").first()
    assert review is not None
    client.post(f"/quality/reviews/{review.pk}/", {"reviewer": reviewers[1].pk})
    review.refresh_from_db()
    assert review.reviewer == reviewers[1]
