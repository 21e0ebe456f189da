"""Screens for making a referral and following what became of it, and the front door's own:
its queue, agency checks, decisions, sign-off and strategy discussions."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from frontdoor.access.models import Agency, Role
from frontdoor.access.policy import actor_for, sign_off_check
from frontdoor.concurrency import EditConflict
from frontdoor.intake.derivation import intake_backlog

from .forms import (
    CheckAnswerForm,
    CheckRequestForm,
    DecisionForm,
    QueueFilterForm,
    ReferralForm,
    SignOffForm,
    StrategyDiscussionForm,
)
from .models import DecisionOutcome, SignOff
from .receipts import referral_receipt_pdf
from .selectors import (
    check_get,
    checks_asked,
    decision_get,
    queue_read,
    referral_get,
    referral_work,
    referrals_by_source,
    referrals_of_user,
)
from .services import (
    TriageError,
    checks_request,
    decision_record,
    decision_sign_off,
    strategy_discussion_record,
)
from .submissions import check_answer_submit, referral_submit


def referral_new(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = ReferralForm(request.POST or None)
    rejected: list[str] = []
    if request.method == "POST" and form.is_valid():
        outcome = referral_submit(user=actor.user, agency=actor.agency, data=form.cleaned_data)
        if outcome.reference:
            messages.success(request, f"Referral sent: your reference is {outcome.reference}")
            return redirect("triage:referral", reference=outcome.reference)
        rejected = outcome.errors
    return render(request, "triage/referral_new.html", {"form": form, "rejected": rejected})


def referral_detail(request: HttpRequest, reference: str) -> HttpResponse:
    referral = referral_get(user=request.user, reference=reference)
    return render(request, "triage/referral_detail.html", {"referral": referral})


def referral_receipt(request: HttpRequest, reference: str) -> HttpResponse:
    referral = referral_get(user=request.user, reference=reference)
    response = HttpResponse(referral_receipt_pdf(referral), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="referral-{referral.reference}.pdf"'
    return response


def my_referrals(request: HttpRequest) -> HttpResponse:
    return render(
        request, "triage/my_referrals.html", {"referrals": referrals_of_user(user=request.user)}
    )


def _refused(form: forms.Form, error: TriageError) -> None:
    """Show a service's refusal against the field it names, in the error summary."""
    name, _, text = str(error).partition(": ")
    form.add_error(name if name in form.fields else None, text or str(error))


def queue(request: HttpRequest) -> HttpResponse:
    agencies = list(Agency.objects.order_by("name"))
    form = QueueFilterForm(request.GET or None, agencies=agencies)
    work = queue_read(
        user=request.user, filters=form.filters(), page_number=request.GET.get("page")
    )
    return render(
        request,
        "triage/queue.html",
        {"queue": work, "form": form, "backlog": intake_backlog()},
    )


def referrals_by_source_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "triage/by_source.html", {"tallies": referrals_by_source(user=request.user)}
    )


def work(request: HttpRequest, reference: str) -> HttpResponse:
    page = referral_work(user=request.user, reference=reference)
    return render(request, "triage/work.html", {"work": page})


def checks_new(request: HttpRequest, reference: str) -> HttpResponse:
    page = referral_work(user=request.user, reference=reference)
    form = CheckRequestForm(request.POST or None, asked={c.agency_id for c in page.checks})
    if request.method == "POST" and form.is_valid():
        try:
            checks = checks_request(
                referral=page.referral,
                agencies=list(form.cleaned_data["agencies"]),
                question=form.cleaned_data["question"],
                user=actor_for(request.user).user,
            )
        except TriageError as error:
            _refused(form, error)
        else:
            names = ", ".join(c.agency.name for c in checks)
            messages.success(request, f"Asked {names}")
            return redirect("triage:work", reference=page.referral.reference)
    return render(request, "triage/checks_new.html", {"work": page, "form": form})


def checks(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/checks.html", {"asked": checks_asked(user=request.user)})


def check(request: HttpRequest, check_id: int) -> HttpResponse:
    asked = check_get(user=request.user, check_id=check_id)
    form = CheckAnswerForm(request.POST or None, initial={"version": asked.check.version})
    if request.method == "POST" and form.is_valid():
        try:
            check_answer_submit(
                check=asked.check,
                user=actor_for(request.user).user,
                holds=form.cleaned_data["holds"] == "yes",
                answer=form.cleaned_data["answer"],
                seen_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            form.conflict_show(conflict)
        except TriageError as error:
            _refused(form, error)
        else:
            messages.success(request, "Answer sent to the front door")
            return redirect("triage:checks")
    return render(request, "triage/check.html", {"asked": asked, "form": form})


def decide(request: HttpRequest, reference: str) -> HttpResponse:
    page = referral_work(user=request.user, reference=reference)
    form = DecisionForm(request.POST or None, initial={"version": page.referral.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            decision = decision_record(
                referral=page.referral,
                user=actor_for(request.user).user,
                seen_version=data.pop("version"),
                **data,
            )
        except EditConflict as conflict:
            form.conflict_show(conflict)
        except TriageError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                f"Decision recorded: {decision.get_outcome_display()}"
                + (
                    ", awaiting a manager's sign-off"
                    if decision.sign_off == SignOff.AWAITING
                    else "; the referrer has been told"
                ),
            )
            return redirect("triage:work", reference=page.referral.reference)
    return render(request, "triage/decide.html", {"work": page, "form": form})


def sign_off(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    decision = decision_get(user=request.user, decision_id=decision_id)
    page = referral_work(user=request.user, reference=str(decision.referral_id))
    form = SignOffForm(request.POST or None, initial={"version": decision.version})
    if request.method == "POST":
        sign_off_check(actor)
        if form.is_valid():
            agree = form.cleaned_data["agree"] == "yes"
            try:
                decision_sign_off(
                    decision=decision,
                    user=actor.user,
                    agree=agree,
                    note=form.cleaned_data["note"],
                    seen_version=form.cleaned_data["version"],
                )
            except EditConflict as conflict:
                form.conflict_show(conflict)
            except TriageError as error:
                _refused(form, error)
            else:
                messages.success(
                    request,
                    "Signed off; the referrer has been told"
                    if agree
                    else "Returned to the practitioner",
                )
                return redirect("triage:work", reference=page.referral.reference)
    return render(
        request,
        "triage/sign_off.html",
        {
            "work": page,
            "decision": decision,
            "form": form,
            "may_sign_off": actor.role in (Role.MANAGER, Role.ADMINISTRATOR),
        },
    )


def strategy(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = decision_get(user=request.user, decision_id=decision_id)
    if decision.outcome != DecisionOutcome.STRATEGY_DISCUSSION or not decision.stands:
        raise Http404("No strategy discussion was decided on there.")
    page = referral_work(user=request.user, reference=str(decision.referral_id))
    form = StrategyDiscussionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        zone = timezone.get_current_timezone()
        try:
            strategy_discussion_record(
                decision=decision,
                user=actor_for(request.user).user,
                held_at=datetime.combine(data["held_on"], data["held_time"], tzinfo=zone),
                agencies=list(data["agencies"]),
                attendees=data["attendees"],
                outcome=data["outcome"],
                actions=data["actions"],
            )
        except TriageError as error:
            _refused(form, error)
        else:
            messages.success(request, "Strategy discussion recorded")
            return redirect("triage:work", reference=page.referral.reference)
    return render(request, "triage/strategy.html", {"work": page, "form": form})
