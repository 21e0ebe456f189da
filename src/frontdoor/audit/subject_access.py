"""A subject access request: everything the hub holds about one person, in one document.

Every item says whether it needs a redaction review before it is released, and why: it names
other people (they are listed, with their part), or it holds free text written by staff, which
may describe others. The hub marks; a person decides what to redact.
"""

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from frontdoor.access.models import BreakGlassGrant, RestrictedRecord
from frontdoor.chronology.models import Event, Participant
from frontdoor.intake.models import InboxMessage
from frontdoor.kept import Anchored
from frontdoor.linkage.models import LinkReview
from frontdoor.marac.models import Action, Hearing, MaracReferral, ResearchReturn
from frontdoor.people.models import LinkDecision, Person, Relationship, Residence, SourceRecord
from frontdoor.quality.models import CaseAudit, DipReview
from frontdoor.returns.cin_census import FIRST_YEAR, census_year, cin_census_collect
from frontdoor.risk.models import Alert, AlertChange
from frontdoor.sharing.models import Acknowledgement, Decided, NeverTell, Notification, NotSharing
from frontdoor.triage.models import AgencyCheck, Decision, Referral, StrategyDiscussion

from .models import AccessLog

Item = dict[str, Any]
N = TypeVar("N", RestrictedRecord, BreakGlassGrant)
A = TypeVar("A", bound=Anchored)


@dataclass(frozen=True)
class ThirdParty:
    person_id: int
    name: str
    role: str


def _review(
    *,
    others: Iterable[ThirdParty] = (),
    free_text: Iterable[tuple[str, str]] = (),
    staff: Iterable[tuple[str, str]] = (),
) -> Item:
    """Whether an item needs a redaction review: the other people it names, the fields of free
    text (those not empty) that may describe someone else, and the fields naming a member of
    staff (those not empty), whose name is theirs, not the subject's."""
    people = sorted(set(others), key=lambda t: (t.person_id, t.role))
    fields = [name for name, text in free_text if str(text or "").strip()]
    staff_fields = [name for name, named in staff if named]
    reasons = []
    if people:
        reasons.append("names other people")
    if fields:
        reasons.append(f"free text that may describe other people: {', '.join(fields)}")
    if staff_fields:
        reasons.append(f"names members of staff: {', '.join(staff_fields)}")
    return {
        "needed": bool(reasons),
        "reasons": reasons,
        "third_parties": [
            {"person_id": t.person_id, "name": t.name, "role": t.role} for t in people
        ],
    }


@dataclass
class SubjectAccess:
    """The export: the person, then each section's items, in the order the document gives them."""

    person: Item
    generated_at: str
    partnership: str
    sections: dict[str, list[Item]] = field(default_factory=dict)

    @property
    def review_count(self) -> int:
        return sum(
            1 for items in self.sections.values() for i in items if i["redaction_review"]["needed"]
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "generated_at": self.generated_at,
            "partnership": self.partnership,
            "items_for_redaction_review": self.review_count,
            "sections": self.sections,
        }


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _staff(user: User | None) -> str:
    """A member of staff as the pages name them: their full name, else their user name."""
    return (user.get_full_name() or user.username) if user is not None else ""


def _decided(decision: Decided) -> Item:
    """A decision not to tell an agency: who made it and why, and its sign-off."""
    return {
        "decided_at": _when(decision.decided_at),
        "decided_by": _staff(decision.decided_by),
        "reason": decision.reason,
        "sign_off": decision.get_sign_off_display(),
        "signed_off_at": _when(decision.signed_off_at),
        "signed_off_by": _staff(decision.signed_off_by),
        "sign_off_note": decision.sign_off_note,
    }


class _Gatherer:
    """Reads one person's data from every app, knowing who else is in each event."""

    def __init__(self, person: Person) -> None:
        self.person = person
        self.parts = list(
            Participant.objects.filter(person=person)
            .select_related("event", "event__agency", "event__message", "record")
            .order_by("event__occurred_at", "event_id")
        )
        self.event_ids = [p.event_id for p in self.parts]
        self.others: dict[int, list[ThirdParty]] = defaultdict(list)
        for other in (
            Participant.objects.filter(event_id__in=self.event_ids)
            .exclude(person=person)
            .select_related("person")
        ):
            self.others[other.event_id].append(
                ThirdParty(other.person_id, other.person.display_name, other.role)
            )

    def others_in(self, event_ids: Iterable[int]) -> list[ThirdParty]:
        return [t for event_id in event_ids for t in self.others.get(event_id, [])]

    def source_records(self) -> list[Item]:
        return [
            {
                "agency": r.agency.name,
                "agency_person_id": r.source_person_id,
                "given_name": r.given_name,
                "family_name": r.family_name,
                "other_names": r.other_names,
                "date_of_birth": _when(r.date_of_birth),
                "due_date": _when(r.due_date),
                "sex": r.sex,
                "nhs_number": r.nhs_number,
                "address": ", ".join(x for x in (r.line1, r.line2, r.town, r.postcode) if x),
                "school_urn": r.school_urn,
                "gp_practice": r.gp_practice,
                "last_reported": _when(r.last_seen_at),
                "redaction_review": _review(),
            }
            for r in SourceRecord.objects.filter(person=self.person)
            .select_related("agency")
            .order_by("agency__name", "pk")
        ]

    def link_decisions(self) -> list[Item]:
        decisions = LinkDecision.objects.filter(person=self.person).select_related(
            "record__agency", "decided_by"
        )
        reviews = LinkReview.objects.filter(
            Q(record__person=self.person) | Q(suggested=self.person)
        ).select_related("record__agency")
        return [
            {
                "what": "link decision",
                "record": f"{d.record.agency.name} {d.record.source_person_id or ''}".strip(),
                "method": d.get_method_display(),
                "score": d.score,
                "decided_at": _when(d.decided_at),
                "decided_by": _staff(d.decided_by) or "the hub",
                "redaction_review": _review(staff=[("decided_by", _staff(d.decided_by))]),
            }
            for d in decisions.order_by("decided_at", "pk")
        ] + [
            {
                "what": "possible match reviewed",
                "record": f"{r.record.agency.name} {r.record.source_person_id or ''}".strip(),
                "status": r.get_status_display(),
                "score": r.score,
                "raised_at": _when(r.raised_at),
                "reason": r.reason,
                "redaction_review": _review(free_text=[("reason", r.reason)]),
            }
            for r in reviews.order_by("raised_at", "pk")
        ]

    def _event(self, part: Participant) -> Item:
        event = part.event
        return {
            "kind": event.kind,
            "occurred_at": _when(event.occurred_at),
            "reported_at": _when(event.reported_at),
            "agency": event.agency.name,
            "message": f"{event.message.source}/{event.message.message_id}",
            "summary": event.summary,
            "their_part": part.role,
            "present": part.present,
            "seen": part.seen,
            "seen_alone": part.seen_alone,
            "spoken_to": part.spoken_to,
            "their_words": part.voice,
            "facts": event.facts,
            "redaction_review": _review(
                others=self.others.get(event.pk, []),
                free_text=[("summary", event.summary), ("facts", _free_text(event.facts))],
            ),
        }

    def events(self, kinds: set[str], *, exclude: bool = False) -> list[Item]:
        return [
            self._event(p)
            for p in self.parts
            if (p.event.kind in kinds) != exclude and not self._is_dash(p.event)
        ]

    @staticmethod
    def _is_dash(event: Event) -> bool:
        return event.kind == "assessment" and event.facts.get("type") == "dash"

    def dash(self) -> list[Item]:
        return [self._event(p) for p in self.parts if self._is_dash(p.event)]

    def relationships(self) -> list[Item]:
        items = []
        for r in Relationship.objects.filter(Q(person=self.person) | Q(other=self.person)):
            mine = r.person_id == self.person.pk
            other = r.other if mine else r.person
            described = (
                f"{self.person.display_name} is {other.display_name}'s {r.type.replace('_', ' ')}"
                if mine
                else f"{other.display_name} is {self.person.display_name}'s "
                f"{r.type.replace('_', ' ')}"
            )
            items.append(
                {
                    "relationship": described,
                    "first_reported": _when(r.first_seen),
                    "last_reported": _when(r.last_seen),
                    "redaction_review": _review(
                        others=[ThirdParty(other.pk, other.display_name, r.type)]
                    ),
                }
            )
        return items

    def residences(self) -> list[Item]:
        return [
            {
                "address": f"{r.line1}, {r.town}, {r.postcode}".strip(", "),
                "first_reported": _when(r.first_seen),
                "last_reported": _when(r.last_seen),
                "redaction_review": _review(),
            }
            for r in Residence.objects.filter(person=self.person).order_by("first_seen")
        ]

    def alerts(self) -> list[Item]:
        return [
            {
                "rule": a.rule,
                "rule_version": a.rule_version,
                "detail": a.detail,
                "action": a.action,
                "raised_at": _when(a.raised_at),
                "due_by": _when(a.due_by),
                "status": a.get_status_display(),
                "status_reason": a.status_reason,
                "evidence": a.evidence,
                "redaction_review": _review(
                    others=self.others_in(a.events),
                    free_text=[("status_reason", a.status_reason)],
                ),
            }
            for a in Alert.objects.filter(person=self.person).order_by("raised_at", "pk")
        ]

    def alert_changes(self) -> list[Item]:
        """Who moved each alert about them on (acknowledged, actioned, closed) and why, kept
        apart from the alerts (which are derived)."""
        return [
            {
                "what": "alert moved on",
                "rule": change.rule,
                "alert_raised_by": f"{change.sent_by.name} message {change.message_id}",
                "status": change.get_status_display(),
                "reason": change.reason,
                "changed_at": _when(change.changed_at),
                "changed_by": _staff(change.changed_by),
                "redaction_review": _review(
                    free_text=[("reason", change.reason)],
                    staff=[("changed_by", _staff(change.changed_by))],
                ),
            }
            for change in self._about_them(AlertChange, "changed_at", "sent_by", "changed_by")
        ]

    def referrals(self) -> list[Item]:
        items = []
        referrals = Referral.objects.filter(event_id__in=self.event_ids).select_related("agency")
        for referral in referrals.order_by("received_at"):
            items.append(
                {
                    "reference": referral.reference,
                    "from": referral.agency.name,
                    "received_at": _when(referral.received_at),
                    "status": referral.get_status_display(),
                    "urgent": referral.urgent,
                    "concerns": referral.concerns,
                    "reason": referral.reason,
                    "referrer": referral.referrer,
                    "outcome": referral.get_outcome_display() if referral.outcome else "",
                    "redaction_review": _review(
                        others=self.others.get(referral.event_id, []),
                        free_text=[
                            ("reason", referral.reason),
                            ("referrer", _free_text(referral.referrer)),
                        ],
                    ),
                }
            )
        return items

    def front_door_work(self) -> list[Item]:
        """The front door's checks, decisions and strategy discussions on the referrals."""
        by_reference = dict(
            Referral.objects.filter(event_id__in=self.event_ids).values_list(
                "reference", "event_id"
            )
        )
        items: list[Item] = []
        for check in AgencyCheck.objects.filter(referral_id__in=by_reference).select_related(
            "agency"
        ):
            items.append(
                {
                    "what": "agency check",
                    "referral": check.referral_id,
                    "agency": check.agency.name,
                    "asked_at": _when(check.asked_at),
                    "question": check.question,
                    "answered_at": _when(check.answered_at),
                    "holds": check.holds,
                    "answer": check.answer,
                    "redaction_review": _review(
                        others=self.others.get(by_reference[str(check.referral_id)], []),
                        free_text=[("question", check.question), ("answer", check.answer)],
                    ),
                }
            )
        for decision in Decision.objects.filter(referral_id__in=by_reference):
            items.append(
                {
                    "what": "front-door decision",
                    "referral": decision.referral_id,
                    "outcome": decision.get_outcome_display(),
                    "decided_at": _when(decision.decided_at),
                    "rationale": decision.rationale,
                    "rested_on": decision.rested_on,
                    "sign_off": decision.get_sign_off_display(),
                    "sign_off_note": decision.sign_off_note,
                    "redaction_review": _review(
                        others=self.others.get(by_reference[str(decision.referral_id)], []),
                        free_text=[
                            ("rationale", decision.rationale),
                            ("rested_on", decision.rested_on),
                            ("sign_off_note", decision.sign_off_note),
                        ],
                    ),
                }
            )
        for strategy in StrategyDiscussion.objects.filter(
            decision__referral_id__in=by_reference
        ).select_related("decision"):
            items.append(
                {
                    "what": "strategy discussion",
                    "referral": strategy.decision.referral_id,
                    "held_at": _when(strategy.held_at),
                    "outcome": strategy.get_outcome_display(),
                    "attendees": strategy.attendees,
                    "actions": strategy.actions,
                    "redaction_review": _review(
                        others=self.others.get(
                            by_reference[str(strategy.decision.referral_id)], []
                        ),
                        free_text=[
                            ("attendees", strategy.attendees),
                            ("actions", strategy.actions),
                        ],
                    ),
                }
            )
        return items

    def notifications(self) -> list[Item]:
        return [
            {
                "told": n.recipient.name,
                "duty": n.duty,
                "raised_at": _when(n.raised_at),
                "due_by": _when(n.due_by),
                "status": n.get_status_display(),
                "why_not_sent": n.reason,
                "what_they_were_told": n.payload,
                "lawful_basis": n.lawful_basis,
                "acknowledged_at": _when(n.acknowledgement and n.acknowledgement.acknowledged_at),
                "acknowledgement_note": n.acknowledgement.note if n.acknowledgement else "",
                "redaction_review": _review(
                    others=self.others.get(n.event_id, []),
                    free_text=[
                        ("what_they_were_told", _free_text(n.payload)),
                        ("why_not_sent", n.reason if n.not_sharing_id else ""),
                        (
                            "acknowledgement_note",
                            n.acknowledgement.note if n.acknowledgement else "",
                        ),
                    ],
                ),
            }
            for n in Notification.objects.filter(person=self.person)
            .select_related("recipient", "acknowledgement")
            .order_by("raised_at", "pk")
        ]

    def marac(self) -> list[Item]:
        referrals = {
            r.reference: r
            for r in MaracReferral.objects.filter(event_id__in=self.event_ids).select_related(
                "agency"
            )
        }
        items: list[Item] = []
        for reference, r in referrals.items():
            others = self.others.get(r.event_id, [])
            items.append(
                {
                    "what": "MARAC referral",
                    "reference": reference,
                    "from": r.agency.name,
                    "referred_at": _when(r.referred_at),
                    "criterion": r.get_criterion_display(),
                    "repeat": r.repeat,
                    "reason": r.reason,
                    "heard_on": _when(r.heard_on),
                    "redaction_review": _review(others=others, free_text=[("reason", r.reason)]),
                }
            )
            for hearing in Hearing.objects.filter(referral=r).select_related("meeting"):
                items.append(
                    {
                        "what": "heard at MARAC",
                        "reference": reference,
                        "meeting": _when(hearing.meeting.date),
                        "redaction_review": _review(others=others),
                    }
                )
            for ret in ResearchReturn.objects.filter(referral=r).select_related("agency"):
                items.append(
                    {
                        "what": "research return",
                        "reference": reference,
                        "agency": ret.agency.name,
                        "holds": ret.holds,
                        "victim": ret.victim,
                        "perpetrator": ret.perpetrator,
                        "children": ret.children,
                        "completed_at": _when(ret.completed_at),
                        "redaction_review": _review(
                            others=others,
                            free_text=[
                                ("victim", ret.victim),
                                ("perpetrator", ret.perpetrator),
                                ("children", ret.children),
                            ],
                        ),
                    }
                )
            for action in Action.objects.filter(referral=r).select_related("owner_agency"):
                items.append(
                    {
                        "what": "MARAC action",
                        "reference": reference,
                        "description": action.description,
                        "owner": action.owner_agency.name,
                        "due_on": _when(action.due_on),
                        "completed_at": _when(action.completed_at),
                        "completion_note": action.completion_note,
                        "redaction_review": _review(
                            others=others,
                            free_text=[
                                ("description", action.description),
                                ("completion_note", action.completion_note),
                            ],
                        ),
                    }
                )
        return items

    def quality(self) -> list[Item]:
        keys = {(p.event.message.source, p.event.message.message_id): p for p in self.parts}
        items: list[Item] = []
        for review in DipReview.objects.filter(
            message_id__in={message_id for _, message_id in keys}
        ).select_related("sample"):
            part = keys.get((review.source, review.message_id))
            if part is None:
                continue
            notes = [
                (name, getattr(review, name))
                for name in (
                    "risk_right_notes",
                    "child_seen_heard_notes",
                    "history_considered_notes",
                    "information_shared_notes",
                    "result_notes",
                )
            ]
            items.append(
                {
                    "what": "dip-sample review of an incident",
                    "week": str(review.sample.week),
                    "incident": f"{review.source}/{review.message_id}",
                    "result": review.get_result_display() if review.result else "",
                    **dict(notes),
                    "redaction_review": _review(
                        others=self.others.get(part.event_id, []), free_text=notes
                    ),
                }
            )
        for audit in CaseAudit.objects.filter(
            message_id__in={message_id for _, message_id in keys}
        ).prefetch_related("findings"):
            part = keys.get((audit.source, audit.message_id))
            if part is None or part.ref != audit.child_ref:
                continue
            findings = [f.text for f in audit.findings.all()]
            items.append(
                {
                    "what": "case audit",
                    "opened_at": _when(audit.opened_at),
                    "scope": audit.scope,
                    "findings": findings,
                    "redaction_review": _review(
                        others=self.others.get(part.event_id, []),
                        free_text=[("scope", audit.scope), ("findings", " ".join(findings))],
                    ),
                }
            )
        return items

    def messages(self) -> list[Item]:
        """The messages as the agencies sent them: every other subject in one is a third party."""
        items = []
        for message in InboxMessage.objects.filter(pk__in={p.event.message_id for p in self.parts}):
            part = next(p for p in self.parts if p.event.message_id == message.pk)
            items.append(
                {
                    "source": message.source,
                    "message_id": message.message_id,
                    "received_at": _when(message.received_at),
                    "channel": message.get_channel_display(),
                    "as_sent": _parsed(message.raw),
                    "redaction_review": _review(
                        others=self.others.get(part.event_id, []),
                        free_text=[("as_sent", message.raw)],
                    ),
                }
            )
        return sorted(items, key=lambda i: str(i["received_at"]))

    def _naming_them(self, rows: QuerySet[N]) -> list[N]:
        """The rows naming the person by one of their parts: a message and its subject's ref."""
        parts = {(p.event.message_id, p.ref) for p in self.parts}
        return [
            row
            for row in rows.filter(message_id__in={message for message, _ in parts})
            if (row.message_id, row.ref) in parts
        ]

    def access(self) -> list[Item]:
        """Restrictions on who may open their record, and emergency (break-glass) access to it."""
        items: list[Item] = []
        restrictions = {
            record.restriction_id: record.restriction
            for record in self._naming_them(RestrictedRecord.objects.select_related("restriction"))
        }
        for restriction in sorted(restrictions.values(), key=lambda r: r.restricted_at):
            items.append(
                {
                    "what": "restriction of who may open the record",
                    "restricted_at": _when(restriction.restricted_at),
                    "reason": restriction.reason,
                    "lifted_at": _when(restriction.lifted_at),
                    "lift_reason": restriction.lift_reason,
                    "redaction_review": _review(
                        free_text=[
                            ("reason", restriction.reason),
                            ("lift_reason", restriction.lift_reason),
                        ]
                    ),
                }
            )
        for grant in sorted(
            self._naming_them(BreakGlassGrant.objects.select_related("user__staff_profile")),
            key=lambda g: g.granted_at,
        ):
            profile = getattr(grant.user, "staff_profile", None)
            items.append(
                {
                    "what": "emergency access (break-glass)",
                    "agency": profile.agency.name if profile else "",
                    "granted_at": _when(grant.granted_at),
                    "until": _when(grant.expires_at),
                    "reason": grant.reason,
                    "reviewed_at": _when(grant.reviewed_at),
                    "review_note": grant.review_note,
                    "redaction_review": _review(
                        free_text=[("reason", grant.reason), ("review_note", grant.review_note)]
                    ),
                }
            )
        return items

    def _about_them(self, model: type[A], by: str, *related: str) -> list[A]:
        """The kept rows naming the person by one of their parts in the inbox (ADR 16), in the
        order of `by`, with the `related` rows they name."""
        anchors = {(p.event.agency_id, p.event.message.message_id, p.ref) for p in self.parts}
        rows = model._default_manager.select_related(*related).order_by(by, "pk")
        return [
            row
            for row in rows.filter(
                subject_message_id__in={message_id for _, message_id, _ in anchors}
            )
            if (row.subject_sent_by_id, row.subject_message_id, row.subject_ref) in anchors
        ]

    def notification_decisions(self) -> list[Item]:
        """What people decided about notifications of them, kept apart from the notifications
        (which are derived): each acknowledgement, each decision not to share, including those
        a manager returned, and each decision never to tell an agency about them, lifted or
        not."""
        items: list[Item] = [
            {
                "what": "acknowledgement",
                "duty": kept.duty,
                "agency": kept.recipient.name,
                "acknowledged_at": _when(kept.acknowledged_at),
                "acknowledged_by": _staff(kept.acknowledged_by),
                "note": kept.note,
                "redaction_review": _review(
                    free_text=[("note", kept.note)],
                    staff=[("acknowledged_by", _staff(kept.acknowledged_by))],
                ),
            }
            for kept in self._about_them(
                Acknowledgement, "acknowledged_at", "recipient", "acknowledged_by"
            )
        ]
        items += [
            {
                "what": "decision not to share",
                "duty": kept.duty,
                "agency": kept.recipient.name,
                **_decided(kept),
                "redaction_review": _decision_review(kept),
            }
            for kept in self._about_them(
                NotSharing, "decided_at", "recipient", "decided_by", "signed_off_by"
            )
        ]
        items += [
            {
                "what": "decision never to tell an agency",
                "agency": kept.recipient.name,
                **_decided(kept),
                "lifted_at": _when(kept.lifted_at),
                "lifted_by": _staff(kept.lifted_by),
                "lift_reason": kept.lift_reason,
                "redaction_review": _decision_review(
                    kept,
                    lift_reason=kept.lift_reason,
                    lifted_by=_staff(kept.lifted_by),
                ),
            }
            for kept in self._about_them(
                NeverTell, "decided_at", "recipient", "decided_by", "signed_off_by", "lifted_by"
            )
        ]
        return items

    def statutory_returns(self) -> list[Item]:
        """What the children in need census says of them, for each census year one of their
        referrals falls in (the extracts made with them in are among the reads)."""
        years = sorted(
            {
                census_year(timezone.localdate(received))
                for received in Referral.objects.filter(event_id__in=self.event_ids).values_list(
                    "received_at", flat=True
                )
            }
        )
        items: list[Item] = []
        for year in (y for y in years if y >= FIRST_YEAR):
            census = cin_census_collect(year)
            for child in census.children:
                if child.person_id == self.person.pk:
                    items.append(
                        {
                            "what": "children in need census",
                            "year": year,
                            "la_child_id": child.la_child_id,
                            "referrals": [
                                {
                                    "reference": r.reference,
                                    "referral_date": _when(r.referral_date),
                                    "source": r.source,
                                    "no_further_action": r.no_further_action,
                                    "assessment_started": _when(r.assessment_started),
                                    "factors": list(r.factors),
                                }
                                for r in child.referrals
                            ],
                            "redaction_review": _review(),
                        }
                    )
        return items

    def reads(self) -> list[Item]:
        """Who has read the record: each agency's reads by purpose, first and last."""
        return [
            {
                "agency": row["user_agency"] or "(no agency)",
                "purpose": row["purpose"],
                "reads": row["reads"],
                "first": _when(row["first"]),
                "last": _when(row["last"]),
                "redaction_review": _review(),
            }
            for row in AccessLog.objects.filter(person_id=self.person.pk)
            .exclude(route="denied")
            .values("user_agency", "purpose")
            .annotate(reads=Count("pk"), first=Min("at"), last=Max("at"))
            .order_by("user_agency", "purpose")
        ]


def _decision_review(decision: Decided, *, lift_reason: str = "", lifted_by: str = "") -> Item:
    """A decision not to tell an agency is marked for its staff's words (the reasons and
    notes) and their names."""
    return _review(
        free_text=[
            ("reason", decision.reason),
            ("sign_off_note", decision.sign_off_note),
            ("lift_reason", lift_reason),
        ],
        staff=[
            ("decided_by", _staff(decision.decided_by)),
            ("signed_off_by", _staff(decision.signed_off_by)),
            ("lifted_by", lifted_by),
        ],
    )


def _free_text(value: Any) -> str:
    """The words in a JSON value (its strings, nested), as one text for the review check."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_free_text(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_free_text(v) for v in value)
    return ""


def _parsed(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw


SECTIONS = (
    ("source_records", "What each agency recorded of them"),
    ("link_decisions", "How their records were linked"),
    ("residences", "Addresses"),
    ("relationships", "Relationships"),
    ("events", "Events (the multi-agency chronology)"),
    ("plans", "Plans and involvements"),
    ("dash", "DASH risk assessments"),
    ("alerts", "Alerts the rules raised"),
    ("alert_changes", "Who moved the alerts on, and why"),
    ("referrals", "Referrals to the front door"),
    ("front_door_work", "Front-door checks, decisions and strategy discussions"),
    ("notifications", "What the hub told other agencies"),
    (
        "notification_decisions",
        "Acknowledgements, and decisions not to tell an agency or never to tell it",
    ),
    ("marac", "MARAC"),
    ("quality", "Quality assurance"),
    ("statutory_returns", "Statutory returns"),
    ("access", "Restrictions and emergency access to the record"),
    ("messages", "The messages agencies sent, as sent"),
    ("reads", "Who has read the record"),
)
PLAN_KINDS = {"plan", "involvement"}


def subject_access_gather(person: Person) -> SubjectAccess:
    """Everything held about `person`, section by section (see SECTIONS)."""
    gather = _Gatherer(person)
    export = SubjectAccess(
        person={
            "id": person.pk,
            "name": person.display_name,
            "date_of_birth": _when(person.date_of_birth),
            "due_date": _when(person.due_date),
            "sex": person.sex,
            "nhs_number": person.nhs_number,
            "known_since": _when(person.created_at),
        },
        generated_at=timezone.localtime().isoformat(),
        partnership=settings.FRONTDOOR_PARTNERSHIP_NAME,
    )
    export.sections = {
        "source_records": gather.source_records(),
        "link_decisions": gather.link_decisions(),
        "residences": gather.residences(),
        "relationships": gather.relationships(),
        "events": gather.events(PLAN_KINDS, exclude=True),
        "plans": gather.events(PLAN_KINDS),
        "dash": gather.dash(),
        "alerts": gather.alerts(),
        "alert_changes": gather.alert_changes(),
        "referrals": gather.referrals(),
        "front_door_work": gather.front_door_work(),
        "notifications": gather.notifications(),
        "notification_decisions": gather.notification_decisions(),
        "marac": gather.marac(),
        "quality": gather.quality(),
        "statutory_returns": gather.statutory_returns(),
        "access": gather.access(),
        "messages": gather.messages(),
        "reads": gather.reads(),
    }
    return export
