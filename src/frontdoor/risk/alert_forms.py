"""The front door's decision on an alert."""

from django import forms

from .models import AlertStatus
from .rules import RULES

DECISIONS = [
    ("acknowledge", "Acknowledge: I am dealing with it"),
    ("action", "Actioned: what it asked for has been done"),
    ("close", "Close without the action (an override: say why)"),
]


class AlertDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What has been done?",
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what has been done"},
    )
    reason = forms.CharField(
        label="Note or reason",
        help_text="What was done, or why the alert is closed. It is kept in the audit log.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") in ("action", "close") and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say what was done, or why the alert is closed")
        return cleaned


class AlertFilterForm(forms.Form):
    rule = forms.ChoiceField(
        label="Rule",
        required=False,
        choices=[("", "All rules")] + [(c, r.title) for c, r in RULES.items()],
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All statuses"), *AlertStatus.choices]
    )
