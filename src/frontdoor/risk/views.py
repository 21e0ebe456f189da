"""Screens for completing a DASH risk checklist and seeing its result."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from frontdoor.access.policy import actor_for
from frontdoor.people.models import Person
from frontdoor.people.selectors import person_get

from .dash import HONOUR_BASED_ABUSE, MARAC_THRESHOLD, PROMPTS
from .forms import DashForm
from .selectors import dash_result_get
from .submissions import dash_submit


def _checklist(request: HttpRequest, person: Person | None) -> HttpResponse:
    actor = actor_for(request.user)
    form = DashForm(request.POST or None, victim=person is None)
    rejected: list[str] = []
    if request.method == "POST" and form.is_valid():
        outcome = dash_submit(
            user=actor.user, agency=actor.agency, data=form.cleaned_data, person=person
        )
        stored = outcome.status == "accepted" or (
            outcome.status == "duplicate" and not outcome.errors
        )
        if stored and outcome.inbox_id is not None:
            sent = "DASH risk checklist sent to the front door"
            messages.success(request, "; ".join([sent, *outcome.warnings]))
            return redirect("risk:dash-result", message_id=outcome.inbox_id)
        rejected = outcome.errors
    return render(
        request,
        "risk/dash_form.html",
        {
            "form": form,
            "person": person,
            "rejected": rejected,
            "prompts": PROMPTS,
            "honour_based_abuse": HONOUR_BASED_ABUSE,
        },
    )


def dash_new(request: HttpRequest) -> HttpResponse:
    return _checklist(request, person=None)


def dash_for_person(request: HttpRequest, person_id: int) -> HttpResponse:
    return _checklist(request, person_get(user=request.user, person_id=person_id, purpose="dash"))


def dash_result(request: HttpRequest, message_id: int) -> HttpResponse:
    result = dash_result_get(user=request.user, message_id=message_id)
    return render(
        request, "risk/dash_result.html", {"result": result, "marac_threshold": MARAC_THRESHOLD}
    )
