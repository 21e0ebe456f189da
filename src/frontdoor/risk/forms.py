"""The DASH risk identification checklist as a form: the 27 questions, the victim's own account,
the practitioner's notes and professional judgement."""

import uuid
from dataclasses import dataclass

from django import forms
from django.http import QueryDict

from frontdoor.web.forms import DateField, address_fields

from .dash import ANSWER_LABELS, ANSWERS, QUESTIONS, Question

# The questions whose published form asks for the victim's own words, with what to ask.
ACCOUNT_HINTS = {
    1: "What the injury was, and whether it is the first.",
    2: "What the victim says about how frightened they are.",
    3: "What are you afraid of? What the victim thinks they might do, and to whom, children too.",
    5: "What the victim says about how they are feeling.",
    8: "How they keep in contact: calls, messages, turning up, following.",
    11: "What they did to the children or dependants.",
    12: "What they threatened, and against whom.",
    16: "What was used, and how.",
    17: "Who they threatened to kill.",
    18: "What they did, and when it last happened.",
    19: "What was said or done.",
    20: "Who is threatening the victim, and why.",
    21: "Whom they have hurt: children, family, other partners, others.",
    24: "What has disrupted their daily life.",
    26: "What was broken, and when.",
}
ACCOUNT_MAX_LENGTH = 5000
JUDGEMENT_CHOICES = [
    ("no", "No, the level is the one the count gives"),
    ("high", "Yes, raise the level to high risk"),
]


def answer_field(number: int) -> str:
    return f"q{number}"


def account_field(number: int) -> str:
    return f"q{number}_account"


@dataclass(frozen=True)
class QuestionFields:
    """One question as the page shows it: its answer, and the box for the victim's words."""

    question: Question
    answer: forms.BoundField
    account: forms.BoundField | None


class DashForm(forms.Form):
    """Every question must be answered; judgement can raise the level and needs a reason."""

    victim_given_name = forms.CharField(
        label="Victim's given name",
        max_length=100,
        error_messages={"required": "Enter the victim's given name"},
    )
    victim_family_name = forms.CharField(
        label="Victim's surname",
        max_length=100,
        error_messages={"required": "Enter the victim's surname"},
    )
    victim_date_of_birth = DateField(
        label="Victim's date of birth",
        required=False,
        past=True,
        help_text="Leave blank if not known. For example, 27 3 1990",
    )
    address_line1, town, postcode = address_fields()
    practitioner_notes = forms.CharField(
        label="What else did you see or were you told?",
        required=False,
        max_length=ACCOUNT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Your own notes as the practitioner: what the questions do not cover.",
    )
    judgement = forms.ChoiceField(
        label="Does your professional judgement raise the level to high risk?",
        choices=JUDGEMENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether your professional judgement raises the level to high risk",
            "invalid_choice": "Professional judgement: %(value)s is not one of the choices",
        },
    )
    judgement_reason = forms.CharField(
        label="Why does your professional judgement raise the level to high risk?",
        required=False,
        max_length=ACCOUNT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only if you raise the level: what you saw or were told that the count misses.",
    )
    submission = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "The form was sent without its reference: open it again and resend it",
            "invalid": "The form was sent without its reference: open it again and resend it",
        },
    )

    VICTIM_FIELDS = (
        "victim_given_name",
        "victim_family_name",
        "victim_date_of_birth",
        "address_line1",
        "town",
        "postcode",
    )

    def __init__(self, data: QueryDict | None = None, *, victim: bool = True) -> None:
        """`victim` asks for the victim's details: not when the checklist is for a known person."""
        super().__init__(data)
        self.fields["submission"].initial = uuid.uuid4()
        if not victim:
            for name in self.VICTIM_FIELDS:
                del self.fields[name]
        for question in QUESTIONS:
            self.fields[answer_field(question.number)] = forms.ChoiceField(
                label=f"{question.number}. {question.text}",
                choices=[(code, ANSWER_LABELS[code]) for code in ANSWERS],
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Question {question.number}: select yes, no or not known",
                    "invalid_choice": (
                        f"Question {question.number}: %(value)s is not yes, no or not known"
                    ),
                },
            )
            if question.number in ACCOUNT_HINTS:
                self.fields[account_field(question.number)] = forms.CharField(
                    label=f"In the victim's words (question {question.number})",
                    required=False,
                    max_length=ACCOUNT_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    help_text=ACCOUNT_HINTS[question.number],
                )
        victim_fields = [name for name in self.VICTIM_FIELDS if name in self.fields]
        self.order_fields(
            [
                *victim_fields,
                *(name for name in self.fields if name.startswith("q")),
                "practitioner_notes",
                "judgement",
                "judgement_reason",
            ]
        )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("judgement") == "high" and not data.get("judgement_reason"):
            self.add_error(
                "judgement_reason", "Give the reason your professional judgement raises the level"
            )
        return data

    @property
    def victim_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.VICTIM_FIELDS if name in self.fields]

    def sections(self) -> list[tuple[str, list[QuestionFields]]]:
        """The questions grouped by their published sections, in order."""
        grouped: dict[str, list[QuestionFields]] = {}
        for question in QUESTIONS:
            account = account_field(question.number)
            grouped.setdefault(question.section, []).append(
                QuestionFields(
                    question,
                    self[answer_field(question.number)],
                    self[account] if account in self.fields else None,
                )
            )
        return list(grouped.items())
