"""The person search form."""

from django import forms

from frontdoor.web.forms import DateField, NhsNumberField


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="Given name and surname, or either; close spellings are found too.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    date_of_birth = DateField(
        label="Date of birth", required=False, past=True, help_text="For example, 27 3 2019"
    )
    nhs_number = NhsNumberField(label="NHS number", required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not self.errors and not any(
            data.get(f) for f in ("name", "date_of_birth", "nhs_number")
        ):
            raise forms.ValidationError("Enter a name, a date of birth or an NHS number")
        return data
