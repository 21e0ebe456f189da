"""The dashboard's filters: the period, and one agency if wanted."""

from datetime import date
from typing import Any

from django import forms

from frontdoor.access.models import Agency
from frontdoor.web.forms import DateField

from .loads import Period


class FilterForm(forms.Form):
    start = DateField(label="From", required=False, help_text="For example, 1 12 2025")
    end = DateField(label="To", required=False, help_text="For example, 30 11 2026")
    agency = forms.ChoiceField(label="Agency", required=False)
    team = forms.CharField(
        label="Police station or team",
        required=False,
        max_length=200,
        help_text="As the police name it on incidents; leave empty for all",
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ChoiceField)
        agencies = Agency.objects.order_by("name").values_list("code", "name")
        agency.choices = [("", "All agencies"), *agencies]
        self.default = Period.last_year(today)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first = data.get("start") or self.default.first
        last = data.get("end") or self.default.last
        if "start" in self.errors or "end" in self.errors:
            return data
        try:
            data["period"] = Period.checked(first, last)
        except ValueError as error:
            self.add_error("end", str(error).partition(": ")[2])
        return data
