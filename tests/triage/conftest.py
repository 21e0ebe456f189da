"""The front door's clock: tests say what time it is, since deadlines depend on it."""

from collections.abc import Iterator
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")


class Clock:
    """What `timezone.now()` answers while a test runs; `move_to` sets it (London time)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 12, tzinfo=LONDON)

    def move_to(self, moment: datetime) -> None:
        self.now = moment

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Iterator[Clock]:
    now = Clock()
    with mock.patch("django.utils.timezone.now", now):
        yield now
