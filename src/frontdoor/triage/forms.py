"""The referral form any agency user can fill in, and the front door's forms for its work."""

from typing import Any

from django import forms

from frontdoor.access.models import Agency
from frontdoor.concurrency import SeenVersionForm
from frontdoor.web.forms import DateField, NhsNumberField, PhoneField, address_fields

from .models import DecisionOutcome, Risk, StrategyOutcome
from .selectors import AGE_BANDS, DUE, SORTS, QueueFilters

CONCERNS = [
    ("domestic_abuse", "Domestic abuse"),
    ("neglect", "Neglect"),
    ("physical_abuse", "Physical abuse"),
    ("emotional_abuse", "Emotional abuse"),
    ("sexual_abuse", "Sexual abuse"),
    ("parental_mental_health", "Parental mental health"),
    ("parental_substance_misuse", "Parental substance misuse"),
]


class ReferralForm(forms.Form):
    child_given_name = forms.CharField(
        label="Child's given name",
        max_length=100,
        error_messages={"required": "Enter the child's given name"},
    )
    child_family_name = forms.CharField(
        label="Child's surname",
        max_length=100,
        error_messages={"required": "Enter the child's surname"},
    )
    child_date_of_birth = DateField(
        label="Child's date of birth",
        required=False,
        past=True,
        help_text="Leave blank if not known. For example, 27 3 2019",
    )
    child_nhs_number = NhsNumberField(
        label="Child's NHS number",
        required=False,
        help_text="Leave blank if not known. 10 digits, for example 943 476 5919",
    )
    address_line1, town, postcode = address_fields()
    adult_given_name = forms.CharField(
        label="Parent or carer's given name", max_length=100, required=False
    )
    adult_family_name = forms.CharField(
        label="Parent or carer's surname", max_length=100, required=False
    )
    adult_role = forms.ChoiceField(
        label="The parent or carer is",
        choices=[
            ("victim", "The victim of abuse"),
            ("parent", "A parent or carer"),
            ("alleged_perpetrator", "The alleged perpetrator"),
        ],
        widget=forms.RadioSelect,
        initial="parent",
    )
    concerns = forms.MultipleChoiceField(
        label="What are you worried about?",
        choices=CONCERNS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what you are worried about"},
    )
    reason = forms.CharField(
        label="What has happened, and why are you referring now?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Enter what has happened and why you are referring now"},
    )
    urgent = forms.ChoiceField(
        label="Is the child at immediate risk of harm?",
        choices=[("no", "No"), ("yes", "Yes")],
        widget=forms.RadioSelect,
        initial="no",
        help_text="If a child is in danger now, call 999 as well.",
    )
    referrer_phone = PhoneField(
        label="Your phone number",
        max_length=30,
        help_text="So the front door can call you back today, for example 020 7946 0000",
        error_messages={"required": "Enter your phone number"},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if bool(data.get("adult_given_name")) != bool(data.get("adult_family_name")):
            self.add_error(
                "adult_family_name" if data.get("adult_given_name") else "adult_given_name",
                "Enter both the parent or carer's given name and surname, or neither",
            )
        return data


def _agency_label(agency: Agency) -> str:
    return f"{agency.name} ({agency.get_type_display()})"


class AgencyChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Agency) -> str:
        return _agency_label(obj)


def _blank_first(choices: list[tuple[str, str]], blank: str) -> list[tuple[str, str]]:
    return [("", blank), *choices]


class QueueFilterForm(forms.Form):
    """The queue's sort and filters, read from the query string; anything unknown is ignored."""

    sort = forms.ChoiceField(label="Sort by", choices=list(SORTS.items()), required=False)
    due = forms.ChoiceField(
        label="Deadline", choices=_blank_first(list(DUE.items()), "Any"), required=False
    )
    risk = forms.TypedChoiceField(
        label="Risk",
        choices=_blank_first([(str(v), str(label)) for v, label in Risk.choices], "Any"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    age = forms.ChoiceField(
        label="Age of child",
        choices=_blank_first([(k, v[0]) for k, v in AGE_BANDS.items()], "Any"),
        required=False,
    )
    agency = forms.TypedChoiceField(
        label="Source agency", coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.TypedChoiceField)
        agency_field.choices = _blank_first(
            [(str(a.pk), _agency_label(a)) for a in agencies], "Any"
        )

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(
            sort=data["sort"] or "deadline",
            due=data["due"],
            risk=data["risk"],
            age=data["age"],
            agency=data["agency"],
        )


class CheckRequestForm(forms.Form):
    agencies = AgencyChoice(
        label="Which agencies do you want to ask?",
        queryset=Agency.objects.none(),
        help_text="Health is asked about every referral: choose a GP, health visiting, midwifery "
        "or the emergency department unless one has been asked already.",
        error_messages={"required": "Choose at least one agency to ask"},
    )
    question = forms.CharField(
        label="What do you want them to tell you?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        initial="Please tell us what you hold about the people in this referral: involvement, "
        "concerns, and anything that bears on the children's safety.",
        error_messages={"required": "Enter what you want the agencies to tell you"},
    )

    def __init__(self, *args: Any, asked: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = self.fields["agencies"]
        assert isinstance(agencies, AgencyChoice)
        agencies.queryset = Agency.objects.exclude(pk__in=asked).order_by("type", "name")


class CheckAnswerForm(SeenVersionForm):
    holds = forms.ChoiceField(
        label="Does your agency hold anything relevant about these people?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if your agency holds anything relevant"},
    )
    answer = forms.CharField(
        label="What do you hold?",
        help_text="Involvement, concerns, dates, who to contact. It joins the chronology of "
        "everyone the referral names.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        required=False,
    )


class DecisionForm(SeenVersionForm):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    rationale = forms.CharField(
        label="Why this decision?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        error_messages={"required": "Enter why you made this decision"},
    )
    rested_on = forms.CharField(
        label="What information does it rest on?",
        help_text="The agencies' answers, the chronology, what the referrer told us.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        error_messages={"required": "Enter what information the decision rests on"},
    )
    no_health_answer_reason = forms.CharField(
        label="Why are you deciding without an answer from health?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        required=False,
    )


class SignOffAnswerForm(forms.Form):
    """A manager's answer to a decision awaiting sign-off: agree, or return it with a note."""

    agree = forms.ChoiceField(
        label="Do you agree with this decision?",
        choices=[("yes", "Yes, sign it off"), ("no", "No, return it to the practitioner")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree with the decision"},
    )
    note = forms.CharField(
        label="Note",
        help_text="Needed when you return a decision: say what should change.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        required=False,
    )


class SignOffForm(SeenVersionForm, SignOffAnswerForm):
    """The answer on a front-door decision, with the version of it the manager saw."""


class StrategyDiscussionForm(forms.Form):
    held_on = DateField(
        label="Date held",
        past=True,
        help_text="For example, 30 11 2026",
        error_messages={"required": "Enter the date the strategy discussion was held"},
    )
    held_time = forms.TimeField(
        label="Time it started",
        help_text="For example, 14:30",
        widget=forms.TextInput(attrs={"width": "5"}),
        error_messages={
            "required": "Enter the time the strategy discussion started",
            "invalid": "Enter the time as hours and minutes, for example 14:30",
        },
    )
    agencies = AgencyChoice(
        label="Agencies that took part",
        queryset=Agency.objects.order_by("type", "name"),
        help_text="Health takes part in every strategy discussion.",
        error_messages={"required": "Choose the agencies that took part"},
    )
    attendees = forms.CharField(
        label="Who took part",
        help_text="Names and roles, one a line.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        error_messages={"required": "Enter who took part"},
    )
    outcome = forms.ChoiceField(
        label="What did it decide?",
        choices=StrategyOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the strategy discussion decided"},
    )
    actions = forms.CharField(
        label="Actions agreed",
        help_text="What, by whom, by when.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        error_messages={"required": "Enter the actions agreed"},
    )
