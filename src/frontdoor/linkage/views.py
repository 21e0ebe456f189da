"""The review queue: possible matches, each decided by a data manager with a reason."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from frontdoor.access.policy import actor_for
from frontdoor.concurrency import EditConflict

from .forms import ReasonForm, RecordLinkForm, ReviewDecisionForm, ReviewUndoForm
from .models import ReviewStatus
from .selectors import person_for_decision, record_for_decision, review_page, reviews_open
from .services import (
    DecisionError,
    record_link,
    record_split,
    review_keep_apart,
    review_link,
    review_undo,
)


def reviews(request: HttpRequest) -> HttpResponse:
    return render(request, "linkage/reviews.html", {"reviews": reviews_open(user=request.user)})


def review(request: HttpRequest, review_id: int) -> HttpResponse:
    page = review_page(user=request.user, review_id=review_id)
    is_open = page.review.status == ReviewStatus.OPEN
    form_class = ReviewDecisionForm if is_open else ReviewUndoForm
    form = form_class(request.POST or None, initial={"version": page.review.version})
    if request.method == "POST" and form.is_valid():
        user, reason = actor_for(request.user).user, form.cleaned_data["reason"]
        seen = form.cleaned_data["version"]
        try:
            if not is_open:
                review_undo(page.review, user=user, reason=reason, seen_version=seen)
                messages.success(request, "The decision was undone: the match is open again.")
                return redirect("linkage:review", review_id=review_id)
            if form.cleaned_data["decision"] == "link":
                review_link(page.review, user=user, reason=reason, seen_version=seen)
                messages.success(
                    request, "Linked: the record is now part of this person's history."
                )
            else:
                review_keep_apart(page.review, user=user, reason=reason, seen_version=seen)
                messages.success(request, "Kept apart: the record stays a person of its own.")
        except EditConflict as conflict:
            form.conflict_show(conflict)
            return render(
                request, "linkage/review.html", {"page": page, "form": form, "is_open": is_open}
            )
        except DecisionError as error:
            messages.error(request, str(error))
            return redirect("linkage:review", review_id=review_id)
        return redirect("linkage:reviews")
    return render(request, "linkage/review.html", {"page": page, "form": form, "is_open": is_open})


def record_split_view(request: HttpRequest, record_id: int) -> HttpResponse:
    record = record_for_decision(user=request.user, record_id=record_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = record_split(
                record, user=actor_for(request.user).user, reason=form.cleaned_data["reason"]
            )
        except DecisionError as error:
            messages.error(request, str(error))
            return redirect("people:detail", person_id=record.person_id)
        messages.success(request, "Split: the record is now a person of its own.")
        return redirect("people:detail", person_id=person.pk)
    return render(request, "linkage/split.html", {"record": record, "form": form})


def record_link_view(request: HttpRequest, record_id: int) -> HttpResponse:
    record = record_for_decision(user=request.user, record_id=record_id)
    form = RecordLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["person"]
        person = person_for_decision(user=request.user, person_id=number)
        try:
            if person is None:
                raise DecisionError(f"There is no person {number}: check the number on their page.")
            record_link(
                record,
                person,
                user=actor_for(request.user).user,
                reason=form.cleaned_data["reason"],
            )
        except DecisionError as error:
            form.add_error("person", str(error))
        else:
            messages.success(
                request, f"Linked: the record is now part of {person.display_name}'s history."
            )
            return redirect("people:detail", person_id=person.pk)
    return render(request, "linkage/link.html", {"record": record, "form": form})
