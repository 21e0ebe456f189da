"""The police DASH (2009) risk identification checklist: its 27 questions in their published
order, scored as published, with the prompts for professional judgement.

Answers are keyed by question number, "1" to "27", as in the exchange format. The wording here
is the hub's own short form of each question; the number and the topic are the published ones.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum


class Level(IntEnum):
    """A risk level, ordered so that judgement can raise it and `max` never lowers it."""

    STANDARD = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()


ANSWERS = ("yes", "no", "not_known")
ANSWER_LABELS = {"yes": "Yes", "no": "No", "not_known": "Not known"}

HIGH_AT = 14
MEDIUM_AT = 10
MARAC_THRESHOLD = "meets the MARAC referral threshold"


@dataclass(frozen=True)
class Question:
    number: int
    section: str
    text: str

    @property
    def key(self) -> str:
        return str(self.number)


_CURRENT = "The current situation"
_CHILDREN = "Children and dependants"
_HISTORY = "History of the abuse"
_ABUSER = "The person causing harm"

QUESTIONS = (
    Question(1, _CURRENT, "Did this incident leave you injured?"),
    Question(2, _CURRENT, "Are you very frightened?"),
    Question(3, _CURRENT, "Are you afraid of further injury or violence?"),
    Question(4, _CURRENT, "Are you cut off from family or friends, or kept from seeing them?"),
    Question(5, _CURRENT, "Are you feeling depressed, or having thoughts of suicide?"),
    Question(6, _CURRENT, "Have you separated, or tried to separate, in the last year?"),
    Question(7, _CURRENT, "Is there conflict over contact with the children?"),
    Question(8, _CURRENT, "Do they keep texting, calling, following, stalking or harassing you?"),
    Question(9, _CHILDREN, "Are you pregnant, or have you had a baby in the last 18 months?"),
    Question(
        10,
        _CHILDREN,
        "Are there children who are not theirs, or other dependants, in the household?",
    ),
    Question(11, _CHILDREN, "Have they ever hurt the children or dependants?"),
    Question(
        12, _CHILDREN, "Have they ever threatened to hurt or kill the children or dependants?"
    ),
    Question(13, _HISTORY, "Is the abuse happening more often?"),
    Question(14, _HISTORY, "Is the abuse getting worse?"),
    Question(15, _HISTORY, "Do they try to control everything you do, or are they very jealous?"),
    Question(16, _HISTORY, "Have they ever used a weapon or an object to hurt you?"),
    Question(
        17, _HISTORY, "Have they ever threatened to kill you or someone else, and you believed it?"
    ),
    Question(18, _HISTORY, "Have they ever tried to strangle, choke, suffocate or drown you?"),
    Question(
        19,
        _HISTORY,
        "Do they do or say sexual things that make you feel bad or that hurt you or others?",
    ),
    Question(20, _HISTORY, "Is anyone else threatening you, or someone you are afraid of?"),
    Question(21, _HISTORY, "Do you know whether they have hurt anyone else?"),
    Question(22, _HISTORY, "Have they ever mistreated an animal or the family pet?"),
    Question(23, _ABUSER, "Are there money problems, or do you depend on them for money?"),
    Question(
        24,
        _ABUSER,
        "In the last year, have drugs, alcohol or mental health disrupted their daily life?",
    ),
    Question(25, _ABUSER, "Have they ever threatened or attempted suicide?"),
    Question(
        26,
        _ABUSER,
        "Have they ever broken bail, an injunction, or an agreement about contact?",
    ),
    Question(27, _ABUSER, "Do you know whether they have been in trouble with the police?"),
)


@dataclass(frozen=True)
class Prompt:
    """A reason to consider raising the level by professional judgement."""

    code: str
    text: str
    questions: tuple[int, ...]


PROMPTS = (
    Prompt("strangulation", "Non-fatal strangulation, choking or suffocation", (18,)),
    Prompt("threats_to_kill", "Threats to kill that the victim believed", (17,)),
    Prompt("stalking", "Stalking or harassment", (8,)),
    Prompt(
        "separation_control_violence",
        "Separation together with coercive control and violence",
        (6, 15, 1),
    ),
    Prompt("fear", "The victim is very frightened", (2,)),
    Prompt("escalation", "The abuse is more frequent or getting worse", (13, 14)),
)
HONOUR_BASED_ABUSE = (
    "Honour-based abuse: a family or community acting together, forced marriage, or shame "
    "used as a threat (not one of the 27 questions; consider it whenever it is mentioned)"
)


@dataclass(frozen=True)
class DashScore:
    yes_count: int
    answered: int
    level_by_count: Level
    judged_high: bool
    prompts: tuple[Prompt, ...]

    @property
    def level(self) -> Level:
        """The count's level, raised (never lowered) by professional judgement."""
        return Level.HIGH if self.judged_high else self.level_by_count

    @property
    def raised_by_judgement(self) -> bool:
        return self.level > self.level_by_count

    @property
    def meets_marac_threshold(self) -> bool:
        """High risk, by the count or by judgement, is a case for a MARAC referral."""
        return self.level is Level.HIGH

    @property
    def summary(self) -> str:
        text = f"{self.yes_count} of 27 answered yes: {self.level_by_count.label} risk"
        if self.raised_by_judgement:
            return f"{text}; raised to {self.level.label} by professional judgement"
        return text


def level_of_count(yes_count: int) -> Level:
    """The published thresholds: 14 or more "yes" is high, 10 to 13 medium, fewer standard."""
    if yes_count >= HIGH_AT:
        return Level.HIGH
    if yes_count >= MEDIUM_AT:
        return Level.MEDIUM
    return Level.STANDARD


def dash_score(answers: Mapping[str, str], professional_judgement: object = None) -> DashScore:
    """Score a checklist: count the yeses, apply the published thresholds, then judgement
    (`professional_judgement` is "high" or nothing, as in the exchange format)."""
    yes = {q.number for q in QUESTIONS if answers.get(q.key) == "yes"}
    prompts = tuple(p for p in PROMPTS if all(n in yes for n in p.questions))
    return DashScore(
        yes_count=len(yes),
        answered=sum(1 for q in QUESTIONS if answers.get(q.key) in ANSWERS),
        level_by_count=level_of_count(len(yes)),
        judged_high=professional_judgement == "high",
        prompts=prompts,
    )
