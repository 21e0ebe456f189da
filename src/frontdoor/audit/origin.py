"""Where the current work came from: the web, the API or the console, and the client's address.

Set once a request by `RequestOriginMiddleware`; anything run outside a request (a command, the
ingest of a file) is the console. The audit trail reads it, so no selector or service has to
pass the request down to say where a read or a write came from.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.http import HttpRequest, HttpResponse


class Channel:
    WEB = "web"
    API = "api"
    CONSOLE = "console"


@dataclass(frozen=True)
class Origin:
    channel: str
    address: str | None


CONSOLE = Origin(Channel.CONSOLE, None)
_current: ContextVar[Origin] = ContextVar("frontdoor_origin", default=CONSOLE)


def origin_current() -> Origin:
    return _current.get()


@contextmanager
def origin_set(origin: Origin) -> Iterator[None]:
    """Work inside the block is recorded as coming from `origin`."""
    token = _current.set(origin)
    try:
        yield
    finally:
        _current.reset(token)


def request_origin(request: HttpRequest) -> Origin:
    """The API by its path, the web otherwise; the address as the sign-in lockout counts it."""
    channel = Channel.API if request.path.startswith("/api/") else Channel.WEB
    return Origin(channel, get_client_ip_address(request) or None)


class RequestOriginMiddleware:
    """Record every read and write made while answering a request as coming from its client."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with origin_set(request_origin(request)):
            return self.get_response(request)
