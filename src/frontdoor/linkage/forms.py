"""The review queue's decision forms."""

from django import forms

REASON_HELP = "Say what you checked. The reason is kept with the decision and in the audit log."


def reason_field() -> forms.CharField:
    return forms.CharField(
        label="Reason",
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for the decision"},
    )


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Are they the same person?",
        choices=[
            ("link", "Yes: link the record to this person"),
            ("keep_apart", "No: keep them apart"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they are the same person"},
    )
    reason = reason_field()


class ReasonForm(forms.Form):
    reason = reason_field()
