"""The partnership's quality-assurance settings: code defaults, replaced from a date by recorded
rows (`QualitySetting`), so a change is a recorded decision and the past keeps its values.

A week's dip sample reads the settings in force on the week's first day.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self

from frontdoor.audit.dated_settings import (
    DatedTimeline,
    Default,
    codes_check,
    default_for,
    whole_number_check,
)
from frontdoor.risk.rules import RULES

from .models import QualitySetting

DEFAULTS: dict[str, Default] = {
    "dipsample.per_stratum": Default(2, "Incidents drawn from each stratum (station) each week"),
    "dipsample.dash_days": Default(
        7, "A DASH about the victim this many days after an incident counts towards its risk"
    ),
    "dipsample.referral_days": Default(
        28, "A referral this many days after an incident refers it on"
    ),
    "dipsample.referring_rules": Default(
        ["CHILD_REFERRAL_DUE", "ESCALATION_3_IN_12M", "DASH_HIGH", "REPEAT_MARAC"],
        "Rules whose alert at an incident sends it on to the front door or the MARAC",
    ),
    "findings.acknowledge_days": Default(
        10, "Working days a practitioner or team has to acknowledge an audit finding"
    ),
    "actions.due_days": Default(
        20, "Working days a case-audit action is given by default, from the day it is agreed"
    ),
}


def setting_check(key: str, value: Any) -> int | list[str]:
    """The value, if it is of the kind the key takes; else an error naming both."""
    default = default_for(DEFAULTS, key, scope="quality")
    if isinstance(default.value, list):
        return codes_check(key, value, known=RULES, what="rule codes")
    return whole_number_check(key, value)


@dataclass(frozen=True)
class Settings:
    """The values in force on one day."""

    per_stratum: int
    dash_days: int
    referral_days: int
    referring_rules: frozenset[str]
    acknowledge_days: int
    action_days: int


class Timeline(DatedTimeline[Settings]):
    model = QualitySetting
    defaults = DEFAULTS

    @classmethod
    def load(cls, *, known_by: datetime | None = None) -> Self:
        """Every setting; with `known_by`, only those made by then, as a draw then saw them."""
        rows = QualitySetting.objects.filter(key__in=DEFAULTS)
        if known_by is not None:
            rows = rows.filter(changed_at__lte=known_by)
        return cls(rows)

    def settings(self, values: Mapping[str, Any]) -> Settings:
        return Settings(
            per_stratum=int(values["dipsample.per_stratum"]),
            dash_days=int(values["dipsample.dash_days"]),
            referral_days=int(values["dipsample.referral_days"]),
            referring_rules=frozenset(values["dipsample.referring_rules"]),
            acknowledge_days=int(values["findings.acknowledge_days"]),
            action_days=int(values["actions.due_days"]),
        )
