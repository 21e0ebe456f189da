"""Case audits: opened from a dip sample or by hand, findings sent to named practitioners and
teams, acknowledged by them, and how far they have gone."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client

from frontdoor.audit.models import AccessLog, AuditEvent
from frontdoor.chronology.models import Participant
from frontdoor.people.models import Person
from frontdoor.quality.models import CaseAudit, Dissemination, Finding
from frontdoor.quality.selectors import (
    audit_child_from_review,
    audit_read,
    dissemination_measures,
)
from frontdoor.quality.services import (
    QualityError,
    audit_open,
    finding_acknowledge,
    finding_disseminate,
    finding_record,
    sample_draw,
)
from tests.factories import StaffFactory

from .conftest import Family

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(agencies: dict, families: list[Family], lead: User) -> CaseAudit:
    families[0].incident("2026-03-04T20:00:00", station="Northgate")
    review = sample_draw(week="2026-W10", seed=1, user=lead).sample.reviews.get()
    child, _ = audit_child_from_review(user=lead, review_id=review.pk, ref="c")
    return audit_open(
        user=lead,
        child=child,
        review=review,
        agencies=[agencies["police"], agencies["school"]],
        scope="Standard risk graded three times; was the school told?",
    )


def test_an_audit_keeps_the_child_by_message_and_ref_and_shows_them_logged(
    audit: CaseAudit, lead: User
) -> None:
    assert (audit.source, audit.child_ref) == ("police", "c")
    page = audit_read(user=lead, audit_id=audit.pk)
    assert page.child is not None
    assert page.child.person.given_name == "Ava"
    assert AccessLog.objects.filter(
        purpose="case_audit", person_id=page.child.person_id, user=lead
    ).exists()
    assert AuditEvent.objects.filter(action="quality.audit_open", route="front_door").exists()


def test_only_a_front_door_manager_opens_an_audit_and_it_needs_a_scope(
    audit: CaseAudit, lead: User, front_door_user: User, agencies: dict
) -> None:
    child = Participant.objects.filter(role="child").select_related("event__message").first()
    assert child is not None
    with pytest.raises(PermissionDenied):
        audit_open(user=front_door_user, child=child, review=None, agencies=[], scope="x")
    with pytest.raises(QualityError, match="agencies: choose"):
        audit_open(user=lead, child=child, review=None, agencies=[], scope="x")
    with pytest.raises(QualityError, match="scope: say why"):
        audit_open(user=lead, child=child, review=None, agencies=[agencies["csc"]], scope=" ")


def test_a_finding_goes_to_practitioners_and_teams_who_acknowledge_it(
    audit: CaseAudit,
    lead: User,
    agencies: dict,
    school_user: User,
    django_capture_on_commit_callbacks,
) -> None:
    officer = StaffFactory(user__username="pc.gray", agency=agencies["police"]).user
    finding = finding_record(user=lead, audit=audit, text="The school was not told.")
    with django_capture_on_commit_callbacks(execute=True):
        sent = finding_disseminate(
            user=lead,
            finding=finding,
            practitioners=[officer],
            teams=[agencies["school"]],
            today=date(2026, 12, 1),
        )
    assert {(d.user_id, d.agency_id) for d in sent} == {
        (officer.pk, None),
        (None, agencies["school"].pk),
    }
    assert {d.due_on for d in sent} == {date(2026, 12, 15)}  # ten working days
    assert [m.to for m in mail.outbox] == [["pc.gray@example.org"]]
    assert set(
        AuditEvent.objects.filter(
            action__in=["quality.finding_record", "quality.finding_disseminate"]
        ).values_list("route", flat=True)
    ) == {"front_door"}
    with pytest.raises(QualityError, match="already been sent"):
        finding_disseminate(user=lead, finding=finding, practitioners=[officer], teams=[])
    team = next(d for d in sent if d.agency_id)
    with pytest.raises(PermissionDenied):
        finding_acknowledge(user=officer, dissemination=team, note="")
    done = finding_acknowledge(user=school_user, dissemination=team, note="Our DSL will call")
    assert done.acknowledged_by == school_user
    with pytest.raises(QualityError, match="note: this finding has already been acknowledged"):
        finding_acknowledge(user=school_user, dissemination=team, note="")


def test_dissemination_is_measured_by_team(audit: CaseAudit, lead: User, agencies: dict) -> None:
    officer = StaffFactory(user__username="pc.gray", agency=agencies["police"]).user
    finding = finding_record(user=lead, audit=audit, text="History missed.")
    sent = finding_disseminate(
        user=lead, finding=finding, practitioners=[officer], teams=[agencies["school"]]
    )
    officers = next(d for d in sent if d.user_id)
    finding_acknowledge(user=officer, dissemination=officers, note="")
    Dissemination.objects.filter(pk=officers.pk).update(
        acknowledged_at=officers.sent_at + timedelta(days=2)
    )
    later = max(d.due_on for d in sent) + timedelta(days=1)
    every, police, school = dissemination_measures(today=later)
    assert (every.team, every.sent, every.acknowledged, every.overdue) == ("All teams", 2, 1, 1)
    assert every.share_acknowledged == 0.5
    assert (police.team, police.on_time, police.median_days) == ("Borough Police", 1, 2.0)
    assert (school.team, school.overdue, school.median_days) == ("Hope Primary", 1, None)
    out = StringIO()
    call_command("dipsample", "dissemination", "--json", stdout=out)
    rows = json.loads(out.getvalue())["findings"]
    assert rows[0]["team"] == "All teams"
    assert rows[0]["share_acknowledged"] == 0.5


def test_the_pages_from_the_review_to_the_acknowledgement(
    client: Client, audit: CaseAudit, lead: User, agencies: dict, school_user: User
) -> None:
    client.force_login(lead)
    review = audit.review
    assert review is not None
    assert (
        f"review={review.pk}&amp;child=c"
        in client.get(f"/quality/reviews/{review.pk}/").content.decode()
    )
    page = client.post(
        f"/quality/audits/new/?review={review.pk}&child=c",
        {"scope": "Again", "agencies": [agencies["csc"].pk]},
        follow=True,
    ).content.decode()
    assert "Case audit" in page
    assert "Ava" in page
    page = client.post(f"/quality/audits/{audit.pk}/", {"text": ""}).content.decode()
    assert "Enter what the audit found" in page
    client.post(f"/quality/audits/{audit.pk}/", {"text": "No one asked the child."})
    finding = Finding.objects.get()
    page = client.post(f"/quality/audits/findings/{finding.pk}/send/", {}).content.decode()
    assert "choose the practitioners or teams" in page
    client.post(f"/quality/audits/findings/{finding.pk}/send/", {"teams": [agencies["school"].pk]})
    sent = Dissemination.objects.get()
    client.force_login(school_user)
    assert "No one asked the child." in client.get("/quality/findings/").content.decode()
    page = client.post(f"/quality/findings/{sent.pk}/", {"note": "Training booked"}, follow=True)
    assert "Finding acknowledged" in page.content.decode()
    sent.refresh_from_db()
    assert sent.note == "Training booked"
    assert client.get("/quality/dissemination/").status_code == 403
    client.force_login(lead)
    assert "Hope Primary" in client.get("/quality/dissemination/").content.decode()


def test_an_audit_by_hand_takes_the_person_number(
    client: Client, audit: CaseAudit, lead: User, agencies: dict
) -> None:
    client.force_login(lead)
    child = Person.objects.get(given_name="Ava")
    page = client.post(
        "/quality/audits/new/",
        {"person": child.pk, "scope": "Chosen by the board", "agencies": [agencies["csc"].pk]},
        follow=True,
    ).content.decode()
    assert "By hand" in page
    page = client.post(
        "/quality/audits/new/", {"person": 999999, "scope": "x", "agencies": [agencies["csc"].pk]}
    )
    assert page.status_code == 404
