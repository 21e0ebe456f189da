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


class SessionLifetimeMiddleware:
    """End a session a fixed time after sign-in, however busy it has been.

    The idle timeout is Django's own (SESSION_COOKIE_AGE, renewed on every request); this adds the
    absolute lifetime, so a session left open on a shared machine cannot be kept alive for ever.
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
        # Stamped on the first response after signing in (the sign-in itself), never renewed.
        if request.user.is_authenticated and SIGNED_IN_AT not in request.session:
            request.session[SIGNED_IN_AT] = int(time.time())
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
