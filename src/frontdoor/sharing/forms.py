"""The front door's form for a decision not to share a notification."""

from django import forms


class NotSharingForm(forms.Form):
    reason = forms.CharField(
        label="Why must the agency not be told?",
        help_text="For example, telling the school would put the child at risk. The reason is "
        "kept with the decision and shown in who knows what.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        error_messages={"required": "Enter why the agency must not be told"},
    )
