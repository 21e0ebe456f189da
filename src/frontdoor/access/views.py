"""Screens for restricted records, break-glass access and its review, a manager's team, and an
administrator's help for someone who cannot sign in."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from .forms import BreakGlassForm, LiftForm, NameForm, RestrictForm, ReviewForm, SignInHelpForm
from .policy import actor_for, person_route_of
from .selectors import (
    break_glass_grant_get,
    break_glass_grants,
    break_glass_person,
    locked_out_staff,
    person_for_restriction,
    restriction_get,
    restrictions_list,
    staff_helped,
    team_work,
)
from .services import (
    AccessError,
    break_glass_grant,
    break_glass_refusal_record,
    break_glass_review,
    restriction_create,
    restriction_lift,
    restriction_name,
    sign_in_unlock,
)
from .two_factor import totp_reset


def restrictions(request: HttpRequest) -> HttpResponse:
    return render(
        request, "access/restrictions.html", {"restrictions": restrictions_list(user=request.user)}
    )


def restriction_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for_restriction(user=request.user, person_id=person_id)
    form = RestrictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            restriction = restriction_create(
                person=person,
                reason=form.cleaned_data["reason"],
                named_users=form.cleaned_data["named_users"],
                user=actor_for(request.user).user,
            )
        except AccessError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Restricted: only the people named may open {person.display_name}."
            )
            return redirect("access:restriction", restriction_id=restriction.pk)
    return render(request, "access/restriction_new.html", {"person": person, "form": form})


def restriction(request: HttpRequest, restriction_id: int) -> HttpResponse:
    shown = restriction_get(user=request.user, restriction_id=restriction_id)
    named = "\n".join(sorted(u.username for u in shown.restriction.named_users.all()))
    form = NameForm(request.POST or None, initial={"named_users": named})
    if request.method == "POST" and form.is_valid():
        try:
            restriction_name(
                restriction=shown.restriction,
                named_users=form.cleaned_data["named_users"],
                reason=form.cleaned_data["reason"],
                user=actor_for(request.user).user,
            )
        except AccessError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved: the list of who may open the record has changed.")
            return redirect("access:restriction", restriction_id=restriction_id)
    return render(request, "access/restriction.html", {"shown": shown, "form": form})


def restriction_lift_view(request: HttpRequest, restriction_id: int) -> HttpResponse:
    shown = restriction_get(user=request.user, restriction_id=restriction_id)
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            restriction_lift(
                restriction=shown.restriction,
                reason=form.cleaned_data["reason"],
                user=actor_for(request.user).user,
            )
        except AccessError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Lifted: the record is no longer restricted.")
            return redirect("access:restrictions")
    return render(request, "access/restriction_lift.html", {"shown": shown, "form": form})


def break_glass(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    if person_route_of(actor, person_id) is not None:
        return redirect("people:detail", person_id=person_id)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        person = break_glass_person(user=request.user, person_id=person_id)
        if person is None:
            break_glass_refusal_record(person_id=person_id, reason=reason, user=actor.user)
            return render(
                request, "access/break_glass_refused.html", {"person_id": person_id}, status=404
            )
        grant = break_glass_grant(person=person, reason=reason, user=actor.user)
        messages.warning(
            request,
            f"You may open this record until {timezone.localtime(grant.expires_at):%H:%M}. "
            "The data protection lead has been told.",
        )
        return redirect("people:detail", person_id=person_id)
    return render(request, "access/break_glass.html", {"person_id": person_id, "form": form})


def break_glass_grants_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "access/break_glass_grants.html", {"grants": break_glass_grants(user=request.user)}
    )


def break_glass_review_view(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = break_glass_grant_get(user=request.user, grant_id=grant_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            break_glass_review(
                grant=grant, note=form.cleaned_data["note"], user=actor_for(request.user).user
            )
        except AccessError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Reviewed: your finding is recorded.")
            return redirect("access:break-glass-grants")
    return render(request, "access/break_glass_review.html", {"grant": grant, "form": form})


def team(request: HttpRequest) -> HttpResponse:
    return render(request, "access/team.html", {"work": team_work(user=request.user)})


def sign_in_help(request: HttpRequest) -> HttpResponse:
    """Who is locked out, and a form to unlock a sign-in or reset an authenticator app."""
    administrator = actor_for(request.user).user
    form = SignInHelpForm(
        request.POST or None,
        helped=staff_helped(user=request.user),
        administrator=administrator,
        initial={"username": request.GET.get("username", "")},
    )
    if request.method == "POST" and form.is_valid():
        member, reason = form.cleaned_data["username"], form.cleaned_data["reason"]
        if form.cleaned_data["task"] == SignInHelpForm.AUTHENTICATOR:
            totp_reset(user=member, reset_by=administrator, reason=reason)
            messages.success(
                request,
                f"{member.username} will set up an authenticator app when they next sign in. "
                "They have been told by email.",
            )
            return redirect("access:sign-in-help")
        if sign_in_unlock(username=member.username, unlocked_by=administrator, reason=reason):
            messages.success(request, f"{member.username} can sign in again.")
            return redirect("access:sign-in-help")
        form.add_error(
            "username",
            f"{member.username!r} is not locked out: they can sign in with their password",
        )
    return render(
        request,
        "access/sign_in_help.html",
        {
            "form": form,
            "locked": locked_out_staff(user=request.user),
            "failure_limit": settings.FRONTDOOR_LOCKOUT_FAILURES,
        },
    )
