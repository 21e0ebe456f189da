"""The demo's MARAC: the next meeting with its agenda, a research return and actions.

Only `frontdoor demo` calls this. The synthetic borough's MARAC referrals arrive through intake;
a demo of a working MARAC needs the meeting work a coordinator and the agencies would have done.
"""

from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from frontdoor.access.models import StaffProfile

from .models import Meeting
from .selectors import agenda_referrals, cases_of
from .services import action_add, meeting_next_date, meeting_schedule, research_return_complete


@transaction.atomic
def marac_demo(*, coordinator: User) -> str:
    """Schedule the next MARAC (once), with one agency's return on the first case and two
    actions on it, so the agenda, returns and actions all have something to show."""
    today = timezone.localdate()
    meeting = Meeting.objects.filter(held_at__isnull=True, date__gte=today).first()
    if meeting is not None:
        return f"MARAC of {meeting.date} already scheduled"
    meeting = meeting_schedule(user=coordinator, day=meeting_next_date(today))
    cases = cases_of(agenda_referrals(meeting)[:1], on=meeting.date)
    if not cases:
        return f"MARAC of {meeting.date} scheduled; no case is waiting to be heard"
    case = cases[0]
    for agency in case.asked[:1]:
        staff = StaffProfile.objects.filter(agency=agency).select_related("user").first()
        if staff is not None:
            research_return_complete(
                user=staff.user,
                meeting=meeting,
                referral=case.referral,
                asked=[a.pk for a in case.asked],
                holds=True,
                victim="Two call-outs to the address this year; the victim engaged with officers.",
                perpetrator="Bail conditions not to contact the victim until next month.",
                children="The children were present at the last call-out.",
            )
    owner = StaffProfile.objects.filter(agency__in=case.asked).select_related("user").first()
    if owner is not None:
        for description, due in (
            ("Flag the address for an urgent police response", meeting.date + timedelta(days=1)),
            ("Offer the victim an IDVA and agree a safety plan", meeting.date + timedelta(days=7)),
        ):
            action_add(
                user=coordinator,
                meeting=meeting,
                referral=case.referral,
                description=description,
                owner=owner.user,
                due_on=due,
            )
    return f"MARAC of {meeting.date} scheduled with {len(agenda_referrals(meeting))} cases"
