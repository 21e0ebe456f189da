"""Forms for restricting a record, breaking the glass, reviewing it, and helping someone sign in."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet


def _reason(label: str, help_text: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": required},
    )


class NamedUsersField(forms.CharField):
    """Usernames, one a line or separated by commas, read as the users they name."""

    def __init__(self) -> None:
        super().__init__(
            label="Who may open the record",
            help_text="Usernames, one a line. Anyone not named, the front door included, will "
            "not find the person in a search or a list, nor open their page.",
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
        )

    def clean(self, value: object) -> list[User]:
        text = str(super().clean(value) or "")
        names = sorted({n.strip() for n in text.replace(",", "\n").splitlines() if n.strip()})
        users = list(User.objects.filter(username__in=names, staff_profile__isnull=False))
        unknown = sorted(set(names) - {user.username for user in users})
        if unknown:
            raise forms.ValidationError(
                f"No member of staff has the username {', '.join(repr(n) for n in unknown)}"
            )
        return users


class RestrictForm(forms.Form):
    named_users = NamedUsersField()
    reason = _reason(
        "Why the record is restricted",
        "For example: a child whose whereabouts must be kept from a parent. Kept with the "
        "restriction and in the audit log.",
        "Give the reason the record is restricted",
    )


class NameForm(forms.Form):
    named_users = NamedUsersField()
    reason = _reason(
        "Why the list changes",
        "Kept in the audit log with the list before and after.",
        "Give the reason the list changes",
    )


class LiftForm(forms.Form):
    reason = _reason(
        "Why the restriction ends",
        "Kept with the restriction and in the audit log.",
        "Give the reason the restriction ends",
    )


class BreakGlassForm(forms.Form):
    reason = _reason(
        "Why you need to see this record now",
        "Say what the emergency is and what you will do with what you see. The data protection "
        "lead is told at once and reviews every use.",
        "Give the reason you need to see this record",
    )


class ReviewForm(forms.Form):
    note = _reason(
        "Your finding",
        "Whether the access was justified, and anything followed up. Kept in the audit log.",
        "Give your finding on this access",
    )


class SignInHelpForm(forms.Form):
    UNLOCK = "unlock"
    AUTHENTICATOR = "authenticator"

    username = forms.CharField(
        label="Their username",
        error_messages={"required": "Enter the username of the member of staff"},
    )
    task = forms.ChoiceField(
        label="What they need",
        choices=[
            (UNLOCK, "Unlock their sign-in (too many wrong passwords)"),
            (AUTHENTICATOR, "Reset their authenticator app (a lost or new phone)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what they need"},
    )
    reason = _reason(
        "How you know it is them, and why",
        "For example: they rang the service desk and you called them back on their work "
        "number. Kept in the audit log.",
        "Say how you know it is them, and why",
    )

    def __init__(self, *args: Any, helped: QuerySet[User], administrator: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.helped = helped
        self.administrator = administrator

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip()
        member = self.helped.filter(username=name).first()
        if member is None:
            raise forms.ValidationError(
                f"No member of staff whose sign-in you can help with has the username {name!r}"
            )
        return member

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("task") == self.AUTHENTICATOR
            and cleaned.get("username") == self.administrator
        ):
            self.add_error(
                "username",
                "You cannot reset your own authenticator app: ask another administrator",
            )
        return cleaned
