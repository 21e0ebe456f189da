"""The period of the unusual-access report, and a new value for a dated setting."""

from datetime import date, timedelta
from typing import Any

from django import forms

from frontdoor.web.forms import DateField

from .dated_settings import SettingError

LONGEST_PERIOD_DAYS = 366


class PeriodForm(forms.Form):
    since = DateField(label="From", past=True, help_text="For example, 1 11 2026")
    until = DateField(label="To (inclusive)", past=True, help_text="For example, 30 11 2026")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if isinstance(since, date) and isinstance(until, date):
            if until < since:
                self.add_error("until", f"To must be on or after From ({since:%-d %B %Y})")
            elif until - since > timedelta(days=LONGEST_PERIOD_DAYS):
                self.add_error("until", f"The period can be at most {LONGEST_PERIOD_DAYS} days")
        return data


class DatedSettingForm(forms.Form):
    """A new value from a date, and why. The value is checked by the app's own service, as at
    the console: its refusal is shown on the field it names (`setting_error_show`)."""

    value = forms.CharField(label="Value", required=False, widget=forms.TextInput({"width": "10"}))
    effective_from = DateField(
        label="In force from",
        future=True,
        help_text="Today or a later day, for example 1 12 2026",
        error_messages={"required": "Enter the day the value is in force from"},
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        help_text="Why the partnership changed it. It is kept with the value and in the audit log.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, value_hint: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].help_text = value_hint

    def setting_error_show(self, error: SettingError) -> None:
        """The service's refusal ("value: ..."), on the field it names, as "Value: ..."."""
        field, _, text = str(error).partition(": ")
        named = self.fields.get(field)
        label = str(named.label) if named else field.capitalize()
        self.add_error(field if named else None, f"{label}: {text}")
