"""Forms for restricting a record, breaking the glass, and reviewing it."""

from django import forms
from django.contrib.auth.models import User


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
