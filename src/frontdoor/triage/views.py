"""Screens for making a referral, keeping its receipt and following what became of it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from frontdoor.access.policy import actor_for

from .forms import ReferralForm
from .receipts import referral_receipt_pdf
from .selectors import referral_get, referrals_of_user
from .submissions import referral_submit


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
