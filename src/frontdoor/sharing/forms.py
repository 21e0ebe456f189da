"""The front door's forms for a decision not to share a notification, and for a standing
decision never to tell an agency about a person."""

from django import forms

from frontdoor.access.models import Agency


class NotSharingForm(forms.Form):
    reason = forms.CharField(
        label="Why must the agency not be told?",
        help_text="For example, telling the school would put the child at risk. The reason is "
        "kept with the decision and shown in who knows what.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        error_messages={"required": "Enter why the agency must not be told"},
    )


class NeverTellForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label="Which agency must never be told about them?",
        queryset=Agency.objects.order_by("name"),
        empty_label="Choose an agency",
        error_messages={
            "required": "Choose the agency",
            "invalid_choice": "Choose an agency from the list",
        },
    )
    reason = forms.CharField(
        label="Why must the agency never be told?",
        help_text="For example, the child's whereabouts must be kept from a parent who works "
        "there. The reason is kept with the decision and shown in who knows what; the agency "
        "never sees it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        error_messages={"required": "Enter why the agency must never be told"},
    )


class LiftForm(forms.Form):
    reason = forms.CharField(
        label="Why may the agency be told again?",
        help_text="Kept with the decision and in the audit log.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        error_messages={"required": "Enter why the agency may be told again"},
    )
