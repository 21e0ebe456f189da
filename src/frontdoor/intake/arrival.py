"""A valid message on its way through the pipeline, as every stage after validation sees it."""

from dataclasses import dataclass

from .exchange import Envelope
from .models import InboxMessage

SubjectKey = tuple[int, str]
"""(inbox message id, subject ref): one subject of one message."""


@dataclass(frozen=True)
class Arrival:
    """The stored inbox row, what it says, and the id of the agency that sent it."""

    message: InboxMessage
    envelope: Envelope
    agency_id: int
