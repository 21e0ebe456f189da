"""Screens that belong to no one stage: the start page, signing in and out, the second factor."""

import io
from collections.abc import Callable
from typing import Any, TypeVar, cast

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from frontdoor.access.two_factor import (
    recovery_code_use,
    recovery_codes_issue,
    recovery_codes_left,
    totp_device,
    totp_enrol,
    totp_enrolment_device,
    totp_secret,
)
from frontdoor.quality.selectors import actions_due_mine

from .forms import CodeForm, RecoveryCodeForm

RECOVERY_CODES_SHOWN = "recovery_codes_to_show"

View = TypeVar("View", bound=Callable[..., Any])


def two_factor_not_required(view: View) -> View:
    """Mark a view a signed-in user may reach before giving their code (see middleware.py)."""
    view.two_factor_required = False  # type: ignore[attr-defined]
    return view


def home(request: HttpRequest) -> HttpResponse:
    """The start page: where to go, and how many of the user's case-audit actions are overdue or
    due soon."""
    placed = getattr(request.user, "staff_profile", None) is not None
    due = actions_due_mine(user=request.user, today=timezone.localdate()) if placed else None
    return render(request, "web/home.html", {"actions_due": due})


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever icon a page names: send them to the one it names."""
    return redirect(static("web/favicon.svg"))


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "web/sign_in.html"
    redirect_authenticated_user = True


@method_decorator(two_factor_not_required, name="dispatch")
class SignOutView(auth_views.LogoutView):
    pass


def _signed_in(request: HttpRequest) -> User:
    """The user who gave their password: every view here sits behind LoginRequiredMiddleware."""
    return cast(User, request.user)


def _elsewhere(request: HttpRequest, name: str) -> HttpResponse:
    """Send the user to another two-factor page, keeping where they were going."""
    query = request.GET.urlencode(safe="/")
    return redirect(reverse(name) + (f"?{query}" if query else ""))


def _next(request: HttpRequest) -> str:
    """Where to go once the code is given: the page asked for, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else settings.LOGIN_REDIRECT_URL


@never_cache
@two_factor_not_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code after the password; a user with no authenticator is sent to set one up."""
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect(_next(request))
    device = totp_device(_signed_in(request))
    if device is None:
        return _elsewhere(request, "two-factor-set-up")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            request.session.cycle_key()  # a new session key for the higher privilege
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error(
            "code",
            "The code is not right, or was used already: enter the code your app shows now"
            if allowed
            else "Too many wrong codes: wait a minute, then enter the code your app shows now",
        )
    return render(request, "web/two_factor.html", {"form": form, "next": _next(request)})


@never_cache
@two_factor_not_required
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: its secret is shown until the first good code, never after."""
    user = _signed_in(request)
    if totp_device(user) is not None:
        return _elsewhere(request, "two-factor")
    device = totp_enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_enrol(device=device, code=form.cleaned_data["code"]):
            request.session.cycle_key()
            otp_login(request, device)
            request.session[RECOVERY_CODES_SHOWN] = recovery_codes_issue(user)
            messages.success(request, "Your authenticator app is set up.")
            return redirect(
                f"{reverse('two-factor-recovery-codes')}?{urlencode({'next': _next(request)})}"
            )
        form.add_error(
            "code", "The code is not right: enter the code your app shows now for this account"
        )
    return render(
        request,
        "web/two_factor_set_up.html",
        {"form": form, "next": _next(request), "secret": totp_secret(device.key)},
    )


@never_cache
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes made as the app was set up, shown this once and never again."""
    codes = request.session.pop(RECOVERY_CODES_SHOWN, None)
    if not codes:
        return redirect(_next(request))
    return render(
        request, "web/two_factor_recovery_codes.html", {"codes": codes, "next": _next(request)}
    )


@never_cache
@two_factor_not_required
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    """Sign in with a recovery code instead of the app's code: each works once."""
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect(_next(request))
    user = _signed_in(request)
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = recovery_code_use(user=user, code=form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            left = recovery_codes_left(user)
            messages.success(
                request,
                f"You have {left} recovery code{'' if left == 1 else 's'} left. If you have lost "
                "your phone, ask your administrator to reset your authenticator app.",
            )
            return redirect(_next(request))
        form.add_error(
            "code",
            "The code is not one of your recovery codes, or was used already, or there have "
            "been too many wrong tries: wait a minute and try again",
        )
    return render(request, "web/two_factor_recovery.html", {"form": form, "next": _next(request)})


@never_cache
@two_factor_not_required
def two_factor_qr_code(request: HttpRequest) -> HttpResponse:
    """The QR code of the secret being enrolled, as an image, so the page needs no inline SVG."""
    user = _signed_in(request)
    if totp_device(user) is not None:
        return HttpResponse(status=404)
    image = io.BytesIO()
    segno.make(totp_enrolment_device(user).config_url, error="m").save(
        image, kind="svg", scale=5, border=4, title="QR code of your authenticator secret"
    )
    return HttpResponse(image.getvalue(), content_type="image/svg+xml")


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: object
) -> HttpResponse:
    """What django-axes shows instead of the sign-in page once a username is locked out."""
    return render(
        request,
        "web/locked_out.html",
        {
            "failure_limit": settings.FRONTDOOR_LOCKOUT_FAILURES,
            "lockout_minutes": settings.FRONTDOOR_LOCKOUT_MINUTES,
        },
        status=429,
    )
