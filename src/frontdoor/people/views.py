"""Screens for finding a person and seeing everything the partnership knows about them."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frontdoor.access.policy import actor_for, sees_access_history
from frontdoor.risk.alert_selectors import alerts_of_person
from frontdoor.sharing.selectors import notifications_of_person

from .forms import PersonSearchForm
from .selectors import person_page, persons_search


def search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    found = None
    if form.is_valid():
        found = persons_search(
            user=request.user,
            name=form.cleaned_data["name"],
            date_of_birth=form.cleaned_data["date_of_birth"],
            nhs_number=(form.cleaned_data["nhs_number"] or "").replace(" ", ""),
        )
    return render(request, "people/search.html", {"form": form, "found": found})


def detail(request: HttpRequest, person_id: int) -> HttpResponse:
    page = person_page(user=request.user, person_id=person_id)
    actor = actor_for(request.user)
    return render(
        request,
        "people/detail.html",
        {
            "page": page,
            "person": page.person,
            "decides_links": actor.front_door and actor.is_data_manager,
            "alerts": alerts_of_person(user=request.user, person_id=person_id),
            "front_door": actor.front_door,
            "sees_access_history": sees_access_history(actor),
            "notifications": notifications_of_person(user=request.user, person_id=person_id),
        },
    )
