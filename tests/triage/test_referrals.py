"""Referrals: the form any agency user can fill in, the reference, the receipt, and the status."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client

from frontdoor.chronology.models import Participant
from frontdoor.intake.models import Channel, InboxMessage
from frontdoor.intake.services import message_correct, messages_receive
from frontdoor.triage.models import Referral
from frontdoor.triage.references import referral_reference
from tests.factories import message, raw, subject

FORM = {
    "child_given_name": "Poppy",
    "child_family_name": "Whitfield",
    "child_date_of_birth_day": "9",
    "child_date_of_birth_month": "9",
    "child_date_of_birth_year": "2019",
    "address_line1": "1 Elm Road",
    "town": "Synthtown",
    "postcode": "ZZ1 1AA",
    "adult_given_name": "Katherine",
    "adult_family_name": "Whitfield",
    "adult_role": "victim",
    "concerns": ["domestic_abuse"],
    "reason": "Poppy told her teacher that daddy hurt mummy last night.",
    "urgent": "no",
    "referrer_phone": "020 7946 0001",
}


@pytest.fixture
def signed_in(client: Client, school_user) -> Client:
    client.force_login(school_user)
    return client


def test_a_referral_from_the_form_goes_through_intake(signed_in: Client, school_user) -> None:
    response = signed_in.post("/referrals/new/", FORM)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.reference}/"
    stored = InboxMessage.objects.get()
    assert (stored.channel, stored.received_by, stored.source) == (
        "form",
        school_user,
        "school-105899",
    )
    assert referral.submitted_by == school_user
    assert referral.referrer["phone"] == "020 7946 0001"
    roles = sorted(Participant.objects.values_list("role", flat=True))
    assert roles == ["child", "victim"]
    page = signed_in.get(response["Location"]).content.decode()
    assert referral.reference in page
    assert "Download your receipt" in page


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"child_given_name": ""}, "Enter the child&#x27;s given name"),
        (
            {"child_date_of_birth_day": "31", "child_date_of_birth_month": "2"},
            "Child&#x27;s date of birth must be a real date: &#x27;31 2 2019&#x27; is not one",
        ),
        (
            {"referrer_phone": "abc"},
            "Your phone number must be a UK phone number, like 020 7946 0000, or start with + "
            "and the country&#x27;s code: &#x27;abc&#x27; is not one",
        ),
        (
            {"postcode": "ZZZZ"},
            "Postcode must be a UK postcode, like SW1A 1AA: &#x27;ZZZZ&#x27; is not one",
        ),
        (
            {"postcode": "ZZ1 1AA ZZ1 1AA"},
            "Postcode must be a UK postcode, like SW1A 1AA: &#x27;ZZ1 1AA ZZ1 1AA&#x27; is not",
        ),
        (
            {"child_nhs_number": "999 014 7778"},
            "Child&#x27;s NHS number &#x27;999 014 7778&#x27; is not a real NHS number: its last "
            "digit does not match the others",
        ),
        (
            {"child_nhs_number": "943 476 591"},
            "Child&#x27;s NHS number must be 10 digits, like 943 476 5919: &#x27;943 476 591&#x27;",
        ),
        ({"child_date_of_birth_year": "2099"}, "must be today or in the past"),
        ({"child_date_of_birth_month": ""}, "must include a month"),
        ({"adult_family_name": ""}, "Enter both the parent or carer"),
    ],
)
def test_form_errors_name_the_field_and_the_value(
    signed_in: Client, change: dict, error: str
) -> None:
    response = signed_in.post("/referrals/new/", {**FORM, **change})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not InboxMessage.objects.exists()


def test_the_receipt_is_a_pdf_with_the_reference(signed_in: Client) -> None:
    signed_in.post("/referrals/new/", FORM)
    referral = Referral.objects.get()
    response = signed_in.get(f"/referrals/{referral.reference}/receipt.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"referral-{referral.reference}.pdf" in response["Content-Disposition"]


def test_my_referrals_lists_them_with_their_status(signed_in: Client) -> None:
    signed_in.post("/referrals/new/", FORM)
    page = signed_in.get("/referrals/").content.decode()
    assert Referral.objects.get().reference in page
    assert "Received: awaiting a front-door decision" in page


def test_another_agency_cannot_open_the_referral(
    client: Client, signed_in: Client, gp_user
) -> None:
    signed_in.post("/referrals/new/", FORM)
    reference = Referral.objects.get().reference
    client.force_login(gp_user)
    assert client.get(f"/referrals/{reference}/").status_code == 404
    assert client.get(f"/referrals/{reference}/receipt.pdf").status_code == 404


def test_the_front_door_can_open_any_referral(
    client: Client, signed_in: Client, front_door_user
) -> None:
    signed_in.post("/referrals/new/", FORM)
    client.force_login(front_door_user)
    assert client.get(f"/referrals/{Referral.objects.get().reference}/").status_code == 200


def test_references_are_stable_and_readable_aloud() -> None:
    reference = referral_reference("police", "m-1")
    assert reference == referral_reference("police", "m-1")
    assert reference != referral_reference("police", "m-2")
    assert len(reference) == 14
    assert reference.startswith("FD-")
    assert not set(reference[3:]) & set("ILOU")


def test_the_receipt_command_writes_the_pdf(signed_in: Client, tmp_path) -> None:
    signed_in.post("/referrals/new/", FORM)
    reference = Referral.objects.get().reference
    out = tmp_path / "receipt.pdf"
    call_command("referrals", "receipt", reference.lower(), "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_a_corrected_referral_keeps_its_first_time_and_referrer(school_user, data_manager) -> None:
    bad = message(
        source="school-105899", kind="referral", subjects=[subject(date_of_birth="2019-02-31")]
    )
    messages_receive([raw(bad)], channel=Channel.FORM, received_by=school_user)
    first = InboxMessage.objects.get()
    fixed = json.loads(first.raw)
    fixed["subjects"][0]["date_of_birth"] = "2019-02-28"
    with mock.patch(
        "django.utils.timezone.now", return_value=first.received_at + timedelta(hours=3)
    ):
        message_correct(first, json.dumps(fixed), corrected_by=data_manager, sender=None)
    referral = Referral.objects.get()
    assert referral.received_at == first.received_at
    assert referral.submitted_by == school_user


def test_the_form_sends_what_was_typed_in_its_usual_written_form(signed_in: Client) -> None:
    typed = {
        "postcode": "zz11aa",
        "referrer_phone": "+44 20 7946 0001",
        "child_nhs_number": "9434765919",
    }
    assert signed_in.post("/referrals/new/", {**FORM, **typed}).status_code == 302
    referral = Referral.objects.get()
    assert referral.referrer["phone"] == "020 7946 0001"
    child = json.loads(InboxMessage.objects.get().raw)["subjects"][0]
    assert (child["address"]["postcode"], child["nhs_number"]) == ("ZZ1 1AA", "9434765919")
