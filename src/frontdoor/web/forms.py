"""Form parts that render as GOV.UK Design System components."""

from datetime import date
from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError

from frontdoor.access.two_factor import recovery_code_read
from frontdoor.concurrency import SeenVersionForm
from frontdoor.intake.exchange import nhs_number_is_valid
from frontdoor.people.normalise import display_postcode, is_postcode

SHOWN_MAX = 40


def typed(value: str) -> str:
    """What the user typed, quoted for an error message; cut short if it is long."""
    return repr(value if len(value) <= SHOWN_MAX else value[:SHOWN_MAX] + "…")


class DateWidget(forms.MultiWidget):
    """The GOV.UK date input: separate day, month and year boxes."""

    template_name = "web/widgets/date_input.html"

    def __init__(self) -> None:
        def box(width: int) -> forms.TextInput:
            classes = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
            return forms.TextInput(attrs={"class": classes, "inputmode": "numeric"})

        super().__init__({"day": box(2), "month": box(2), "year": box(4)})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["invalid"] = context["widget"]["attrs"].get("aria-invalid") == "true"
        return context

    def decompress(self, value: date | None) -> list[Any]:
        return [value.day, value.month, value.year] if value else [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with the design system's error messages."""

    widget = DateWidget

    def __init__(
        self, *, label: str, past: bool = False, future: bool = False, **kwargs: Any
    ) -> None:
        self.past, self.future = past, future
        fields = tuple(forms.CharField(required=False) for _ in range(3))
        super().__init__(fields, label=label, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list or not any(data_list):
            return None
        label = str(self.label)
        if not all(data_list):
            missing = [n for n, v in zip(("day", "month", "year"), data_list, strict=True) if not v]
            raise ValidationError(f"{label} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(part) for part in data_list)
            value = date(year, month, day)
        except ValueError:
            shown = typed(" ".join(str(part).strip() for part in data_list))
            raise ValidationError(f"{label} must be a real date: {shown} is not one") from None
        if year < 1900:
            raise ValidationError(f"{label} must be after 1900")
        if self.past and value > date.today():
            raise ValidationError(f"{label} must be today or in the past")
        if self.future and value < date.today():
            raise ValidationError(f"{label} must be today or in the future")
        return value


class CheckedTextField(forms.CharField):
    """A text box for one kind of value, checked as that kind and kept in its written form;
    blank when nothing was typed."""

    attrs: dict[str, str] = {}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs=self.attrs))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = str(super().clean(value))
        return self.checked(text) if text.strip() else ""

    def checked(self, text: str) -> str:
        """The value in its written form, or a ValidationError naming the field and the text."""
        raise NotImplementedError


class PostcodeField(CheckedTextField):
    """A UK postcode, however it is spaced or cased, kept as it is written ('E1 6AN')."""

    attrs = {"width": "10"}

    def checked(self, text: str) -> str:
        if not is_postcode(text):
            raise ValidationError(
                f"{self.label} must be a UK postcode, like SW1A 1AA: {typed(text)} is not one"
            )
        return display_postcode(text)


class PhoneField(CheckedTextField):
    """A phone number to call back on: a UK number, or another country's starting with +.
    Kept as it is written in its own country ('020 7946 0000')."""

    attrs = {"width": "20", "autocomplete": "tel", "type": "tel"}

    def checked(self, text: str) -> str:
        try:
            number = phonenumbers.parse(text, "GB")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(
                f"{self.label} must be a UK phone number, like 020 7946 0000, or start with + "
                f"and the country's code: {typed(text)} is not one"
            )
        uk = phonenumbers.region_code_for_number(number) == "GB"
        style = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if uk
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        return phonenumbers.format_number(number, style)


class NhsNumberField(CheckedTextField):
    """An NHS number, with or without spaces, whose check digit is right; kept as 10 digits."""

    attrs = {"width": "10", "spellcheck": "false", "inputmode": "numeric"}

    def checked(self, text: str) -> str:
        digits = "".join(text.split())
        if not (digits.isascii() and digits.isdigit() and len(digits) == 10):
            raise ValidationError(
                f"{self.label} must be 10 digits, like 943 476 5919: {typed(text)} is not"
            )
        if not nhs_number_is_valid(digits):
            raise ValidationError(
                f"{self.label} {typed(text)} is not a real NHS number: its last digit does not "
                "match the others. Check it was copied correctly"
            )
        return digits


def address_fields() -> tuple[forms.CharField, forms.CharField, PostcodeField]:
    """The address as every form about a person asks for it: first line, town and postcode,
    each optional (an agency often knows only part of it)."""
    return (
        forms.CharField(label="Address line 1", max_length=200, required=False),
        forms.CharField(label="Town", max_length=100, required=False),
        PostcodeField(label="Postcode", required=False),
    )


class CodeForm(forms.Form):
    """The six-digit code an authenticator app shows, as the GOV.UK pattern for security codes."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code, for example 123456",
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(attrs={"width": "10", "autocomplete": "one-time-code"}),
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise ValidationError(f"Enter the code as 6 digits, not {code!r}")
        return code


class RecoveryCodeForm(forms.Form):
    """One of the recovery codes shown when the authenticator app was set up."""

    code = forms.CharField(
        label="Recovery code",
        help_text="One of the codes you kept when you set up your app, for example abcd-2345",
        error_messages={"required": "Enter one of your recovery codes"},
        widget=forms.TextInput(attrs={"width": "10", "autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        code = recovery_code_read(str(self.cleaned_data["code"]))
        if len(code) != 8 or not code.isascii() or not code.isalnum():
            raise ValidationError(f"Enter the code as 8 letters and digits, not {code!r}")
        return code


class DoneForm(SeenVersionForm):
    """Marking an action done (a MARAC's, a case audit's), saying what was done."""

    note = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter what was done"},
    )
