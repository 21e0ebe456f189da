"""Reading the insights: for the partnership's leaders only (`policy.insights_check`).

The figures are aggregates with small numbers suppressed, so reading them reads no one's record
and writes no access log entry (docs/insights.md).
"""

from django.contrib.auth.models import AnonymousUser, User

from frontdoor.access.policy import actor_for, insights_check

from .figures import Insights, insights_compute
from .loads import Period


def insights_read(
    *, user: User | AnonymousUser, period: Period, agency_code: str = "", team: str = ""
) -> Insights:
    """Every measure for the period, for all agencies or one and all teams or one, if the user
    is a leader."""
    insights_check(actor_for(user))
    return insights_compute(period, agency_code=agency_code, team=team)
