"""A person whose records were all found to be of someone else: their old address leads on."""

import io
import json

from django.core.management import call_command
from django.test import Client, override_settings

from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.linkage.models import LinkReview, ReviewStatus
from frontdoor.linkage.services import record_link, record_split
from frontdoor.people.models import Person, SourceRecord
from frontdoor.people.selectors import persons_now_holding_records_of
from tests.factories import message, raw, subject

AMY = {"given_name": "Amy", "family_name": "Stone", "date_of_birth": "1990-04-02"}


def amy(agencies) -> dict[str, Person]:
    """Amy as the police know her (two records) and as her GP does, each record its own person:
    loaded while the matcher linked no one."""
    with override_settings(FRONTDOOR_LINKAGE_LINK_AT=1.1, FRONTDOOR_LINKAGE_REVIEW_AT=1.1):
        messages_receive(
            [
                raw(message(message_id="p1", subjects=[subject(source_person_id="P1", **AMY)])),
                raw(message(message_id="p2", subjects=[subject(source_person_id="P2", **AMY)])),
                raw(message(source="gp-f84001", subjects=[subject(source_person_id="G1", **AMY)])),
            ],
            channel=Channel.FILE,
        )
    return {r.source_person_id: r.person for r in SourceRecord.objects.select_related("person")}


def test_the_page_of_a_person_whose_records_moved_goes_to_where_they_are(
    client: Client, agencies, data_manager
) -> None:
    people = amy(agencies)
    police, gp = people["P1"], people["G1"]
    record_link(gp.records.get(), police, user=data_manager, reason="Same woman")
    assert persons_now_holding_records_of(gp.pk) == [police.pk]
    assert persons_now_holding_records_of(police.pk) == []
    client.force_login(data_manager)
    response = client.get(f"/people/{gp.pk}/", follow=True)
    assert response.redirect_chain == [(f"/people/{police.pk}/", 302)]
    assert f"Person {gp.pk}&#x27;s records were found to be of person {police.pk}" in (
        response.content.decode()
    )


def test_a_person_whose_records_went_to_several_people_lists_them(
    client: Client, agencies, data_manager
) -> None:
    people = amy(agencies)
    police, gp = people["P1"], people["G1"]
    record_link(people["P2"].records.get(), police, user=data_manager, reason="Same woman")
    sister = record_split(
        SourceRecord.objects.get(source_person_id="P2"), user=data_manager, reason="Her sister"
    )
    record_link(police.records.get(), gp, user=data_manager, reason="Same woman")
    assert persons_now_holding_records_of(police.pk) == sorted([gp.pk, sister.pk])
    client.force_login(data_manager)
    page = client.get(f"/people/{police.pk}/").content.decode()
    assert f"Person {police.pk}'s records have moved" in page
    assert f'href="/people/{gp.pk}/"' in page
    assert f'href="/people/{sister.pk}/"' in page


def test_a_person_with_no_records_left_is_not_listed(agencies, data_manager) -> None:
    people = amy(agencies)
    police, gp = people["P1"], people["G1"]
    record_link(gp.records.get(), police, user=data_manager, reason="Same woman")
    out = io.StringIO()
    call_command("persons", "--json", stdout=out)
    listed = [person["id"] for person in json.loads(out.getvalue())]
    assert listed == sorted([police.pk, people["P2"].pk])


def test_a_review_suggesting_a_person_whose_records_moved_suggests_where_they_went(
    agencies, data_manager
) -> None:
    people = amy(agencies)
    police, gp = people["P1"], people["G1"]
    review = LinkReview.objects.create(record=people["P2"].records.get(), suggested=gp, score=0.9)
    record_link(gp.records.get(), police, user=data_manager, reason="Same woman")
    review.refresh_from_db()
    assert (review.suggested, review.status) == (police, ReviewStatus.OPEN)
