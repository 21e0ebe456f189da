"""The quarantine screens, and the API through which agency systems send messages."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from frontdoor.access.policy import actor_for
from frontdoor.access.tokens import agency_for_token

from .forms import CorrectionForm
from .models import Channel
from .openapi import exchange_schema, openapi_document
from .selectors import quarantine_list, quarantined_message_get
from .services import message_correct, messages_receive

API_MAX_MESSAGES = 1000


def quarantine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "intake/quarantine.html",
        {"messages_in_quarantine": quarantine_list(user=request.user)},
    )


def quarantine_detail(request: HttpRequest, inbox_id: int) -> HttpResponse:
    message = quarantined_message_get(user=request.user, inbox_id=inbox_id)
    try:
        initial = json.dumps(json.loads(message.raw), indent=2, ensure_ascii=False)
    except ValueError:
        initial = message.raw
    form = CorrectionForm(request.POST or None, initial={"raw": initial})
    if request.method == "POST" and form.is_valid():
        outcome = message_correct(
            message, form.cleaned_data["raw"], corrected_by=actor_for(request.user).user
        )
        if outcome.status == "rejected" and outcome.inbox_id:
            messages.success(request, "The correction was kept, but it still has problems.")
            return redirect("intake:quarantine-detail", inbox_id=outcome.inbox_id)
        messages.success(
            request, f"Message {outcome.source}/{outcome.message_id} was {outcome.status}."
        )
        return redirect("intake:quarantine")
    return render(request, "intake/quarantine_detail.html", {"message": message, "form": form})


def _problem(status: int, title: str, detail: str) -> JsonResponse:
    return JsonResponse({"title": title, "detail": detail, "status": status}, status=status)


@csrf_exempt
@login_not_required
@require_POST
def api_messages(request: HttpRequest) -> HttpResponse:
    """Take one message or a list; every one is stored, and each gets its own answer."""
    agency = agency_for_token(request.headers.get("Authorization", ""))
    if agency is None:
        return _problem(
            401, "Unauthorised", "Send an agency API token: Authorization: Bearer <token>."
        )
    try:
        body = request.body.decode("utf-8", errors="replace")
    except RequestDataTooBig:
        return _problem(
            413,
            "Too large",
            f"Send at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes a request.",
        )
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = None
    many = isinstance(parsed, list)
    if many and len(parsed) > API_MAX_MESSAGES:
        return _problem(
            413,
            "Too many messages",
            f"Send at most {API_MAX_MESSAGES} messages a request; this had {len(parsed)}.",
        )
    raws = [json.dumps(item, ensure_ascii=False) for item in parsed] if many else [body]
    if not raws:
        return _problem(400, "No messages", "The list was empty.")
    outcomes = messages_receive(raws, channel=Channel.API, sender=agency)
    if many:
        return JsonResponse([o.as_json() for o in outcomes], safe=False, status=200)
    outcome = outcomes[0]
    status = {"accepted": 201, "duplicate": 200, "rejected": 422}[outcome.status]
    return JsonResponse(outcome.as_json(), status=status)


@login_not_required
@require_GET
def api_openapi(request: HttpRequest) -> HttpResponse:
    return JsonResponse(openapi_document(request.build_absolute_uri("/api/v1")))


@login_not_required
@require_GET
def api_exchange_schema(request: HttpRequest) -> HttpResponse:
    return JsonResponse(exchange_schema())
