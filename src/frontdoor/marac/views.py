"""The MARAC's pages: meetings and agendas, research returns, actions, referrals and the
quarterly dataset."""

import csv

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from frontdoor.access.policy import actor_for, is_marac_coordinator
from frontdoor.concurrency import EditConflict
from frontdoor.people.models import Person, Relationship
from frontdoor.people.selectors import person_get
from frontdoor.web.forms import DoneForm

from .forms import (
    ActionForm,
    HoldForm,
    MeetingForm,
    QuarterForm,
    ReferralForm,
    ReturnForm,
)
from .selectors import (
    action_get,
    actions_open,
    agenda_read,
    case_read,
    dataset_read,
    meetings_list,
)
from .services import (
    AgendaChanged,
    MaracError,
    action_add,
    action_complete,
    meeting_hold,
    meeting_next_date,
    meeting_schedule,
    research_return_complete,
)
from .submissions import marac_referral_submit


def _refused(form: forms.Form, error: MaracError) -> None:
    """Show a service's refusal against the field it names, in the error summary."""
    name, _, text = str(error).partition(": ")
    form.add_error(name if name in form.fields else None, text or str(error))


def index(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    today = timezone.localdate()
    return render(
        request,
        "marac/index.html",
        {
            "meetings": meetings_list(user=request.user),
            "actions": actions_open(user=request.user),
            "today": today,
            "coordinator": is_marac_coordinator(actor),
        },
    )


def meeting_new(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = MeetingForm(
        request.POST or None, initial={"day": meeting_next_date(timezone.localdate())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_schedule(user=actor.user, day=form.cleaned_data["day"])
        except MaracError as error:
            _refused(form, error)
        else:
            messages.success(request, f"{meeting} scheduled")
            return redirect("marac:meeting", meeting_id=meeting.pk)
    return render(request, "marac/meeting_new.html", {"form": form})


def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    agenda = agenda_read(user=request.user, meeting_id=meeting_id)
    return render(request, "marac/meeting.html", {"agenda": agenda})


def meeting_held(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    agenda = agenda_read(user=request.user, meeting_id=meeting_id)
    shown = [case.referral.reference for case in agenda.cases]
    form = HoldForm(request.POST or None, initial={"cases": " ".join(shown)})
    if request.method == "POST" and form.is_valid():
        try:
            meeting_hold(
                user=actor.user, meeting=agenda.meeting, references=form.cleaned_data["cases"]
            )
        except AgendaChanged as changed:
            form.agenda_show(shown, str(changed).partition(": ")[2])
        except MaracError as error:
            _refused(form, error)
        else:
            messages.success(request, f"{agenda.meeting} recorded as held")
            return redirect("marac:meeting", meeting_id=meeting_id)
    return render(request, "marac/meeting_hold.html", {"agenda": agenda, "form": form})


def case(request: HttpRequest, meeting_id: int, reference: str) -> HttpResponse:
    actor = actor_for(request.user)
    meeting_, found = case_read(user=request.user, meeting_id=meeting_id, reference=reference)
    return render(
        request,
        "marac/case.html",
        {
            "meeting": meeting_,
            "case": found,
            "coordinator": is_marac_coordinator(actor),
            "may_return": actor.agency_id in {a.pk for a in found.asked}
            and actor.agency_id not in found.returns
            and meeting_.held_at is None,
        },
    )


def research_return(request: HttpRequest, meeting_id: int, reference: str) -> HttpResponse:
    actor = actor_for(request.user)
    meeting_, found = case_read(user=request.user, meeting_id=meeting_id, reference=reference)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            research_return_complete(
                user=actor.user,
                meeting=meeting_,
                referral=found.referral,
                asked=[a.pk for a in found.asked],
                holds=data["holds"] == "yes",
                victim=data["victim"],
                perpetrator=data["perpetrator"],
                children=data["children"],
            )
        except MaracError as error:
            _refused(form, error)
        else:
            messages.success(request, f"Research return sent for {actor.agency.name}")
            return redirect("marac:case", meeting_id=meeting_id, reference=reference)
    return render(
        request,
        "marac/return.html",
        {"meeting": meeting_, "case": found, "form": form, "agency": actor.agency},
    )


def action_new(request: HttpRequest, meeting_id: int, reference: str) -> HttpResponse:
    actor = actor_for(request.user)
    meeting_, found = case_read(user=request.user, meeting_id=meeting_id, reference=reference)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action_add(
                user=actor.user,
                meeting=meeting_,
                referral=found.referral,
                description=data["description"],
                owner=data["owner"],
                due_on=data["due_on"],
            )
        except MaracError as error:
            _refused(form, error)
        else:
            messages.success(request, "Action added")
            return redirect("marac:case", meeting_id=meeting_id, reference=reference)
    return render(
        request, "marac/action_new.html", {"meeting": meeting_, "case": found, "form": form}
    )


def actions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "marac/actions.html",
        {"actions": actions_open(user=request.user), "today": timezone.localdate()},
    )


def action(request: HttpRequest, action_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    found = action_get(user=request.user, action_id=action_id)
    form = DoneForm(request.POST or None, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        try:
            action_complete(
                user=actor.user,
                action=found,
                note=form.cleaned_data["note"],
                seen_version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            form.conflict_show(conflict)
        except MaracError as error:
            _refused(form, error)
        else:
            messages.success(request, "Action marked done")
            return redirect("marac:actions")
    return render(
        request,
        "marac/action.html",
        {"action": found, "form": form, "today": timezone.localdate()},
    )


def _partners_of(victim: Person, visible_to: HttpRequest) -> list[Person]:
    """The victim's partners and former partners that the referrer may see."""
    ids = set(
        Relationship.objects.filter(person=victim, type__in=("partner", "ex_partner")).values_list(
            "other_id", flat=True
        )
    ) | set(
        Relationship.objects.filter(other=victim, type__in=("partner", "ex_partner")).values_list(
            "person_id", flat=True
        )
    )
    partners = []
    for person_id in sorted(ids):
        try:
            partners.append(
                person_get(user=visible_to.user, person_id=person_id, purpose="marac_referral")
            )
        except Http404:
            continue
    return partners


def refer(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    victim = person_get(user=request.user, person_id=person_id, purpose="marac_referral")
    form = ReferralForm(request.POST or None, partners=_partners_of(victim, request))
    rejected: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = marac_referral_submit(
            user=actor.user,
            agency=actor.agency,
            victim=victim,
            perpetrator=data["perpetrator"],
            criterion=data["criterion"],
            reason=data["reason"],
        )
        if outcome.status == "accepted":
            for warning in outcome.warnings:
                messages.warning(request, warning)
            messages.success(request, f"{victim.display_name} referred to MARAC")
            return redirect("people:detail", person_id=victim.pk)
        rejected = outcome.errors
    return render(
        request, "marac/refer.html", {"form": form, "victim": victim, "rejected": rejected}
    )


def dataset(request: HttpRequest) -> HttpResponse:
    form = QuarterForm(request.GET or None)
    figures = None
    if form.is_valid():
        figures = dataset_read(user=request.user, quarter=form.cleaned_data["quarter"])
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv")
            quarter = form.cleaned_data["quarter"]
            response["Content-Disposition"] = f'attachment; filename="marac-{quarter}.csv"'
            writer = csv.writer(response)
            writer.writerow(["quarter", "measure", "category", "value"])
            for figure in figures:
                writer.writerow([quarter, figure.measure, figure.category, figure.value])
            return response
    return render(request, "marac/dataset.html", {"form": form, "figures": figures})
