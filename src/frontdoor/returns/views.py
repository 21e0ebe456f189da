"""The statutory returns page: the children in need census extract, for front-door managers."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from frontdoor.access.models import AgencyType
from frontdoor.triage.configuration import Timeline

from .cin_census import ReturnError
from .codes import ASSESSMENT_FACTORS, REFERRAL_SOURCES, SOURCE_OF_AGENCY
from .forms import CensusYearForm
from .selectors import cin_census_export


def cin_census(request: HttpRequest) -> HttpResponse:
    # A download is posted: it records a read of every child, which no link should set off.
    form = CensusYearForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            extract = cin_census_export(user=request.user, year=form.cleaned_data["year"])
        except ReturnError as error:
            field, _, message = str(error).partition(": ")
            if field == "year":
                form.add_error("year", message)
            else:
                form.add_error(None, str(error))
        else:
            response = HttpResponse(extract.xml, content_type="application/xml")
            response["Content-Disposition"] = f'attachment; filename="{extract.filename}"'
            return response
    sources = sorted(
        (AgencyType(agency_type).label, code, REFERRAL_SOURCES[code])
        for agency_type, code in SOURCE_OF_AGENCY.items()
    )
    return render(
        request,
        "returns/cin_census.html",
        {
            "form": form,
            "sources": sources,
            "factors": ASSESSMENT_FACTORS.items(),
            "domestic_abuse_days": Timeline.load().on(timezone.localdate()).domestic_abuse_days,
        },
    )
