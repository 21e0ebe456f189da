"""Notifications as the pages print them, written in Python rather than template nodes: a
child's page lists every notification the hub made about them (dozens, each with its payload),
and the engine's nodes, lookups and escapes for each cost more than reading them."""

from collections.abc import Iterable, Sequence

from django import template
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from frontdoor.triage.models import SignOff
from frontdoor.web.dates import moment_text
from frontdoor.web.html import escaped

from ..duties import duty_title
from ..models import Notification, NotSharing
from ..selectors import Told

register = template.Library()

_TAGS = {
    "overdue": " govuk-tag--red",
    "acknowledged": " govuk-tag--green",
    "withheld": " govuk-tag--grey",
    "due": " govuk-tag--yellow",
}
_PAYLOAD_ROW = (
    '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>'
)
_CARD = """
<div class="govuk-summary-card">
  <div class="govuk-summary-card__title-wrapper">
    <h3 class="govuk-summary-card__title">{recipient}: {duty}</h3>
    <ul class="govuk-summary-card__actions"><li class="govuk-summary-card__action">{status}
</li></ul>
  </div>
  <div class="govuk-summary-card__content">
    <p class="govuk-body-s">{became} Lawful basis: {lawful_basis}.</p>
    {not_sharing}
    {payload}

    {decide}
  </div>
</div>
"""
_NOT_SHARING = '\n    <p class="govuk-body-s">{}</p>\n    '
_AWAITING = (
    "{decided_by} decided on {decided_at} not to tell them: {reason}. "
    '<a class="govuk-link" href="{url}">Awaiting a manager\'s sign-off'
    '<span class="govuk-visually-hidden">: not telling {recipient}</span></a>.'
)
_RETURNED = "A decision not to tell them was returned by {signed_off_by}: {note}"
_DECIDED = "Decided not to tell them by {decided_by} on {decided_at}{signed_off}."
_SIGNED_OFF = "; signed off by {} on {}"
_DECIDE = (
    '\n    <p class="govuk-body-s"><a class="govuk-link" href="{url}">'
    "Withdraw it: decide not to tell "
    '{recipient}<span class="govuk-visually-hidden"> ({duty})</span></a></p>\n    '
)


register.filter("duty_title", duty_title)


@register.filter
def notification_status(notification: Notification) -> SafeString:
    """The notification's status as a coloured tag; overdue when past its deadline unanswered."""
    shown = notification.shown_status
    tag = _TAGS.get(shown, " govuk-tag--blue")
    label = "Overdue" if shown == "overdue" else escaped(notification.get_status_display())
    return mark_safe(f'<strong class="govuk-tag{tag}">{label}</strong>')  # noqa: S308  # nosec B308 B703 (every value escaped)


@register.filter
def payload_list(payload: Iterable[Sequence[str]]) -> SafeString:
    """What a notification told, [label, text] pairs, as a summary list."""
    rows = "\n  ".join(_PAYLOAD_ROW.format(*map(escaped, pair)) for pair in payload)
    return mark_safe(  # noqa: S308  # nosec B308 B703 (every value escaped)
        f'<dl class="govuk-summary-list govuk-!-margin-bottom-4">\n  {rows}\n</dl>'
    )


def _name(user: User) -> str:
    return escaped(user.get_full_name() or user.username)


def _not_sharing(decision: NotSharing, recipient: str) -> str:
    """The decision not to tell the recipient, and where it stands."""
    if decision.sign_off == SignOff.AWAITING:
        return _AWAITING.format(
            decided_by=_name(decision.decided_by),
            decided_at=escaped(moment_text(decision.decided_at)),
            reason=escaped(decision.reason),
            url=escaped(reverse("sharing:not-sharing-sign-off", args=[decision.pk])),
            recipient=recipient,
        )
    if decision.sign_off == SignOff.RETURNED:
        manager = decision.signed_off_by
        return _RETURNED.format(
            signed_off_by=_name(manager) if manager else "", note=escaped(decision.sign_off_note)
        )
    signed_off = ""
    if decision.signed_off_by:
        at = decision.signed_off_at
        signed_off = _SIGNED_OFF.format(
            _name(decision.signed_off_by), escaped(moment_text(at)) if at else ""
        )
    return _DECIDED.format(
        decided_by=_name(decision.decided_by),
        decided_at=escaped(moment_text(decision.decided_at)),
        signed_off=signed_off,
    )


def _card(told: Told, front_door: bool) -> str:
    notification = told.notification
    recipient = escaped(notification.recipient.name)
    duty = escaped(duty_title(notification.duty))
    decision = notification.not_sharing
    return _CARD.format(
        recipient=recipient,
        duty=duty,
        status=notification_status(notification),
        became=escaped(told.what_became_of_it),
        lawful_basis=escaped(notification.lawful_basis),
        not_sharing=_NOT_SHARING.format(_not_sharing(decision, recipient))
        if decision and front_door
        else "",
        payload=payload_list(notification.payload),
        decide=_DECIDE.format(url=escaped(told.decide_not_to_tell), recipient=recipient, duty=duty)
        if front_door and told.decide_not_to_tell
        else "",
    )


@register.simple_tag
def notification_cards(notifications: Iterable[Told], front_door: bool) -> SafeString:
    """A card for each notification about a person: to whom, what became of it, what it said;
    for the front door, the decisions not to tell and where to make one."""
    return mark_safe("".join(_card(told, front_door) for told in notifications))  # noqa: S308  # nosec B308 B703 (every value escaped)
