"""Quality assurance's forms: a week to draw, reviewers, the review's audit form, case audits,
their findings, sending them on, and their actions."""

from typing import Any

from django import forms
from django.contrib.auth.models import User

from frontdoor.access.models import Agency
from frontdoor.concurrency import SeenVersionForm
from frontdoor.web.forms import DateField

from .models import REVIEW_QUESTIONS, Answer, Result


def front_door_staff() -> Any:
    return (
        User.objects.filter(staff_profile__front_door=True, is_active=True)
        .select_related("staff_profile__agency")
        .order_by("last_name", "first_name", "username")
    )


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class StaffChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class DrawForm(forms.Form):
    week = forms.RegexField(
        label="Week",
        regex=r"^\d{4}-[Ww]\d{2}$",
        help_text="An ISO week: the year, W and the week number, for example 2026-W47",
        error_messages={
            "required": "Enter the week to draw",
            "invalid": "Enter the week as a year, -W and a week number, like 2026-W47",
        },
        widget=forms.TextInput(attrs={"width": "10"}),
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=0,
        help_text="Leave it empty for a new random seed; give a sample's seed to draw it again",
        error_messages={
            "invalid": "Enter the seed as a whole number",
            "min_value": "Enter a seed of 0 or more",
        },
        widget=forms.TextInput(attrs={"width": "10", "inputmode": "numeric"}),
    )


class AssignForm(forms.Form):
    reviewers = StaffChoices(
        label="Reviewers",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="The sample's unassigned incidents go to each in turn.",
        error_messages={"required": "Select at least one reviewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = front_door_staff()


class ReviewerForm(forms.Form):
    reviewer = StaffChoice(
        label="Reviewer",
        queryset=User.objects.none(),
        error_messages={"required": "Select the reviewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = front_door_staff()


class ReviewForm(forms.Form):
    """The audit form: each question answered yes, partly or no, with notes; then the result."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in REVIEW_QUESTIONS:
            self.fields[question.field] = forms.ChoiceField(
                label=question.text,
                help_text=question.hint,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select an answer to: {question.text}"},
            )
            self.fields[f"{question.field}_notes"] = forms.CharField(
                label=f"Notes: {question.text}",
                required=False,
                max_length=5000,
                help_text="Say what was missing, for any answer but yes.",
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["result"] = forms.ChoiceField(
            label="Result",
            choices=Result.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Select the result"},
        )
        self.fields["result_notes"] = forms.CharField(
            label="Why this result",
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def questions(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[q.field], self[f"{q.field}_notes"]) for q in REVIEW_QUESTIONS]


class AgencyChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


def practitioner_label(user: User) -> str:
    """A practitioner as the forms list them: their name and agency."""
    return f"{user.get_full_name() or user.get_username()} ({user.staff_profile.agency.name})"


class PractitionerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return practitioner_label(obj)


class AuditForm(forms.Form):
    """Opening a case audit: the child (by hand, their person number), the agencies taking
    part, and what the audit looks at."""

    person = forms.IntegerField(
        label="Person number of the child",
        min_value=1,
        help_text="The number at the end of the child's page address, for example 1234 in "
        "/people/1234/",
        error_messages={
            "required": "Enter the child's person number",
            "invalid": "Enter the person number as a whole number",
            "min_value": "Enter the person number as a whole number",
        },
        widget=forms.TextInput(attrs={"width": "10", "inputmode": "numeric"}),
    )
    agencies = AgencyChoices(
        label="Agencies taking part",
        queryset=Agency.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies taking part"},
    )
    scope = forms.CharField(
        label="Why this case, and what the audit looks at",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why this case, and what the audit looks at"},
    )

    def __init__(self, *args: Any, by_hand: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not by_hand:
            del self.fields["person"]


class FindingForm(forms.Form):
    text = forms.CharField(
        label="Finding",
        max_length=5000,
        help_text="Write it to be shared: do not name the child or the family.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the audit found"},
    )


class DisseminateForm(forms.Form):
    practitioners = PractitionerChoices(
        label="Named practitioners",
        required=False,
        queryset=User.objects.filter(staff_profile__isnull=False, is_active=True)
        .select_related("staff_profile__agency")
        .order_by("staff_profile__agency__name", "last_name", "username"),
        widget=forms.CheckboxSelectMultiple,
    )
    teams = AgencyChoices(
        label="Teams",
        required=False,
        queryset=Agency.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Anyone in the team may acknowledge for it.",
    )


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="What you will do differently (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PractitionerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return practitioner_label(obj)


class AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        max_length=5000,
        help_text="What should change because of the finding. Do not name the child or family.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the action"},
    )
    owner = PractitionerChoice(
        label="Named owner (optional)",
        required=False,
        empty_label="No one by name",
        queryset=User.objects.filter(staff_profile__isnull=False, is_active=True)
        .select_related("staff_profile__agency")
        .order_by("staff_profile__agency__name", "last_name", "username"),
        help_text="The practitioner who will do it; they are emailed.",
    )
    team = AgencyChoice(
        label="Owning team (optional)",
        required=False,
        empty_label="No team",
        queryset=Agency.objects.order_by("name"),
        help_text="Anyone in the team may mark it done. Choose a named owner, a team or both.",
    )
    due_on = DateField(
        label="Due by",
        help_text="For example, 14 12 2026",
        error_messages={"required": "Enter the date the action is due by"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("owner") and not data.get("team") and "owner" not in self.errors:
            self.add_error("owner", "Select a named owner or an owning team")
        return data


class ActionCancelForm(SeenVersionForm):
    reason = forms.CharField(
        label="Why it is cancelled",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the action is cancelled"},
    )
