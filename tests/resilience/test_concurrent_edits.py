"""Two people changing one record: the second never silently overwrites the first.

Each page that changes a record in place sends back the version it showed
(`frontdoor.concurrency`). Here one person opens the page, someone else changes the record, and
the first person's answer is refused with a message saying so; the page shows the record as it
is now and keeps what they typed, and sending again then works where the change still applies.
"""

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontdoor.access.models import Agency, Role
from frontdoor.linkage.models import LinkReview, ReviewStatus
from frontdoor.linkage.services import review_link, review_undo
from frontdoor.marac.models import Action, MaracReferral, Meeting
from frontdoor.marac.services import action_add, action_complete
from frontdoor.quality.models import ActionStatus, CaseAudit
from frontdoor.quality.services import action_add as audit_action_add
from frontdoor.quality.services import action_cancel, finding_record
from frontdoor.triage.models import AgencyCheck, Decision, DecisionOutcome, Referral, SignOff
from frontdoor.triage.services import checks_request, decision_record, decision_sign_off
from frontdoor.triage.submissions import check_answer_submit
from tests.factories import StaffFactory
from tests.forms import VERSION, seen_version
from tests.linkage.test_review_queue import review  # noqa: F401  (a fixture)
from tests.marac.conftest import refer as marac_refer
from tests.triage.test_front_door import refer

CONFLICT = "after you opened the page"


def _refused(response: object, *, kept: str) -> str:
    """The page answering a stale form: the conflict said, the user's words kept (where the
    record can still take them); the latest version, for sending again."""
    page = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "There is a problem" in page
    assert CONFLICT in page
    assert kept in page
    found = VERSION.search(page)
    assert found
    return found.group(1)


@pytest.fixture
def probation_officer(agencies: dict[str, Agency]) -> User:
    return StaffFactory(user__username="probation.officer", agency=agencies["probation"]).user


@pytest.fixture
def managers(agencies: dict[str, Agency]) -> tuple[User, User]:
    return tuple(  # type: ignore[return-value]
        StaffFactory(
            user__username=f"fd.manager{n}", agency=agencies["csc"], front_door=True, role=role
        ).user
        for n, role in ((1, Role.MANAGER), (2, Role.MANAGER))
    )


def _decided(referral: Referral, user: User) -> Decision:
    return decision_record(
        referral=referral,
        user=user,
        outcome=DecisionOutcome.CHILD_IN_NEED,
        rationale="Perpetrator back in the home.",
        rested_on="Probation's referral.",
        no_health_answer_reason="GP closed for training.",
    )


def test_a_decision_on_a_referral_changed_since_is_refused(
    client: Client,
    agencies: dict[str, Agency],
    probation_officer: User,
    front_door_user: User,
    managers: tuple[User, User],
) -> None:
    referral = refer(probation_officer)
    url = reverse("triage:decide", args=[referral.reference])
    client.force_login(front_door_user)
    seen = seen_version(client, url)
    # Meanwhile a colleague decides, and a manager sends the decision back with a note.
    colleague = StaffFactory(
        user__username="fd.colleague", agency=agencies["csc"], front_door=True
    ).user
    returned = _decided(referral, colleague)
    decision_sign_off(decision=returned, user=managers[0], agree=False, note="Ask health first")

    answer = {
        "outcome": DecisionOutcome.NO_FURTHER_ACTION,
        "rationale": "Nothing more to do.",
        "rested_on": "The referral alone.",
        "no_health_answer_reason": "No time.",
    }
    latest = _refused(client.post(url, answer | {"version": seen}), kept="Nothing more to do.")
    assert list(Decision.objects.values_list("pk", flat=True)) == [returned.pk]
    assert client.post(url, answer | {"version": latest}).status_code == 302
    assert Decision.objects.count() == 2


def test_a_sign_off_of_a_decision_changed_since_is_refused(
    client: Client, probation_officer: User, front_door_user: User, managers: tuple[User, User]
) -> None:
    decision = _decided(refer(probation_officer), front_door_user)
    url = reverse("triage:sign-off", args=[decision.pk])
    client.force_login(managers[0])
    seen = seen_version(client, url)
    decision_sign_off(decision=decision, user=managers[1], agree=False, note="Ask health first")

    page = client.post(url, {"agree": "yes", "note": "Fine by me", "version": seen})
    assert CONFLICT in page.content.decode()
    decision.refresh_from_db()
    assert (decision.sign_off, decision.signed_off_by) == (SignOff.RETURNED, managers[1])


def test_an_answer_to_a_check_answered_since_is_refused(
    client: Client,
    agencies: dict[str, Agency],
    probation_officer: User,
    front_door_user: User,
    gp_user: User,
) -> None:
    (check,) = checks_request(
        referral=refer(probation_officer),
        agencies=[agencies["gp"]],
        question="Anything?",
        user=front_door_user,
    )
    url = reverse("triage:check", args=[check.pk])
    client.force_login(gp_user)
    seen = seen_version(client, url)
    colleague = StaffFactory(user__username="gp.partner", agency=agencies["gp"]).user
    check_answer_submit(check=check, user=colleague, holds=True, answer="Missed immunisations.")

    answer = {"holds": "no", "answer": "", "version": seen}
    page = client.post(url, answer)
    assert CONFLICT in page.content.decode()
    check.refresh_from_db()
    assert (check.answered_by, check.answer) == (colleague, "Missed immunisations.")
    assert AgencyCheck.objects.get().holds is True


def test_a_link_decision_on_a_review_decided_and_undone_since_is_refused(
    client: Client,
    data_manager: User,
    agencies: dict[str, Agency],
    review: LinkReview,  # noqa: F811
) -> None:
    url = reverse("linkage:review", args=[review.pk])
    client.force_login(data_manager)
    seen = seen_version(client, url)
    colleague = StaffFactory(
        user__username="fd.data2", agency=agencies["csc"], front_door=True, role=Role.DATA_MANAGER
    ).user
    review_link(review, user=colleague, reason="Same NHS number.")
    review_undo(review, user=colleague, reason="Linked in error.")

    answer = {"decision": "keep_apart", "reason": "Different women.", "version": seen}
    latest = _refused(client.post(url, answer), kept="Different women.")
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN
    assert client.post(url, answer | {"version": latest}).status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.KEPT_APART


def test_an_undo_of_a_review_decided_since_is_not_taken_for_a_decision(
    client: Client,
    data_manager: User,
    review: LinkReview,  # noqa: F811
) -> None:
    """Opened while the match was open, sent after someone decided it: the page now offers an
    undo, and without the version the decision sent would have been read as one."""
    url = reverse("linkage:review", args=[review.pk])
    client.force_login(data_manager)
    seen = seen_version(client, url)
    review_link(review, user=data_manager, reason="Same NHS number.")

    _refused(
        client.post(url, {"decision": "keep_apart", "reason": "Not her.", "version": seen}),
        kept="Not her.",
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.LINKED


@pytest.fixture
def action(
    agencies: dict[str, Agency], idva: Agency, coordinator: User, police_user: User
) -> Action:
    marac_refer("2026-01-10T10:00:00")
    meeting = Meeting.objects.create(date=timezone.localdate(), scheduled_by=coordinator)
    return action_add(
        user=coordinator,
        meeting=meeting,
        referral=MaracReferral.objects.get(),
        description="Flag the address",
        owner=police_user,
        due_on=date.today(),
    )


def test_completing_a_marac_action_completed_since_is_refused(
    client: Client, action: Action, coordinator: User, police_user: User
) -> None:
    url = reverse("marac:action", args=[action.pk])
    client.force_login(police_user)
    seen = seen_version(client, url)
    action_complete(user=coordinator, action=action, note="Flagged by the coordinator")

    page = client.post(url, {"note": "Address flagged", "version": seen}).content.decode()
    assert CONFLICT in page
    action.refresh_from_db()
    assert (action.completed_by, action.completion_note) == (
        coordinator,
        "Flagged by the coordinator",
    )


def test_a_form_without_its_version_is_refused(
    client: Client, probation_officer: User, front_door_user: User
) -> None:
    referral = refer(probation_officer)
    client.force_login(front_door_user)
    page = client.post(
        reverse("triage:decide", args=[referral.reference]),
        {"outcome": "early_help", "rationale": "r", "rested_on": "i"},
    ).content.decode()
    assert "The page is out of date: open it again" in page
    assert not Decision.objects.exists()


def test_completing_a_case_audit_action_cancelled_since_is_refused(
    client: Client, managers: tuple[User, User], police_user: User
) -> None:
    lead, _ = managers
    audit = CaseAudit.objects.create(
        source="police",
        message_id="INC-1",
        child_ref="c",
        scope="Was the school told?",
        opened_by=lead,
        opened_at=timezone.now(),
    )
    finding = finding_record(user=lead, audit=audit, text="The school was not told.")
    action = audit_action_add(
        user=lead,
        finding=finding,
        description="Tell the school",
        owner=police_user,
        team=None,
        due_on=None,
    )
    url = reverse("quality:action", args=[action.pk])
    client.force_login(police_user)
    shown = re.search(r'name="done-version" value="(\d+)"', client.get(url).content.decode())
    assert shown
    action_cancel(user=lead, action=action, reason="Replaced")

    response = client.post(url, {"done-note": "Rang the school", "done-version": shown.group(1)})
    page = response.content.decode()
    assert CONFLICT in page
    assert "Cancelled" in page  # shown as it is now, with no form to complete it
    action.refresh_from_db()
    assert (action.status, action.closing_note) == (ActionStatus.CANCELLED, "Replaced")
