from django import forms

from .cin_census import FIRST_YEAR


class CensusYearForm(forms.Form):
    year = forms.IntegerField(
        label="Census year",
        min_value=FIRST_YEAR,
        max_value=9999,
        help_text="The year the census ends on 31 March: 2026 for 1 April 2025 to 31 March 2026",
        error_messages={
            "required": "Enter the census year",
            "invalid": "Enter the census year as four digits, like 2026",
            "min_value": f"Enter a census year from {FIRST_YEAR}",
            "max_value": "Enter the census year as four digits, like 2026",
        },
        widget=forms.TextInput(attrs={"width": "4", "inputmode": "numeric"}),
    )
