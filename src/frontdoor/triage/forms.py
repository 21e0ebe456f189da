"""The referral form any agency user can fill in."""

from django import forms

from frontdoor.web.forms import DateField

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
    address_line1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    town = forms.CharField(label="Town", max_length=100, required=False)
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"width": "10"}),
    )
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
    referrer_phone = forms.CharField(
        label="Your phone number",
        max_length=30,
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
