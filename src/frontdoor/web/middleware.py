"""Request guards that apply to every page: how long a sign-in lasts."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

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
