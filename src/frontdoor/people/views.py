"""Screens for finding a person and seeing everything the partnership knows about them."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from frontdoor.access.policy import Section, actor_for, sees_access_history
from frontdoor.access.selectors import restricting_of
from frontdoor.audit.services import access_records_together
from frontdoor.risk.alert_selectors import alerts_of_person
from frontdoor.sharing.selectors import never_tell_of_person, notifications_of_person

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
    # The page reads the person in parts; their access logs are written together, before it shows.
    with access_records_together():
        try:
            page = person_page(user=request.user, person_id=person_id)
        except Http404:
            # The same page for an unknown person and one the reader may not open, so it tells
            # nothing; from it, break-glass asks why before it opens anything.
            return render(request, "people/not_found.html", {"person_id": person_id}, status=404)
        actor = actor_for(request.user)
        # The page's other parts take the route the reader opened the person by, decided once.
        opened_by = page.opened_by
        context = {
            "page": page,
            "person": page.person,
            "decides_links": actor.front_door and actor.is_data_manager,
            "alerts": alerts_of_person(user=request.user, person_id=person_id, decided=opened_by)
            if Section.ALERTS in page.sections
            else [],
            "front_door": actor.front_door,
            "sees_access_history": sees_access_history(actor),
            "notifications": notifications_of_person(
                user=request.user, person_id=person_id, decided=opened_by
            ),
            "never_tell": never_tell_of_person(
                user=request.user, person_id=person_id, decided=opened_by
            ),
            "restrictions": restricting_of(
                user=request.user, person_id=person_id, decided=opened_by
            ),
        }
    return render(request, "people/detail.html", context)
