"""The review queue's decision forms."""

from django import forms

from frontdoor.concurrency import SeenVersionForm

REASON_HELP = "Say what you checked. The reason is kept with the decision and in the audit log."


def reason_field() -> forms.CharField:
    return forms.CharField(
        label="Reason",
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for the decision"},
    )


class ReviewDecisionForm(SeenVersionForm):
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


class ReviewUndoForm(SeenVersionForm):
    reason = reason_field()


class RecordLinkForm(forms.Form):
    person = forms.IntegerField(
        label="The number of the person the record is of",
        help_text="Shown above their name on their page, for example Person 1234.",
        min_value=1,
        error_messages={
            "required": "Enter the number of the person the record is of",
            "invalid": "Enter the person's number as digits, for example 1234",
            "min_value": "Enter the person's number as digits, for example 1234",
        },
    )
    reason = reason_field()
