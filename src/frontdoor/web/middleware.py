"""Request guards that apply to every page: how long a sign-in lasts, and its second factor."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin

from frontdoor.access.policy import gate_check

SIGNED_IN_AT = "frontdoor_signed_in_at"
RENEWED_AT = "frontdoor_renewed_at"
RENEW_SECONDS = 60


class SessionLifetimeMiddleware:
    """End a session a fixed time after sign-in, however busy it has been, and renew its idle
    timeout.

    The idle timeout is Django's own (SESSION_COOKIE_AGE from the session's last save). A request
    renews it when the last renewal is a minute old or more, not at every request: saving the
    session is a write, which on PostgreSQL waits for the disk and on SQLite for the one writer,
    and a page would pay for it every time. A session so ends between 29 and 30 minutes idle,
    never later. The absolute lifetime is this middleware's, so a session left open on a shared
    machine cannot be kept alive for ever.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            max_age = settings.FRONTDOOR_SESSION_MAX_HOURS * 60 * 60
            if isinstance(signed_in_at, int) and time.time() - signed_in_at > max_age:
                logout(request)
                messages.warning(
                    request,
                    f"You were signed out because you signed in more than "
                    f"{settings.FRONTDOOR_SESSION_MAX_HOURS} hours ago. Sign in again.",
                )
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        if request.user.is_authenticated:
            now = int(time.time())
            # Stamped on the first response after signing in (the sign-in itself), never renewed.
            request.session.setdefault(SIGNED_IN_AT, now)
            if now - request.session.get(RENEWED_AT, 0) >= RENEW_SECONDS:
                request.session[RENEWED_AT] = now  # saves the session: a new expiry
        return response


class TwoFactorRequiredMiddleware(MiddlewareMixin):
    """Treat a user who has given their password but not yet their code as not signed in.

    Runs after django-otp's OTPMiddleware (which sets `user.is_verified`) and Django's
    LoginRequiredMiddleware (which sends everyone else to sign in). Public views (sign-in, the
    token-authenticated API) and the two-factor pages themselves are left alone.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[object, ...],
        view_kwargs: dict[str, object],
    ) -> HttpResponse | None:
        public = not getattr(view_func, "login_required", True)
        exempt = not getattr(view_func, "two_factor_required", True)
        user = request.user
        if public or exempt or not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None
        return redirect_to_login(request.get_full_path(), reverse("two-factor"))


class GateMiddleware(MiddlewareMixin):
    """Let a request through only if the gate declared for its page admits the user
    (`VIEW_GATES` in access/policy.py), before the view runs: the declaration is what guards
    each page, and a page with none is refused to everyone.

    Runs after the sign-in and two-factor guards, so it only ever meets a user who has signed in
    fully, or a request for a public page.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[object, ...],
        view_kwargs: dict[str, object],
    ) -> None:
        match = request.resolver_match
        gate_check(request.user, match.view_name if match else "")
