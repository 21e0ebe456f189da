"""An agency's inbox of notifications, acknowledging one, and the front door's overdue list."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from frontdoor.access.policy import actor_for

from .selectors import notification_get, notifications_inbox, notifications_overdue
from .services import NotificationError, notification_acknowledge


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
