"""The demo's MARAC work, on a small fixture."""

from frontdoor.marac.demo import marac_demo
from frontdoor.marac.models import Action, Meeting, ResearchReturn

from .conftest import refer


def test_the_demo_schedules_a_meeting_with_a_return_and_actions(
    agencies, idva, coordinator, police_user
) -> None:
    refer("2026-01-10T10:00:00")
    assert marac_demo(coordinator=coordinator).endswith("with 1 cases")
    assert Meeting.objects.count() == 1
    assert ResearchReturn.objects.count() == 1
    assert Action.objects.count() == 2
    assert marac_demo(coordinator=coordinator).endswith("already scheduled")
