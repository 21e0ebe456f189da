"""The pages of the audit trail: who has looked at a person, and unusual access."""

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .forms import PeriodForm
from .selectors import person_reads, unusual_access_review

DEFAULT_PERIOD_DAYS = 7


def _last_week() -> dict[str, int]:
    """The form's data for the last seven days, today included."""
    today = timezone.localdate()
    start = today - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    return {
        f"{name}_{part}": getattr(day, part)
        for name, day in (("since", start), ("until", today))
        for part in ("day", "month", "year")
    }


def person_reads_page(request: HttpRequest, person_id: int) -> HttpResponse:
    reads = person_reads(
        user=request.user, person_id=person_id, page_number=request.GET.get("page", 1)
    )
    return render(request, "audit/person_reads.html", {"reads": reads})


def unusual(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or _last_week())
    report = None
    if form.is_valid():
        report = unusual_access_review(
            user=request.user,
            since=form.cleaned_data["since"],
            until=form.cleaned_data["until"],
        )
    return render(request, "audit/unusual.html", {"form": form, "report": report})
