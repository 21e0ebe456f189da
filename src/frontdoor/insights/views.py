"""The leaders' dashboard: every measure with its definition, a chart, its tables and a CSV."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from .charts import Chart, month_chart
from .exports import insights_csv
from .figures import Result
from .forms import FilterForm
from .selectors import insights_read


@dataclass(frozen=True)
class Section:
    result: Result
    chart: Chart | None  # none for a measure a team's view does not count


def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = FilterForm(request.GET or None, today=today)
    if form.is_bound and not form.is_valid():
        return render(request, "insights/dashboard.html", {"form": form, "sections": None})
    period = form.cleaned_data["period"] if form.is_bound else form.default
    agency = form.cleaned_data.get("agency", "") if form.is_bound else ""
    team = form.cleaned_data.get("team", "") if form.is_bound else ""
    try:
        insights = insights_read(user=request.user, period=period, agency_code=agency, team=team)
    except ValueError as error:
        form.add_error("team", str(error).partition(": ")[2])
        return render(request, "insights/dashboard.html", {"form": form, "sections": None})
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        parts = ["insights", str(period.first), str(period.last), agency, slugify(team)]
        name = "-".join(part for part in parts if part) + ".csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        insights_csv(insights, response)
        return response
    if not form.is_bound:
        form = FilterForm(initial={"start": period.first, "end": period.last}, today=today)
    sections = [
        Section(
            result,
            month_chart(
                f"chart-{result.measure.code}",
                result.measure.charted_statistic,
                result.by_month,
                result.measure.charted,
            )
            if result.counted
            else None,
        )
        for result in insights.results
    ]
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "insights": insights,
            "sections": sections,
            "agency_name": dict(form.fields["agency"].choices)[agency] if agency else "",  # type: ignore[attr-defined]
            "csv_query": query.urlencode(),
        },
    )
