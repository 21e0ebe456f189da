"""Re-linking the whole index in one pass, and the `frontdoor linkage` command."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings

from frontdoor.audit.models import AuditEvent
from frontdoor.chronology.models import Participant
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.linkage.batch import index_relink, pairs_scored
from frontdoor.linkage.comparisons import features_of
from frontdoor.linkage.models import LinkReview, ReviewStatus
from frontdoor.linkage.training import TrainingRecord
from frontdoor.linkage.weights import UNTRAINED
from frontdoor.people.models import LinkDecision, LinkMethod, Person, SourceRecord
from frontdoor.people.normalise import phonetic_key
from tests.factories import message, raw, subject

HOME = {"line1": "1 Elm Road", "postcode": "ZZ1 1AA"}
AMY = {"given_name": "Amy", "family_name": "Stone", "date_of_birth": "1990-04-02", "address": HOME}
TWIN = {"family_name": "Hart", "date_of_birth": "2015-03-04", "address": HOME, "role": "child"}


@pytest.fixture
def unlinked(agencies) -> None:
    """Amy from three agencies, and twins, loaded while the matcher linked no one."""
    with override_settings(FRONTDOOR_LINKAGE_LINK_AT=1.1, FRONTDOOR_LINKAGE_REVIEW_AT=1.1):
        messages_receive(
            [
                raw(message(subjects=[subject(source_person_id="P1", **AMY)])),
                raw(message(source="gp-f84001", subjects=[subject(source_person_id="G1", **AMY)])),
                raw(
                    message(
                        source="school-105899",
                        subjects=[subject(source_person_id="S1", **{**AMY, "given_name": "Amie"})],
                    )
                ),
                raw(message(subjects=[subject(source_person_id="T1", given_name="Ava", **TWIN)])),
                raw(message(subjects=[subject(source_person_id="T2", given_name="Isla", **TWIN)])),
            ],
            channel=Channel.FILE,
        )
    assert Person.objects.count() == 5


@pytest.mark.usefixtures("unlinked")
def test_relinking_joins_one_persons_records_and_keeps_twins_apart() -> None:
    summary = index_relink(user=None)
    amy = SourceRecord.objects.get(source_person_id="P1").person
    assert {r.source_person_id for r in amy.records.all()} == {"P1", "G1", "S1"}
    assert Participant.objects.filter(person=amy).count() == 3
    twins = {SourceRecord.objects.get(source_person_id=t).person_id for t in ("T1", "T2")}
    assert len(twins) == 2
    assert (summary.joined, summary.held_apart, summary.model_version) == (2, 1, 0)
    assert LinkDecision.objects.filter(method=LinkMethod.PROBABILISTIC).count() == 2


@pytest.mark.usefixtures("unlinked")
def test_a_review_suggesting_a_person_the_relink_emptied_suggests_where_they_went() -> None:
    gp, school = (SourceRecord.objects.get(source_person_id=i) for i in ("G1", "S1"))
    twin = SourceRecord.objects.get(source_person_id="T1")
    asks_of_gp = LinkReview.objects.create(record=twin, suggested=gp.person, score=0.5)
    settled = LinkReview.objects.create(record=school, suggested=gp.person, score=0.9)
    index_relink(user=None)
    amy = SourceRecord.objects.get(source_person_id="P1").person
    asks_of_gp.refresh_from_db()
    settled.refresh_from_db()
    assert not gp.person.records.exists()
    assert (asks_of_gp.suggested, asks_of_gp.status) == (amy, ReviewStatus.OPEN)
    assert (settled.suggested, settled.status) == (amy, ReviewStatus.LINKED)


def test_relinking_an_empty_index_does_nothing(agencies) -> None:
    assert index_relink(user=None).records == 0


@pytest.mark.usefixtures("unlinked")
def test_relinking_again_changes_nothing() -> None:
    index_relink(user=None)
    people = dict(SourceRecord.objects.values_list("pk", "person_id"))
    assert index_relink(user=None).joined == 0
    assert dict(SourceRecord.objects.values_list("pk", "person_id")) == people


@pytest.mark.usefixtures("unlinked")
def test_the_command_trains_relinks_and_shows_the_model() -> None:
    out = io.StringIO()
    call_command("linkage", "relink", stdout=out)
    assert "2 records joined to another person" in out.getvalue()
    assert AuditEvent.objects.filter(action="linkage.relink").exists()
    call_command("linkage", "model", stdout=out)
    assert "the same valid NHS number" in out.getvalue()


MUM = {"given_name": "Kate", "family_name": "Lane", "date_of_birth": "1985-06-01"}


def a_child_with_mum(
    source: str, child: dict, mum_id: str, child_id: str, occurred_at: str = "2026-03-01T21:30"
) -> str:
    return raw(
        message(
            source=source,
            occurred_at=occurred_at,
            subjects=[
                subject(ref="m", source_person_id=mum_id, nhs_number="9434765919", **MUM),
                subject(ref="c", role="child", source_person_id=child_id, **child),
            ],
            relationships=[{"from": "m", "to": "c", "type": "parent"}],
        )
    )


@override_settings(FRONTDOOR_LINKAGE_REVIEW_AT=0.001)
def test_a_possible_match_recorded_beside_the_same_person_is_one_child(agencies) -> None:
    """The police know Frankie by his father's surname at one address, the school by his
    mother's at another: the same given name and date of birth, both beside the same mother."""
    frankie = {"given_name": "Frankie", "date_of_birth": "2016-02-07"}
    messages_receive(
        [
            a_child_with_mum(
                "police", {**frankie, "family_name": "Martin", "address": HOME}, "P-M", "P-F"
            ),
            a_child_with_mum(
                "school-105899",
                {**frankie, "family_name": "Lane", "address": {"postcode": "ZZ9 9ZZ"}},
                "S-M",
                "S-F",
            ),
        ],
        channel=Channel.FILE,
    )
    children = {SourceRecord.objects.get(source_person_id=s).person_id for s in ("P-F", "S-F")}
    assert len(children) == 2
    summary = index_relink(user=None)
    assert summary.joined_beside_the_same_person == 1
    assert SourceRecord.objects.get(source_person_id="P-F").person_id == (
        SourceRecord.objects.get(source_person_id="S-F").person_id
    )
    moved = LinkDecision.objects.filter(method=LinkMethod.PROBABILISTIC).latest("pk")
    assert "beside the same person" in moved.explanation["batch"]


@override_settings(FRONTDOOR_LINKAGE_REVIEW_AT=0.001)
def test_two_children_beside_the_same_mother_with_other_names_stay_apart(agencies) -> None:
    messages_receive(
        [
            a_child_with_mum(
                "police",
                {"given_name": "Frankie", "family_name": "Lane", "date_of_birth": "2016-02-07"},
                "P-M",
                "P-F",
            ),
            a_child_with_mum(
                "school-105899",
                {"given_name": "Robin", "family_name": "Lane", "date_of_birth": "2016-02-07"},
                "S-M",
                "S-R",
            ),
        ],
        channel=Channel.FILE,
    )
    assert index_relink(user=None).joined_beside_the_same_person == 0
    assert SourceRecord.objects.get(source_person_id="P-F").person_id != (
        SourceRecord.objects.get(source_person_id="S-R").person_id
    )


def person_of(source_person_id: str) -> int:
    return SourceRecord.objects.get(source_person_id=source_person_id).person_id


def test_a_child_without_a_date_of_birth_beside_the_same_mother_is_one_child(agencies) -> None:
    """Housing knows Lola by name only; the school knows her date of birth and a new address."""
    messages_receive(
        [
            a_child_with_mum(
                "police",
                {"given_name": "Lola", "family_name": "Chowdhury", "address": HOME},
                "P-M",
                "P-L",
            ),
            a_child_with_mum(
                "school-105899",
                {
                    "given_name": "Lola",
                    "family_name": "Lane-Chowdhury",
                    "date_of_birth": "2016-04-17",
                    "address": {"postcode": "ZZ9 9ZZ"},
                },
                "S-M",
                "S-L",
            ),
        ],
        channel=Channel.FILE,
    )
    assert person_of("P-L") != person_of("S-L")
    assert index_relink(user=None).joined_beside_the_same_person == 1
    assert person_of("P-L") == person_of("S-L")


def test_an_unborn_childs_record_joins_the_child_born_when_due(agencies) -> None:
    messages_receive(
        [
            a_child_with_mum(
                "csc",
                {"given_name": "Unborn", "family_name": "Lane", "due_date": "2026-04-08"},
                "W-M",
                "W-U",
            ),
            a_child_with_mum(
                "gp-f84001",
                {"given_name": "Niamh", "family_name": "Barnes", "date_of_birth": "2026-04-09"},
                "G-M",
                "G-N",
                occurred_at="2026-05-01T10:00",
            ),
        ],
        channel=Channel.FILE,
    )
    assert index_relink(user=None).joined_beside_the_same_person == 1
    assert person_of("W-U") == person_of("G-N")


def test_an_unborn_childs_record_stays_apart_from_twins_born_when_due(agencies) -> None:
    """Either twin could be the child the midwife recorded: neither is chosen."""
    twins = [
        {"given_name": name, "family_name": "Lane", "date_of_birth": "2026-04-09"}
        for name in ("Ava", "Isla")
    ]
    messages_receive(
        [
            a_child_with_mum(
                "csc",
                {"given_name": "Baby", "family_name": "Lane", "due_date": "2026-04-08"},
                "W-M",
                "W-U",
            ),
            *(
                a_child_with_mum(
                    "gp-f84001", twin, "G-M", f"G-{twin['given_name']}", "2026-05-01T10:00"
                )
                for twin in twins
            ),
        ],
        channel=Channel.FILE,
    )
    assert index_relink(user=None).joined_beside_the_same_person == 0
    assert len({person_of(s) for s in ("W-U", "G-Ava", "G-Isla")}) == 3


def test_a_child_without_a_date_of_birth_and_no_surname_in_common_stays_apart(agencies) -> None:
    messages_receive(
        [
            a_child_with_mum(
                "police", {"given_name": "Lola", "family_name": "Martin"}, "P-M", "P-L"
            ),
            a_child_with_mum(
                "school-105899",
                {"given_name": "Lola", "family_name": "Lane", "date_of_birth": "2016-04-17"},
                "S-M",
                "S-L",
            ),
        ],
        channel=Channel.FILE,
    )
    assert index_relink(user=None).joined_beside_the_same_person == 0
    assert person_of("P-L") != person_of("S-L")


def test_a_father_without_a_date_of_birth_stays_apart_from_his_son_of_the_same_name(
    agencies,
) -> None:
    """Both beside the mother: the police record the father with no date of birth, the school
    the son with his."""
    messages_receive(
        [
            a_child_with_mum(
                "school-105899",
                {"given_name": "John", "family_name": "Lane", "date_of_birth": "2016-04-17"},
                "S-M",
                "S-J",
            ),
            raw(
                message(
                    subjects=[
                        subject(ref="m", source_person_id="P-M", nhs_number="9434765919", **MUM),
                        subject(
                            ref="f",
                            role="alleged_perpetrator",
                            source_person_id="P-J",
                            given_name="John",
                            family_name="Lane",
                        ),
                    ],
                )
            ),
        ],
        channel=Channel.FILE,
    )
    assert index_relink(user=None).joined_beside_the_same_person == 0
    assert person_of("S-J") != person_of("P-J")


def test_sisters_one_recorded_by_a_short_form_without_a_date_of_birth_stay_apart(
    agencies,
) -> None:
    """Isabella's date of birth is known; the police recorded her sister as Izzy, with none."""
    messages_receive(
        [
            a_child_with_mum(
                "school-105899",
                {"given_name": "Isabella", "family_name": "Lane", "date_of_birth": "2017-11-16"},
                "S-M",
                "S-I",
            ),
            a_child_with_mum("police", {"given_name": "Izzy", "family_name": "Lane"}, "P-M", "P-I"),
        ],
        channel=Channel.FILE,
    )
    assert index_relink(user=None).joined_beside_the_same_person == 0
    assert person_of("S-I") != person_of("P-I")


def test_a_son_stays_apart_from_his_father_recorded_only_in_an_adults_part(agencies) -> None:
    """No record gives the father a date of birth; the police recorded him as the alleged
    perpetrator, and a GP record of the same name says nothing of his age."""
    john = {"given_name": "John", "family_name": "Lane", "address": HOME}
    with override_settings(FRONTDOOR_LINKAGE_LINK_AT=1.1, FRONTDOOR_LINKAGE_REVIEW_AT=1.1):
        messages_receive(
            [
                raw(
                    message(
                        subjects=[
                            subject(role="alleged_perpetrator", source_person_id="P-J", **john)
                        ]
                    )
                ),
                raw(
                    message(
                        source="gp-f84001",
                        kind="attendance",
                        subjects=[subject(role="subject", source_person_id="G-J", **john)],
                    )
                ),
                raw(
                    message(
                        source="school-105899",
                        kind="contact",
                        subjects=[
                            subject(
                                role="child",
                                source_person_id="S-J",
                                date_of_birth="2016-04-17",
                                **john,
                            )
                        ],
                    )
                ),
            ],
            channel=Channel.FILE,
        )
    summary = index_relink(user=None)
    assert person_of("P-J") != person_of("S-J")
    assert summary.held_apart >= 1


def _training_record(unique_id: int, given: str, family: str, born: str, postcode: str):
    features = features_of(
        given_name=given,
        family_name=family,
        date_of_birth=date.fromisoformat(born) if born else None,
        postcode=postcode,
        sex="",
        nhs_number="",
    )
    return TrainingRecord(unique_id, phonetic_key(given), phonetic_key(family), features)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        # Names entered the other way round, and the postcode mistyped: no key of the live
        # matcher's in common.
        (("Lucinda", "Burrill", "1947-12-11", "ZZ1 1AB"), ("Burrill", "Lucinda", "", "ZZ1 1BA")),
        # The surname mistyped past its sound, and no date of birth on one side.
        (("Shaun", "Chowdhury", "1987-08-25", "ZZ6 3TF"), ("Shaun", "Chwodhury", "", "ZZ6 3TF")),
    ],
)
def test_the_batch_job_scores_pairs_the_live_matchers_keys_miss(left, right) -> None:
    records = [_training_record(1, *left), _training_record(2, *right)]
    assert [(p.left, p.right) for p in pairs_scored(records, UNTRAINED, 0.0)] == [(1, 2)]
