"""An agency's inbox of notifications, acknowledging one, the front door's overdue list, and its
decisions not to share, with a manager's sign-off."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontdoor.access.models import Role
from frontdoor.access.policy import actor_for, sign_off_check
from frontdoor.triage.forms import SignOffAnswerForm
from frontdoor.triage.models import SignOff

from .forms import LiftForm, NeverTellForm, NotSharingForm
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
        messages.success(request, f"Acknowledged: {notification.duty} about {notification.person}")
    return redirect("sharing:inbox")


def overdue(request: HttpRequest) -> HttpResponse:
    listing = notifications_overdue(user=request.user)
    return render(request, "sharing/overdue.html", {"listing": listing})


def _refused(form: forms.Form, error: NotificationError) -> None:
    """Show a service's refusal against the field it names, in the error summary."""
    name, _, text = str(error).partition(": ")
    form.add_error(name if name in form.fields else None, text or str(error))


def _who_knows_what(person_id: int) -> str:
    return reverse("people:detail", args=[person_id]) + "#who-knows-what"


def not_sharing(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = notification_for_front_door(user=request.user, notification_id=notification_id)
    form = NotSharingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = not_sharing_record(
                notification=notification,
                user=actor_for(request.user).user,
                reason=form.cleaned_data["reason"],
            )
        except NotificationError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                f"Decided not to tell {notification.recipient.name}"
                + (
                    ", awaiting a manager's sign-off"
                    if decision.sign_off == SignOff.AWAITING
                    else ": the notification is withheld"
                ),
            )
            return redirect(_who_knows_what(notification.person_id))
    return render(request, "sharing/not_sharing.html", {"notification": notification, "form": form})


def not_sharing_sign_off_page(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    decision, notification = not_sharing_get(user=request.user, decision_id=decision_id)
    form = SignOffAnswerForm(request.POST or None)
    if request.method == "POST":
        sign_off_check(actor)
        if form.is_valid():
            agree = form.cleaned_data["agree"] == "yes"
            try:
                not_sharing_sign_off(
                    decision=decision, user=actor.user, agree=agree, note=form.cleaned_data["note"]
                )
            except NotificationError as error:
                _refused(form, error)
            else:
                messages.success(
                    request,
                    "Signed off: the notification is withheld"
                    if agree
                    else "Returned to the practitioner: the agency stays told",
                )
                return redirect(
                    _who_knows_what(notification.person_id) if notification else "sharing:overdue"
                )
    return render(
        request,
        "sharing/not_sharing_sign_off.html",
        {
            "decision": decision,
            "person": notification.person if notification else None,
            "form": form,
            "may_sign_off": actor.role in (Role.MANAGER, Role.ADMINISTRATOR),
        },
    )


def never_tell(request: HttpRequest, person_id: int) -> HttpResponse:
    person = never_tell_person_get(user=request.user, person_id=person_id)
    form = NeverTellForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recipient = form.cleaned_data["recipient"]
        try:
            decision = never_tell_record(
                person_id=person.pk,
                recipient=recipient,
                user=actor_for(request.user).user,
                reason=form.cleaned_data["reason"],
            )
        except NotificationError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                f"Decided {recipient.name} is never told about {person.display_name}"
                + (
                    ", awaiting a manager's sign-off"
                    if decision.sign_off == SignOff.AWAITING
                    else ": its notifications about them are withheld"
                ),
            )
            return redirect(_who_knows_what(person.pk))
    actor = actor_for(request.user)
    return render(
        request,
        "sharing/never_tell.html",
        {
            "person": person,
            "form": form,
            "may_decide": actor.role in (Role.MANAGER, Role.ADMINISTRATOR),
        },
    )


def never_tell_sign_off_page(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    decision, person = never_tell_get(user=request.user, decision_id=decision_id)
    form = SignOffAnswerForm(request.POST or None)
    if request.method == "POST":
        sign_off_check(actor)
        if form.is_valid():
            agree = form.cleaned_data["agree"] == "yes"
            try:
                never_tell_sign_off(
                    decision=decision,
                    person_id=person.pk if person else None,
                    user=actor.user,
                    agree=agree,
                    note=form.cleaned_data["note"],
                )
            except NotificationError as error:
                _refused(form, error)
            else:
                messages.success(
                    request,
                    f"Signed off: {decision.recipient.name} is never told about them"
                    if agree
                    else "Returned to its maker: the agency stays told",
                )
                return redirect(_who_knows_what(person.pk) if person else "sharing:overdue")
    return render(
        request,
        "sharing/not_sharing_sign_off.html",
        {
            "decision": decision,
            "person": person,
            "form": form,
            "may_sign_off": actor.role in (Role.MANAGER, Role.ADMINISTRATOR),
        },
    )


def never_tell_lift_page(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    decision, person = never_tell_get(user=request.user, decision_id=decision_id)
    form = LiftForm(request.POST or None)
    if request.method == "POST":
        sign_off_check(actor)
        if form.is_valid():
            try:
                never_tell_lift(
                    decision=decision, user=actor.user, reason=form.cleaned_data["reason"]
                )
            except NotificationError as error:
                _refused(form, error)
            else:
                messages.success(
                    request, f"Lifted: {decision.recipient.name} is told about them again"
                )
                return redirect(_who_knows_what(person.pk) if person else "sharing:overdue")
    return render(
        request,
        "sharing/never_tell_lift.html",
        {
            "decision": decision,
            "person": person,
            "form": form,
            "may_lift": actor.role in (Role.MANAGER, Role.ADMINISTRATOR),
        },
    )
