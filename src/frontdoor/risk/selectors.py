"""Access-checked reads of DASH checklists."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from frontdoor.access.policy import actor_for, dash_seen, person_route
from frontdoor.audit.services import access_record
from frontdoor.chronology.models import Event
from frontdoor.people.models import Person

from .dash import ANSWER_LABELS, QUESTIONS, DashScore, Question, dash_score


@dataclass(frozen=True)
class AnsweredQuestion:
    question: Question
    answer: str
    account: str


@dataclass(frozen=True)
class DashResult:
    """A checklist as sent, scored, with the victim when the reader may open them."""

    event: Event
    score: DashScore
    sections: list[tuple[str, list[AnsweredQuestion]]]
    judgement_reason: str
    practitioner_notes: str
    victim_name: str
    """As the checklist's sender recorded the victim."""
    victim: Person | None
    """The person the victim is, only when the reader may open them."""


def dash_result_get(*, user: User | AnonymousUser, message_id: int) -> DashResult:
    """A DASH its sender, their agency or the front door may open; the read is logged.

    `message_id` is the inbox message's id. Unknown and denied look alike.
    """
    actor = actor_for(user)
    event = (
        Event.objects.select_related("message", "agency")
        .filter(message_id=message_id, kind="assessment", facts__type="dash")
        .first()
    )
    if event is None or not dash_seen(actor, event):
        raise Http404("No DASH checklist with that id that you can see.")
    route, may_open = person_route(actor)
    people = list(event.participants.values_list("person_id", flat=True))
    access_record(
        user=actor.user,
        person_ids=people,
        purpose="dash",
        route=route if actor.front_door else "sender",
    )
    facts = event.facts
    answers = facts.get("answers") if isinstance(facts.get("answers"), dict) else {}
    accounts = facts.get("victim_account") if isinstance(facts.get("victim_account"), dict) else {}
    sections: dict[str, list[AnsweredQuestion]] = {}
    for question in QUESTIONS:
        answer = answers.get(question.key)
        sections.setdefault(question.section, []).append(
            AnsweredQuestion(
                question,
                ANSWER_LABELS.get(str(answer), "Not answered"),
                str(accounts.get(question.key) or ""),
            )
        )
    named = event.participants.filter(role="victim").select_related("record").first()
    record = named.record if named else None
    victim = Person.objects.filter(may_open, pk=named.person_id).first() if named else None
    return DashResult(
        event=event,
        score=dash_score(answers, facts.get("professional_judgement")),
        sections=list(sections.items()),
        judgement_reason=str(facts.get("judgement_reason") or ""),
        practitioner_notes=str(facts.get("practitioner_notes") or ""),
        victim_name=f"{record.given_name} {record.family_name}".strip() if record else "",
        victim=victim,
    )
