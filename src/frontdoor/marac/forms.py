"""The MARAC's forms: a referral, a meeting's date, holding it, a research return, an action, a
quarter."""

from typing import Any

from django import forms
from django.contrib.auth.models import User

from frontdoor.people.models import Person
from frontdoor.web.forms import DateField

from .models import Criterion

YES_NO = [("yes", "Yes"), ("no", "No")]


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        born = f", born {obj.date_of_birth:%-d %B %Y}" if obj.date_of_birth else ""
        return f"{obj.display_name}{born}"


class HoldForm(forms.Form):
    """Recording a meeting as held: it carries, hidden, the cases of the agenda its page showed,
    which are the ones recorded as heard."""

    cases = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_cases(self) -> list[str]:
        return str(self.cleaned_data["cases"]).split()

    def agenda_show(self, cases: list[str], error: str) -> None:
        """Say what changed, and carry the agenda as the page now shows it for next time."""
        sent: Any = self.data  # a QueryDict, whose copy can be changed
        data = sent.copy()
        data[self.add_prefix("cases")] = " ".join(cases)
        self.data = data
        self.add_error(None, error)


class ReferralForm(forms.Form):
    criterion = forms.ChoiceField(
        label="Which MARAC criterion does the case meet?",
        choices=[(c.value, c.label) for c in Criterion if c != Criterion.NOT_RECORDED],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the criterion the case meets"},
    )
    perpetrator = PersonChoice(
        label="Alleged perpetrator",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not known or not listed",
        help_text="People the hub records as the victim's partner or former partner.",
    )
    reason = forms.CharField(
        label="Why are you referring now?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Enter why you are referring now"},
    )

    def __init__(self, *args: Any, partners: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["perpetrator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in partners])


class MeetingForm(forms.Form):
    day = DateField(label="Date of the meeting", help_text="For example, 3 12 2026")

    def clean_day(self) -> object:
        day = self.cleaned_data.get("day")
        if day is None:
            raise forms.ValidationError("Enter the date of the meeting")
        return day


class ReturnForm(forms.Form):
    holds = forms.ChoiceField(
        label="Does your agency hold anything on the people in this case?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if your agency holds anything on the case"},
    )
    victim = forms.CharField(
        label="What you hold on the victim",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    perpetrator = forms.CharField(
        label="What you hold on the alleged perpetrator",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    children = forms.CharField(
        label="What you hold on the children, and their needs",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.get_username()
        return f"{name} ({obj.staff_profile.agency.name})"


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the action"},
    )
    owner = OwnerChoice(
        label="Owner",
        queryset=User.objects.filter(staff_profile__isnull=False)
        .select_related("staff_profile__agency")
        .order_by("staff_profile__agency__name", "last_name", "username"),
        error_messages={"required": "Select who owns the action"},
    )
    due_on = DateField(label="Due by", help_text="For example, 14 12 2026")

    def clean_due_on(self) -> object:
        day = self.cleaned_data.get("due_on")
        if day is None:
            raise forms.ValidationError("Enter the date the action is due by")
        return day


class QuarterForm(forms.Form):
    quarter = forms.RegexField(
        label="Quarter",
        regex=r"^\d{4}Q[1-4]$",
        help_text="For example, 2026Q3 for July to September 2026",
        error_messages={
            "required": "Enter the quarter",
            "invalid": "Enter the quarter as a year, Q and a number from 1 to 4, like 2026Q3",
        },
        widget=forms.TextInput(attrs={"width": "10"}),
    )
