"""Access-checked reads of the rules' thresholds for their pages: each rule's, as in force on a
day and as scheduled, and one threshold's every value with who set it and why."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from frontdoor.access.policy import actor_for, rule_thresholds_check
from frontdoor.audit.dated_settings import SettingState

from .models import RuleSetting
from .rules import RULES
from .thresholds import DEFAULTS, Timeline


@dataclass(frozen=True)
class RuleThresholds:
    """A rule and its thresholds: those whose key starts as its deadline's does."""

    code: str
    message: str
    thresholds: list[SettingState]


@dataclass(frozen=True)
class Change:
    """One value ever set, and whether on the day it is in force, scheduled, or replaced."""

    row: RuleSetting
    status: str


@dataclass(frozen=True)
class ThresholdHistory:
    state: SettingState
    default: int | float | str | list[str]
    changes: list[Change]
    """Oldest first."""


def rule_of(key: str) -> str:
    """The code of the rule a threshold belongs to, by the first part of its key."""
    prefix = key.partition(".")[0]
    for rule in RULES.values():
        if rule.deadline and rule.deadline.partition(".")[0] == prefix:
            return rule.code
    raise LookupError(f"key: no rule reads {key!r}")


def thresholds_by_rule(*, user: User | AnonymousUser, day: date) -> list[RuleThresholds]:
    """Every rule's thresholds as they stand on the day, in the rules' order."""
    rule_thresholds_check(actor_for(user))
    timeline = Timeline.load()
    return [
        RuleThresholds(
            code=rule.code,
            message=rule.message,
            thresholds=[timeline.state_on(key, day) for key in DEFAULTS if rule_of(key) == code],
        )
        for code, rule in RULES.items()
    ]


def _status(row: RuleSetting, *, in_force: int | None, day: date) -> str:
    if row.pk == in_force:
        return "In force"
    return "Scheduled" if row.effective_from > day else "Replaced"


def threshold_history(*, user: User | AnonymousUser, key: str, day: date) -> ThresholdHistory:
    """One threshold as it stands on the day, and every value it was ever set to."""
    rule_thresholds_check(actor_for(user))
    if key not in DEFAULTS:
        raise Http404(f"No rule threshold {key!r}")
    state = Timeline.load().state_on(key, day)
    in_force = state.row.pk if state.row else None
    rows = RuleSetting.objects.filter(key=key).select_related("changed_by")
    return ThresholdHistory(
        state=state,
        default=DEFAULTS[key].value,
        changes=[
            Change(row=row, status=_status(row, in_force=in_force, day=day))
            for row in rows.order_by("effective_from", "pk")
        ],
    )
