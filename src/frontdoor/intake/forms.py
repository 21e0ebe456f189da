"""The quarantine correction form."""

import json

from django import forms


class CorrectionForm(forms.Form):
    raw = forms.CharField(
        label="Corrected message (JSON)",
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="Change what the reasons above name, then send it through intake again.",
    )

    def clean_raw(self) -> str:
        raw: str = self.cleaned_data["raw"]
        try:
            json.loads(raw)
        except ValueError as error:
            raise forms.ValidationError(f"The message is not valid JSON: {error}") from None
        return raw
