"""Optimistic locking: two people editing one record never silently overwrite each other.

A record that pages change carries a version. The page's form sends back, hidden, the version
its user saw; the service that makes the change moves the record on from exactly that version,
in the change's own transaction, or refuses. The page then says what happened, shows the record
as it is now, keeps what the user typed, and takes the latest version, so that sending again,
having checked, goes through. Used by every page that changes a record in place (docs/security.md).
"""

from typing import Any

from django import forms
from django.db import models
from django.db.models import F


class Versioned(models.Model):
    """A record changed from pages: its version goes up by one with every change."""

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by every change; a page's form sends back the version its user saw.",
    )

    class Meta:
        abstract = True


class EditConflict(Exception):
    """Someone else changed the record after this user opened the page."""

    def __init__(self, what: str, latest: int) -> None:
        super().__init__(
            f"Someone else changed this {what} after you opened the page. It is shown as it "
            "is now: check it, then send your answer again if it still applies."
        )
        self.latest = latest


def version_confirm(record: Versioned, *, seen: int | None) -> None:
    """Refuse at once, before any other work, a change from a page older than `record` (read
    now); `version_advance` is still the check that counts, in the change's transaction."""
    if seen is not None and record.version != seen:
        raise EditConflict(str(record._meta.verbose_name), record.version)


def version_advance(record: Versioned, *, seen: int | None) -> None:
    """Within the change's transaction, move the record on from the version `seen` on the
    page, or raise EditConflict. `seen` is None for a change not made from a page."""
    rows = type(record)._default_manager.filter(pk=record.pk)
    if seen is not None:
        rows = rows.filter(version=seen)
    if not rows.update(version=F("version") + 1):
        latest = type(record)._default_manager.values_list("version", flat=True).get(pk=record.pk)
        raise EditConflict(str(record._meta.verbose_name), latest)
    record.refresh_from_db(fields=["version"])


class SeenVersionForm(forms.Form):
    """A form that changes a record: it carries, hidden, the version of the record on the page."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "The page is out of date: open it again",
            "invalid": "The page is out of date: open it again",
            "min_value": "The page is out of date: open it again",
        },
    )

    def conflict_show(self, conflict: EditConflict) -> None:
        """Say what happened, keep what was typed, and take the latest version for next time."""
        sent: Any = self.data  # a QueryDict, whose copy can be changed
        data = sent.copy()
        data[self.add_prefix("version")] = str(conflict.latest)
        self.data = data
        self.add_error(None, str(conflict))
