"""Quality assurance's pages: the weekly dip samples, their reviewers' lists and the review
form; case audits, their findings, sending them on, acknowledging them, their actions and how
far they have gone. Views stay thin: the services write and check, the selectors read and log."""

import csv

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from frontdoor.access.policy import actor_for, is_quality_lead
from frontdoor.concurrency import EditConflict
from frontdoor.reminders import due_soon_by
from frontdoor.web.forms import DoneForm

from .exports import EXPORT_COLUMNS, export_row
from .forms import (
    AcknowledgeForm,
    ActionCancelForm,
    ActionForm,
    AssignForm,
    AuditForm,
    DisseminateForm,
    DrawForm,
    FindingForm,
    ReviewerForm,
    ReviewForm,
)
from .models import REVIEW_QUESTIONS
from .selectors import (
    action_get,
    actions_mine,
    audit_child_by_hand,
    audit_child_from_review,
    audit_read,
    audits_list,
    dissemination_read,
    finding_get,
    findings_received,
    received_get,
    review_read,
    reviews_mine,
    sample_read,
    samples_list,
)
from .services import (
    QualityError,
    action_add,
    action_cancel,
    action_complete,
    action_due_default,
    audit_open,
    finding_acknowledge,
    finding_disseminate,
    finding_record,
    review_assign,
    review_complete,
    reviews_assign,
    sample_draw,
)


def _refused(form: forms.Form, error: QualityError) -> None:
    """Show a service's refusal against the field it names, in the error summary."""
    name, _, text = str(error).partition(": ")
    form.add_error(name if name in form.fields else None, text or str(error))


def index(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            drawn = sample_draw(
                week=form.cleaned_data["week"], seed=form.cleaned_data["seed"], user=actor.user
            )
        except QualityError as error:
            _refused(form, error)
        else:
            sample = drawn.sample
            if drawn.new:
                messages.success(request, f"{sample.week} drawn with seed {sample.seed}")
            else:
                messages.info(request, f"{sample.week} was already drawn, with seed {sample.seed}")
            return redirect("quality:sample", week=sample.week)
    return render(
        request, "quality/index.html", {"form": form, "samples": samples_list(user=request.user)}
    )


def sample(request: HttpRequest, week: str) -> HttpResponse:
    actor = actor_for(request.user)
    found, reviews = sample_read(user=request.user, week=week)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="dip-sample-{found.week}.csv"'
        writer = csv.writer(response)
        writer.writerow(EXPORT_COLUMNS)
        for review in reviews:
            writer.writerow(export_row(review))
        return response
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assigned = reviews_assign(
                user=actor.user, sample=found, reviewers=list(form.cleaned_data["reviewers"])
            )
        except QualityError as error:
            _refused(form, error)
        else:
            messages.success(request, f"{len(assigned)} incidents assigned")
            return redirect("quality:sample", week=found.week)
    population = {name: len(keys) for name, keys in found.population.items()}
    return render(
        request,
        "quality/sample.html",
        {
            "sample": found,
            "reviews": reviews,
            "form": form,
            "population": sum(population.values()),
            "strata": len(population),
            "unassigned": sum(1 for r in reviews if r.reviewer_id is None),
        },
    )


def reviews(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/reviews.html", {"reviews": reviews_mine(user=request.user)})


def review(request: HttpRequest, review_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    found = review_read(user=request.user, review_id=review_id)
    lead = is_quality_lead(actor)
    posted = request.POST if request.method == "POST" else None
    form = ReviewForm(posted if posted and "reviewer" not in posted else None)
    reviewer_form = ReviewerForm(
        posted if posted and "reviewer" in posted else None,
        initial={"reviewer": found.review.reviewer_id},
    )
    if posted and "reviewer" in posted and reviewer_form.is_valid():
        try:
            review_assign(
                user=actor.user,
                review=found.review,
                reviewer=reviewer_form.cleaned_data["reviewer"],
            )
        except QualityError as error:
            _refused(reviewer_form, error)
        else:
            messages.success(request, "Reviewer changed")
            return redirect("quality:review", review_id=review_id)
    elif posted and form.is_valid():
        data = form.cleaned_data
        try:
            review_complete(
                user=actor.user,
                review=found.review,
                answers={q.field: data[q.field] for q in REVIEW_QUESTIONS},
                notes={q.field: data[f"{q.field}_notes"] for q in REVIEW_QUESTIONS},
                result=data["result"],
                result_notes=data["result_notes"],
            )
        except QualityError as error:
            _refused(form, error)
        else:
            messages.success(request, "Review completed")
            return redirect("quality:review", review_id=review_id)
    return render(
        request,
        "quality/review.html",
        {
            "page": found,
            "review": found.review,
            "form": form,
            "reviewer_form": reviewer_form,
            "lead": lead,
            "answers": [
                (q, found.review.answer_label(q.field), getattr(found.review, f"{q.field}_notes"))
                for q in REVIEW_QUESTIONS
            ],
        },
    )


def audits(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/audits.html", {"rows": audits_list(user=request.user)})


def audit_new(request: HttpRequest) -> HttpResponse:
    """Open an audit of a child from a sampled incident (`?review=ID&child=REF`) or by hand."""
    actor = actor_for(request.user)
    review_id, ref = request.GET.get("review", ""), request.GET.get("child", "")
    chosen = None
    if review_id.isdigit() and ref:
        chosen = audit_child_from_review(user=request.user, review_id=int(review_id), ref=ref)
    form = AuditForm(request.POST or None, by_hand=chosen is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            child, review = (
                chosen
                if chosen is not None
                else (audit_child_by_hand(user=request.user, person_id=data["person"]), None)
            )
            audit = audit_open(
                user=actor.user,
                child=child,
                review=review,
                agencies=list(data["agencies"]),
                scope=data["scope"],
            )
        except QualityError as error:
            _refused(form, error)
        else:
            messages.success(request, f"Case audit {audit.pk} opened")
            return redirect("quality:audit", audit_id=audit.pk)
    return render(
        request,
        "quality/audit_new.html",
        {"form": form, "child": chosen[0] if chosen else None},
    )


def audit(request: HttpRequest, audit_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    today = timezone.localdate()
    found = audit_read(user=request.user, audit_id=audit_id)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            finding_record(
                user=actor.user,
                audit=found.audit,
                text=form.cleaned_data["text"],
            )
        except QualityError as error:
            _refused(form, error)
        else:
            messages.success(request, "Finding recorded")
            return redirect("quality:audit", audit_id=audit_id)
    return render(
        request,
        "quality/audit.html",
        {"page": found, "form": form, "today": today, "soon": due_soon_by(today)},
    )


def disseminate(request: HttpRequest, finding_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    finding = finding_get(user=request.user, finding_id=finding_id)
    form = DisseminateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = finding_disseminate(
                user=actor.user,
                finding=finding,
                practitioners=list(form.cleaned_data["practitioners"]),
                teams=list(form.cleaned_data["teams"]),
            )
        except QualityError as error:
            _refused(form, error)
        else:
            messages.success(
                request, f"Finding sent to {len(sent)} recipient{'s' * (len(sent) != 1)}"
            )
            return redirect("quality:audit", audit_id=finding.audit_id)
    return render(request, "quality/disseminate.html", {"finding": finding, "form": form})


def findings(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "quality/findings.html",
        {"received": findings_received(user=request.user), "today": timezone.localdate()},
    )


def finding(request: HttpRequest, dissemination_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    found = received_get(user=request.user, dissemination_id=dissemination_id)
    form = AcknowledgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and found.acknowledged_at is None and form.is_valid():
        try:
            finding_acknowledge(
                user=actor.user, dissemination=found, note=form.cleaned_data["note"]
            )
        except QualityError as error:
            _refused(form, error)
        else:
            messages.success(request, "Finding acknowledged")
            return redirect("quality:findings")
    return render(
        request,
        "quality/finding.html",
        {"sent": found, "form": form, "today": timezone.localdate()},
    )


def dissemination(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "quality/dissemination.html",
        {"page": dissemination_read(user=request.user, today=today), "today": today},
    )


def action_new(request: HttpRequest, finding_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    finding = finding_get(user=request.user, finding_id=finding_id)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        initial={"due_on": action_due_default(timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action_add(
                user=actor.user,
                finding=finding,
                description=data["description"],
                owner=data["owner"],
                team=data["team"],
                due_on=data["due_on"],
            )
        except QualityError as error:
            _refused(form, error)
        else:
            messages.success(request, "Action added")
            return redirect("quality:audit", audit_id=finding.audit_id)
    return render(request, "quality/action_new.html", {"finding": finding, "form": form})


def actions(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "quality/actions.html",
        {"actions": actions_mine(user=request.user), "today": today, "soon": due_soon_by(today)},
    )


def action(request: HttpRequest, action_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    found = action_get(user=request.user, action_id=action_id)
    posted = request.POST if request.method == "POST" else None
    cancelling = posted is not None and "cancel-version" in posted
    initial = {"version": found.version}
    done_form = DoneForm(None if cancelling else posted, prefix="done", initial=initial)
    cancel_form = ActionCancelForm(posted if cancelling else None, prefix="cancel", initial=initial)
    form = cancel_form if cancelling else done_form
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if cancelling:
                action_cancel(
                    user=actor.user,
                    action=found,
                    reason=data["reason"],
                    seen_version=data["version"],
                )
            else:
                action_complete(
                    user=actor.user, action=found, note=data["note"], seen_version=data["version"]
                )
        except EditConflict as conflict:
            form.conflict_show(conflict)
            found = action_get(user=request.user, action_id=action_id)
        except QualityError as error:
            _refused(form, error)
        else:
            messages.success(request, "Action cancelled" if cancelling else "Action marked done")
            return redirect("quality:action", action_id=action_id)
    return render(
        request,
        "quality/action.html",
        {
            "action": found,
            "done_form": done_form,
            "cancel_form": cancel_form,
            "lead": is_quality_lead(actor),
            "today": timezone.localdate(),
        },
    )
