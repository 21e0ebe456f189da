"""Two subjects of one message are two people (ADR 29): live, in the re-link and for a data
manager."""

import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.linkage.batch import index_relink
from frontdoor.linkage.models import LinkReview
from frontdoor.linkage.services import DecisionError, record_link
from frontdoor.people.models import SourceRecord
from tests.factories import message, raw, subject

HOME = {"line1": "4 Mill Lane", "postcode": "ZZ1 4ML"}


def person_of(source_person_id: str) -> int:
    return SourceRecord.objects.get(source_person_id=source_person_id).person_id


def the_bennetts() -> list[str]:
    """Children's social care names Sophia, a child, and her mother; the police then name the
    mother, as Sophie, without a date of birth, and Sophia with hers."""
    return [
        raw(
            message(
                source="csc",
                kind="referral",
                occurred_at="2016-11-07T10:00:00",
                subjects=[
                    subject(
                        ref="p2",
                        role="child",
                        source_person_id="C-SOPHIA",
                        given_name="Sophia",
                        family_name="Bennett",
                        address=HOME,
                    ),
                    subject(
                        ref="p3",
                        role="parent",
                        source_person_id="C-MUM",
                        given_name="Sopihe",
                        family_name="Bennett",
                        date_of_birth="1984-12-11",
                        address=HOME,
                    ),
                ],
            )
        ),
        raw(
            message(
                occurred_at="2017-01-27T22:00:00",
                subjects=[
                    subject(
                        ref="p1",
                        role="victim",
                        source_person_id="P-MUM",
                        given_name="Sophie",
                        family_name="Bennett",
                        address=HOME,
                    ),
                    subject(
                        ref="p4",
                        role="child",
                        source_person_id="P-SOPHIA",
                        given_name="Sophia",
                        family_name="Bennett",
                        date_of_birth="2012-07-23",
                        address=HOME,
                    ),
                ],
            )
        ),
    ]


def test_a_mother_and_daughter_named_in_one_message_stay_two_people(agencies) -> None:
    """Sophie, without a date of birth, is a short form of the daughter's name and would take
    her person, leaving the daughter apart as a child beside an adult's record; settled best
    claim first, Sophia takes her own person and Sophie is compared with the others."""
    messages_receive(the_bennetts(), channel=Channel.FILE)
    assert person_of("P-SOPHIA") == person_of("C-SOPHIA")
    assert person_of("P-MUM") == person_of("C-MUM")


def test_a_subject_is_never_the_person_another_subject_already_is(agencies) -> None:
    """The police send Sophia again, with her sister Sophie for the first time: a short form
    of her name, and a child too."""
    sophia = {"given_name": "Sophia", "family_name": "Bennett", "address": HOME}
    messages_receive(
        [
            raw(message(subjects=[subject(role="child", source_person_id="P-SOPHIA", **sophia)])),
            raw(
                message(
                    subjects=[
                        subject(ref="a", role="child", source_person_id="P-SOPHIA", **sophia),
                        subject(
                            ref="b",
                            role="child",
                            source_person_id="P-SOPHIE",
                            **{**sophia, "given_name": "Sophie"},
                        ),
                    ]
                )
            ),
        ],
        channel=Channel.FILE,
    )
    assert person_of("P-SOPHIE") != person_of("P-SOPHIA")


def two_lolas() -> list[str]:
    """The police name Lola beside her mother, then Lola again beside another child of the
    same name, with a date of birth: two children, whom nothing else tells apart."""
    mum = subject(
        ref="m", role="parent", source_person_id="P-M", given_name="Kate", family_name="Lane"
    )
    lola = {"role": "child", "given_name": "Lola", "family_name": "Chowdhury", "address": HOME}
    return [
        raw(message(subjects=[mum, subject(ref="c", source_person_id="P-L", **lola)])),
        raw(
            message(
                subjects=[
                    mum,
                    subject(ref="c", source_person_id="P-L", **lola),
                    subject(
                        ref="d",
                        source_person_id="P-L2",
                        **{**lola, "family_name": "Lane-Chowdhury"},
                        date_of_birth="2016-04-17",
                    ),
                ]
            )
        ),
    ]


@override_settings(FRONTDOOR_LINKAGE_LINK_AT=1.1)
def test_the_relink_never_joins_records_one_message_names(agencies) -> None:
    messages_receive(two_lolas(), channel=Channel.FILE)
    with override_settings(FRONTDOOR_LINKAGE_LINK_AT=0.5):
        summary = index_relink(user=None)
    assert person_of("P-L") != person_of("P-L2")
    assert summary.held_apart == 1


@override_settings(FRONTDOOR_LINKAGE_LINK_AT=1.1)
def test_household_context_never_joins_records_one_message_names(agencies) -> None:
    """Both Lolas were recorded beside their mother, alike as household context joins; a pair
    one message names is not offered to a data manager either."""
    messages_receive(two_lolas(), channel=Channel.FILE)
    summary = index_relink(user=None)
    assert summary.joined_beside_the_same_person == 0
    assert person_of("P-L") != person_of("P-L2")
    assert not LinkReview.objects.filter(record__source_person_id__in=["P-L", "P-L2"]).exists()


@override_settings(FRONTDOOR_LINKAGE_LINK_AT=1.1)
def test_a_data_manager_cannot_link_records_one_message_names(agencies, data_manager: User) -> None:
    messages_receive(two_lolas(), channel=Channel.FILE)
    other = SourceRecord.objects.get(source_person_id="P-L")
    with pytest.raises(DecisionError, match="one message names them as two people"):
        record_link(
            SourceRecord.objects.get(source_person_id="P-L2"),
            other.person,
            user=data_manager,
            reason="The same child",
        )
