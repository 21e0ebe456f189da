"""The quarantine screens, and the API through which agency systems send messages."""

import functools
import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from frontdoor.access.models import Agency, ApiToken, Scope
from frontdoor.access.policy import actor_for
from frontdoor.access.tokens import token_for, token_wait

from .derivation import intake_by_worker
from .forms import CorrectionForm
from .models import Channel, Status
from .openapi import exchange_schema, openapi_document
from .selectors import (
    message_outcome_for_sender,
    quarantine_correction_of,
    quarantine_list,
    quarantined_message_get,
)
from .services import message_correct, messages_receive

logger = logging.getLogger(__name__)

API_MAX_MESSAGES = 1000
API_STATUS = {"accepted": 201, "pending": 202, "duplicate": 200, "rejected": 422}
# How long an agency system is asked to wait when the database could not be reached or written.
DATABASE_RETRY_SECONDS = 5


def quarantine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "intake/quarantine.html",
        {"messages_in_quarantine": quarantine_list(user=request.user)},
    )


def quarantine_detail(request: HttpRequest, inbox_id: int) -> HttpResponse:
    try:
        message = quarantined_message_get(user=request.user, inbox_id=inbox_id)
    except Http404:
        return quarantine_left(request, inbox_id)
    try:
        initial = json.dumps(json.loads(message.raw), indent=2, ensure_ascii=False)
    except (ValueError, RecursionError):
        initial = message.raw
    form = CorrectionForm(request.POST or None, initial={"raw": initial})
    if request.method == "POST" and form.is_valid():
        actor = actor_for(request.user)
        sender = (
            Agency.objects.filter(code=message.received_from_agency).first()
            if actor.front_door
            else actor.agency
        )
        outcome = message_correct(
            message, form.cleaned_data["raw"], corrected_by=actor.user, sender=sender
        )
        if outcome.status == "rejected" and outcome.inbox_id:
            messages.warning(request, "The correction was kept, but it still has problems.")
            return redirect("intake:quarantine-detail", inbox_id=outcome.inbox_id)
        messages.success(
            request, f"Message {outcome.source}/{outcome.message_id} was {outcome.status}."
        )
        return redirect("intake:quarantine")
    return render(request, "intake/quarantine_detail.html", {"message": message, "form": form})


def quarantine_left(request: HttpRequest, inbox_id: int) -> HttpResponse:
    """A link to a message that has since been corrected leads to its correction: back into
    quarantine if the correction has problems too, else to the list, saying what became of it."""
    correction = quarantine_correction_of(user=request.user, inbox_id=inbox_id)
    if correction is None:
        raise Http404("No message in quarantine with that id that you can see.")
    if correction.status == Status.REJECTED:
        messages.info(
            request, f"Message {inbox_id} was corrected, and its correction has problems too."
        )
        return redirect("intake:quarantine-detail", inbox_id=correction.pk)
    messages.info(
        request,
        f"Message {correction.source}/{correction.message_id} was corrected and has left "
        f"quarantine: {correction.get_status_display().lower()}.",
    )
    return redirect("intake:quarantine")


def _problem(status: int, title: str, detail: str) -> JsonResponse:
    return JsonResponse({"title": title, "detail": detail, "status": status}, status=status)


def _database_unavailable_is_503(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Answer 503 with Retry-After, not a bare 500, when the database is lost or full.

    What was answered 2xx before is stored; a message whose request failed may or may not have
    been stored, and sending it again is safe: a stored one is answered as a duplicate.
    """

    @functools.wraps(view)
    def answered(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (OperationalError, InterfaceError) as error:
            logger.warning(
                "API %s %s: database unavailable: %s", request.method, request.path, error
            )
            response = _problem(
                503,
                "Database unavailable",
                "The hub could not reach or write its database, so this request may not have "
                f"been stored. Send it again in {DATABASE_RETRY_SECONDS} seconds: a message the "
                "hub already stored is answered as a duplicate, never stored twice.",
            )
            response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
            return response

    return answered


def _api_token(request: HttpRequest, scope: Scope) -> ApiToken | JsonResponse:
    """The request's live token if it has the scope and is within its rate; else the answer."""
    token = token_for(request.headers.get("Authorization", ""))
    if token is None:
        return _problem(
            401, "Unauthorised", "Send an agency API token: Authorization: Bearer <token>."
        )
    if scope not in token.scopes:
        return _problem(
            403,
            "Not in this token's scope",
            f"This token may {', '.join(token.scopes)}; this needs {scope.value}.",
        )
    wait = token_wait(token)
    if wait:
        response = _problem(
            429,
            "Too many requests",
            f"This token may make {settings.FRONTDOOR_API_RATE_LIMIT} requests every "
            f"{settings.FRONTDOOR_API_RATE_WINDOW_SECONDS} seconds; try again in {wait} seconds.",
        )
        response["Retry-After"] = str(wait)
        return response
    return token


@csrf_exempt
@login_not_required
@require_POST
@_database_unavailable_is_503
def api_messages(request: HttpRequest) -> HttpResponse:
    """Take one message or a list; every one is stored, and each gets its own answer."""
    token = _api_token(request, Scope.SEND)
    if isinstance(token, JsonResponse):
        return token
    agency = token.agency
    if request.content_type != "application/json":
        return _problem(
            415, "Not JSON", f"Send Content-Type: application/json, not {request.content_type!r}."
        )
    try:
        body = request.body
    except RequestDataTooBig:
        return _problem(
            413,
            "Too large",
            f"Send at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes a request.",
        )
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        parsed = None
    many = isinstance(parsed, list)
    if many and len(parsed) > API_MAX_MESSAGES:
        return _problem(
            413,
            "Too many messages",
            f"Send at most {API_MAX_MESSAGES} messages a request; this had {len(parsed)}.",
        )
    # Each item of a list is stored as its own JSON text, ASCII-escaped so it can always be kept.
    raws: list[str | bytes] = [json.dumps(item) for item in parsed] if many else [body]
    if not raws:
        return _problem(400, "No messages", "The list was empty.")
    # With an intake worker, the answer waits only for the check; the worker records it.
    outcomes = messages_receive(
        raws, channel=Channel.API, sender=agency, record=not intake_by_worker()
    )
    if many:
        return JsonResponse([o.as_json() for o in outcomes], safe=False, status=200)
    outcome = outcomes[0]
    return JsonResponse(outcome.as_json(), status=API_STATUS[outcome.status])


@login_not_required
@require_GET
@_database_unavailable_is_503
def api_message(request: HttpRequest, source: str, message_id: str) -> HttpResponse:
    """What became of one of the agency's own messages: an agency system polls a pending one."""
    token = _api_token(request, Scope.READ)
    if isinstance(token, JsonResponse):
        return token
    outcome = message_outcome_for_sender(sender=token.agency, source=source, message_id=message_id)
    if outcome is None:
        return _problem(
            404,
            "Not found",
            f"This agency sent no message with source {source!r} and message_id {message_id!r}.",
        )
    return JsonResponse(outcome.as_json())


@login_not_required
@require_GET
def api_openapi(request: HttpRequest) -> HttpResponse:
    return JsonResponse(openapi_document(request.build_absolute_uri("/api/v1")))


@login_not_required
@require_GET
def api_exchange_schema(request: HttpRequest) -> HttpResponse:
    return JsonResponse(exchange_schema())
