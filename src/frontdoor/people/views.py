"""Screens for finding a person and seeing everything the partnership knows about them."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from frontdoor.access.policy import Section, actor_for, sees_access_history
from frontdoor.access.selectors import restricting_of
from frontdoor.audit.services import access_records_together
from frontdoor.risk.alert_selectors import alerts_of_person
from frontdoor.sharing.selectors import never_tell_of_person, notifications_of_person

from .forms import PersonSearchForm
from .selectors import person_page, persons_now_holding_records_of, persons_search


def search(request: HttpRequest) -> HttpResponse:
    # Sent by POST: a name, a date of birth and an NHS number in a query string would stay in
    # browser histories and in every access log between the browser and the hub.
    form = PersonSearchForm(request.POST if request.method == "POST" else None)
    found = None
    if form.is_valid():
        found = persons_search(
            user=request.user,
            name=form.cleaned_data["name"],
            date_of_birth=form.cleaned_data["date_of_birth"],
            nhs_number=form.cleaned_data["nhs_number"],
        )
    return render(request, "people/search.html", {"form": form, "found": found})


def detail(request: HttpRequest, person_id: int) -> HttpResponse:
    holders = persons_now_holding_records_of(person_id)
    if holders:
        return records_moved(request, person_id, holders)
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


def records_moved(request: HttpRequest, person_id: int, holders: list[int]) -> HttpResponse:
    """The page of a person whose records were all found to be of someone else: the reader
    goes on to that person, or chooses among them when the records went to several."""
    if len(holders) == 1:
        messages.info(
            request,
            f"Person {person_id}'s records were found to be of person {holders[0]} and moved "
            "here, so the old address shows this person.",
        )
        return redirect("people:detail", person_id=holders[0])
    return render(
        request, "people/records_moved.html", {"person_id": person_id, "holders": holders}
    )
