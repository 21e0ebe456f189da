"""An agency's inbox of notifications, acknowledging one, the front door's overdue list, and its
decisions not to share, with a manager's sign-off."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontdoor.access.policy import actor_for, is_front_door_manager, sign_off_check
from frontdoor.people.models import Person
from frontdoor.triage.forms import SignOffAnswerForm
from frontdoor.triage.models import SignOff

from .duties import duty_title
from .forms import LiftForm, NeverTellForm, NotSharingForm
from .models import Decided
from .selectors import (
    never_tell_get,
    never_tell_person_get,
    not_sharing_get,
    notification_for_front_door,
    notification_get,
    notifications_inbox,
    notifications_overdue,
)
from .services import (
    NotificationError,
    never_tell_lift,
    never_tell_record,
    never_tell_sign_off,
    not_sharing_record,
    not_sharing_sign_off,
    notification_acknowledge,
)


def inbox(request: HttpRequest) -> HttpResponse:
    listing = notifications_inbox(user=request.user)
    return render(
        request,
        "sharing/inbox.html",
        {"listing": listing, "agency": actor_for(request.user).agency},
    )


@require_POST
def acknowledge(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = notification_get(user=request.user, notification_id=notification_id)
    try:
        notification_acknowledge(
            notification=notification,
            user=actor_for(request.user).user,
            note=request.POST.get("note", ""),
        )
    except NotificationError as error:
        messages.error(request, str(error))
    else:
        title = duty_title(notification.duty)
        messages.success(request, f"Acknowledged: {title}, about {notification.person}")
    return redirect("sharing:inbox")


def overdue(request: HttpRequest) -> HttpResponse:
    listing = notifications_overdue(user=request.user)
    return render(request, "sharing/overdue.html", {"listing": listing})


def _refused(form: forms.Form, error: NotificationError) -> None:
    """Show a service's refusal against the field it names, in the error summary."""
    name, _, text = str(error).partition(": ")
    form.add_error(name if name in form.fields else None, text or str(error))


def _who_knows_what(person: Person | None) -> str:
    """Back to who knows what on the person's page; to the overdue list where no one is named."""
    if person is None:
        return reverse("sharing:overdue")
    return reverse("people:detail", args=[person.pk]) + "#who-knows-what"


def _awaiting_or(decision: Decided, standing: str) -> str:
    """How a new decision stands: awaiting a manager's sign-off, or `standing` at once."""
    return ", awaiting a manager's sign-off" if decision.sign_off == SignOff.AWAITING else standing


Decide = Callable[[User, dict[str, Any]], str]
"""Hands a form's answer, as the acting user, to a service; says what was done."""


def _decision_page(
    request: HttpRequest,
    form_class: type[forms.Form],
    decide: Decide,
    template: str,
    person: Person | None,
    *,
    managers: bool = True,
    **context: object,
) -> HttpResponse:
    """A page where the front door decides not to tell an agency about a person, or answers
    such a decision: a valid answer goes to `decide`, and the user goes back to who knows what
    told what was done; a service's refusal shows against its field. Where only managers
    decide, anyone else's post is refused before the form is read."""
    actor = actor_for(request.user)
    form = form_class(request.POST or None)
    if request.method == "POST":
        if managers:
            sign_off_check(actor)
        if form.is_valid():
            try:
                done = decide(actor.user, form.cleaned_data)
            except NotificationError as error:
                _refused(form, error)
            else:
                messages.success(request, done)
                return redirect(_who_knows_what(person))
    return render(
        request,
        template,
        {**context, "person": person, "form": form, "may_decide": is_front_door_manager(actor)},
    )


def _sign_off_page(
    request: HttpRequest,
    decision: Decided,
    person: Person | None,
    sign_off: Callable[..., Decided],
    *,
    agreed: str,
    returned: str,
) -> HttpResponse:
    """A manager agrees a decision awaiting sign-off (`sign_off`, the service), or returns it."""

    def answer(user: User, answered: dict[str, Any]) -> str:
        agree = answered["agree"] == "yes"
        sign_off(user=user, agree=agree, note=answered["note"])
        return agreed if agree else returned

    template = "sharing/not_sharing_sign_off.html"
    return _decision_page(request, SignOffAnswerForm, answer, template, person, decision=decision)


def not_sharing(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = notification_for_front_door(user=request.user, notification_id=notification_id)

    def decide(user: User, answer: dict[str, Any]) -> str:
        decision = not_sharing_record(notification=notification, user=user, reason=answer["reason"])
        return f"Decided not to tell {notification.recipient.name}" + _awaiting_or(
            decision, ": the notification is withheld"
        )

    return _decision_page(
        request,
        NotSharingForm,
        decide,
        "sharing/not_sharing.html",
        notification.person,
        managers=False,
        notification=notification,
    )


def not_sharing_sign_off_page(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision, notification = not_sharing_get(user=request.user, decision_id=decision_id)
    return _sign_off_page(
        request,
        decision,
        notification.person if notification else None,
        partial(not_sharing_sign_off, decision=decision),
        agreed="Signed off: the notification is withheld",
        returned="Returned to the practitioner: the agency stays told",
    )


def never_tell(request: HttpRequest, person_id: int) -> HttpResponse:
    person = never_tell_person_get(user=request.user, person_id=person_id)

    def decide(user: User, answer: dict[str, Any]) -> str:
        recipient = answer["recipient"]
        decision = never_tell_record(
            person_id=person.pk, recipient=recipient, user=user, reason=answer["reason"]
        )
        return f"Decided {recipient.name} is never told about {person.display_name}" + (
            _awaiting_or(decision, ": its notifications about them are withheld")
        )

    return _decision_page(request, NeverTellForm, decide, "sharing/never_tell.html", person)


def never_tell_sign_off_page(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision, person = never_tell_get(user=request.user, decision_id=decision_id)
    return _sign_off_page(
        request,
        decision,
        person,
        partial(never_tell_sign_off, decision=decision, person_id=person.pk if person else None),
        agreed=f"Signed off: {decision.recipient.name} is never told about them",
        returned="Returned to its maker: the agency stays told",
    )


def never_tell_lift_page(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision, person = never_tell_get(user=request.user, decision_id=decision_id)

    def lift(user: User, answer: dict[str, Any]) -> str:
        never_tell_lift(decision=decision, user=user, reason=answer["reason"])
        return f"Lifted: {decision.recipient.name} is told about them again"

    template = "sharing/never_tell_lift.html"
    return _decision_page(request, LiftForm, lift, template, person, decision=decision)
