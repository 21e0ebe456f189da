"""People keep their ids through `frontdoor rebuild`, so a page's address, the audit trail of who
looked at whom and anything else naming a person still name the same person afterwards."""

import pytest

from frontdoor.intake.services import inbox_rebuild
from frontdoor.people.models import FormerId, Person, SourceRecord
from tests.risk.family import send
from tests.risk.test_scenario import the_year

pytestmark = pytest.mark.django_db


def people_by_record() -> dict[tuple[str, str], int]:
    return {
        (record.agency.code, str(record.source_person_id)): record.person_id
        for record in SourceRecord.objects.select_related("agency")
    }


def test_a_rebuild_gives_each_person_back_their_id(agencies) -> None:
    send(*the_year())
    before = people_by_record()
    assert len(set(before.values())) == 3
    inbox_rebuild()
    assert people_by_record() == before
    assert set(Person.objects.values_list("pk", flat=True)) == set(before.values())
    assert not FormerId.objects.exists()


def test_ids_hold_through_rebuilds_one_after_another_and_new_people_get_new_ids(
    agencies,
) -> None:
    first, *rest = the_year()
    send(first)
    before = people_by_record()
    inbox_rebuild()
    inbox_rebuild()
    assert people_by_record() == before
    send(*rest)
    newcomers = set(people_by_record().values()) - set(before.values())
    assert all(pk > max(before.values()) for pk in newcomers)
