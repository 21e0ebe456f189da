"""The period of the unusual-access report."""

from datetime import date, timedelta

from django import forms

from frontdoor.web.forms import DateField

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
