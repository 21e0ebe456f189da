"""The impact measures: what each counts, written once for the page, the CSV and the command.

Each measure is a DuckDB query over the tables `loads.py` reads from the hub (a row for `n` things
counted alike: the local month they are counted in, the agency they belong to and what the
statistics need), grouped by month, by agency and by the measure's own breakdown
(docs/insights.md).
"""

from dataclasses import dataclass, field

from frontdoor.access.models import AgencyType
from frontdoor.quality.models import REVIEW_QUESTIONS, Result
from frontdoor.triage.models import DecisionOutcome

RATE, MEDIAN_HOURS, COUNT = "rate", "median_hours", "count"


@dataclass(frozen=True)
class Statistic:
    """One figure of a measure: a share (`rate`: how many of how many), a median in hours, or a
    count. `expression` is DuckDB SQL over the measure's rows; `among` limits the rows it is
    taken over (the denominator)."""

    code: str
    label: str
    kind: str
    expression: str = "TRUE"
    among: str = "TRUE"


@dataclass(frozen=True)
class Dimension:
    """A way to break a measure down: its code, its heading, the row column it groups by and
    the heading of that column in a table."""

    code: str
    label: str
    column: str
    heading: str
    every: tuple[str, ...] = ()  # keys shown even when nothing is counted under them


MONTH = Dimension("month", "By month", "month", "Month")
AGENCY = Dimension("agency", "By agency", "agency_id", "Agency")


@dataclass(frozen=True)
class Measure:
    code: str
    title: str
    definition: str
    # DuckDB SQL: columns `month` (YYYY-MM), `agency_id`, `n` (how many things the row stands
    # for), `team` if `teams`, and the dimensions' and the statistics'
    rows: str
    statistics: tuple[Statistic, ...]
    dimensions: tuple[Dimension, ...] = (MONTH, AGENCY)
    agency_meaning: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    charted: int = 0  # the statistic drawn month by month
    teams: bool = False  # whether its rows have a `team`: a police station or team

    @property
    def charted_statistic(self) -> Statistic:
        return self.statistics[self.charted]


OUTCOME_LABELS = {str(o.value): str(o.label) for o in DecisionOutcome}
TYPE_LABELS = {str(t.value): str(t.label) for t in AgencyType}
ESCALATION_RULES = ("ESCALATION_3_IN_12M", "ESCALATING_HARM")
OUTCOME = Dimension("outcome", "By decision", "outcome", "Decision")

MEASURES: tuple[Measure, ...] = (
    Measure(
        code="repeat_incidents",
        title="Repeat domestic abuse after a front-door decision",
        definition=(
            "Referrals whose front-door decision came to stand in the period, and how many of "
            "them were followed, within 12 months (365 days) of the decision, by a domestic-abuse "
            "incident involving anyone the referral named. A decision less than 12 months ago has "
            "had less time to be followed by one. Counted in the month of the decision, against "
            "the agency that referred."
        ),
        rows="""
            SELECT strftime(CAST(d.decided AS TIMESTAMP), '%Y-%m') AS month, d.agency_id,
                   d.outcome, 1 AS n,
                   coalesce(i.occurred <= d.decided + INTERVAL 365 DAY, FALSE) AS repeated
            FROM decisions d LEFT JOIN next_incidents i ON i.referral_id = d.id
        """,
        statistics=(
            Statistic("repeated", "Followed by a domestic-abuse incident", RATE, "repeated"),
        ),
        dimensions=(MONTH, AGENCY, OUTCOME),
        agency_meaning="the agency that referred",
        labels=OUTCOME_LABELS,
    ),
    Measure(
        code="incident_to_front_door",
        title="Time from incident to the front door",
        definition=(
            "Domestic-abuse incidents that happened in the period, and the hours from when each "
            "happened to when the agency that recorded it (in practice the police) told the hub "
            "(the message's reported time). On time: within the hours the partnership allows for "
            "telling the hub, as set on the day of the incident (24 unless changed). Counted in "
            "the month of the incident, against the agency that told the hub, and the police "
            "station or team the incident names."
        ),
        rows="""
            SELECT strftime(CAST(i.occurred AS TIMESTAMP), '%Y-%m') AS month, i.agency_id,
                   i.team, 1 AS n,
                   epoch(i.reported) / 3600.0 - epoch(i.occurred) / 3600.0 AS hours,
                   i.reported <= i.occurred + to_hours(n.hours) AS on_time
            FROM incidents i ASOF JOIN notice n ON CAST(i.occurred AS DATE) >= n.since
        """,
        statistics=(
            Statistic("median_hours", "Median hours", MEDIAN_HOURS, "hours"),
            Statistic("on_time", "Within the notice time", RATE, "on_time"),
        ),
        agency_meaning="the agency that told the hub",
        charted=1,
        teams=True,
    ),
    Measure(
        code="receipt_to_decision",
        title="Time from receipt to decision",
        definition=(
            "Referrals whose front-door decision came to stand in the period, and the hours from "
            "the hub receiving each to the decision standing (after any manager's sign-off). On "
            "time: by the referral's deadline, worked out from the partnership's working-day "
            "settings when it arrived (one working day unless changed). Counted in the month of "
            "the decision, against the agency that referred."
        ),
        rows="""
            SELECT strftime(CAST(d.decided AS TIMESTAMP), '%Y-%m') AS month, d.agency_id,
                   1 AS n, epoch(d.decided) / 3600.0 - epoch(d.received) / 3600.0 AS hours,
                   d.decided <= d.due AS on_time
            FROM decisions d
        """,
        statistics=(
            Statistic("median_hours", "Median hours", MEDIAN_HOURS, "hours"),
            Statistic("on_time", "By the deadline", RATE, "on_time"),
        ),
        agency_meaning="the agency that referred",
        charted=1,
    ),
    Measure(
        code="child_seen_heard",
        title="Children seen, seen alone and heard",
        definition=(
            "Children at domestic-abuse incidents and at contacts in the period, as the agency "
            "recorded them: seen; seen alone; heard (spoken to, or their words recorded). A child "
            "at two incidents counts twice. A child the agency did not say was seen counts as not "
            "seen. Counted in the month of the incident or contact, against the agency that "
            "recorded it; for a team, only the incidents that name it (contacts have no team)."
        ),
        rows="""
            SELECT c.month, c.agency_id, c.team, c.kind, c.n,
                   coalesce(c.seen, FALSE) AS seen, coalesce(c.seen_alone, FALSE) AS seen_alone,
                   c.heard
            FROM children c
        """,
        statistics=(
            Statistic("seen", "Seen", RATE, "seen"),
            Statistic("seen_alone", "Seen alone", RATE, "seen_alone"),
            Statistic("heard", "Heard", RATE, "heard"),
        ),
        dimensions=(
            MONTH,
            AGENCY,
            Dimension("kind", "At incidents and at contacts", "kind", "Where"),
        ),
        agency_meaning="the agency that recorded the incident or contact",
        teams=True,
        labels={"incident": "Incidents", "contact": "Contacts"},
    ),
    Measure(
        code="referrals_by_source",
        title="Referrals by source, and what became of them",
        definition=(
            "Referrals to the front door made in the period (by the time the referrer sent "
            "them), by the agency that sent them, probation among them, and the decision that "
            "stands on each now: still open, or the front door's decision."
        ),
        rows="""
            SELECT r.month, r.agency_id, a.type AS agency_type, r.n,
                   CASE WHEN r.outcome = '' THEN 'open' ELSE r.outcome END AS became
            FROM referrals r JOIN agencies a ON a.id = r.agency_id
        """,
        statistics=(
            Statistic("referrals", "Referrals", COUNT),
            Statistic("open", "Still open", RATE, "became = 'open'"),
            *(
                Statistic(str(o.value), str(o.label), RATE, f"became = '{o.value}'")
                for o in DecisionOutcome
            ),
        ),
        dimensions=(
            MONTH,
            Dimension(
                "agency_type",
                "By type of agency",
                "agency_type",
                "Type of agency",
                every=tuple(TYPE_LABELS),
            ),
            AGENCY,
        ),
        agency_meaning="the agency that referred",
        labels=TYPE_LABELS,
    ),
    Measure(
        code="health_contribution",
        title="Decisions with a health contribution",
        definition=(
            "Referrals whose front-door decision came to stand in the period, and how many of "
            "those decisions were made with an answer from health (a GP practice, midwifery, "
            "health visiting or the emergency department) among the agency checks recorded with "
            "them. Counted in the month of the decision, against the agency that referred."
        ),
        rows="""
            SELECT strftime(CAST(d.decided AS TIMESTAMP), '%Y-%m') AS month, d.agency_id,
                   d.outcome, 1 AS n, d.health
            FROM decisions d
        """,
        statistics=(Statistic("health", "With a health answer", RATE, "health"),),
        dimensions=(MONTH, AGENCY, OUTCOME),
        agency_meaning="the agency that referred",
        labels=OUTCOME_LABELS,
    ),
    Measure(
        code="sharing_on_time",
        title="Sharing duties met on time",
        definition=(
            "Notifications the sharing duties raised in the period (not those withheld because "
            "the sender had already told the agency), and how many the recipient acknowledged "
            "by the deadline. A notification not yet acknowledged and not yet due is left out "
            "until it is one or the other. Counted in the month it was raised, against the "
            "agency told."
        ),
        rows="""
            SELECT s.month, s.recipient_id AS agency_id, a.type AS recipient_type, s.n,
                   s.on_time
            FROM notifications s JOIN agencies a ON a.id = s.recipient_id
        """,
        statistics=(Statistic("on_time", "Acknowledged by the deadline", RATE, "on_time"),),
        dimensions=(
            MONTH,
            Dimension(
                "recipient_type", "By type of agency told", "recipient_type", "Type of agency"
            ),
            AGENCY,
        ),
        agency_meaning="the agency told",
        labels=TYPE_LABELS,
    ),
    Measure(
        code="escalations",
        title="Escalations the rules caught, and how long before the front door acted",
        definition=(
            "Alerts raised in the period by the escalation rules (three incidents in 12 months; "
            "harm escalating: more harm, or more often), how many someone "
            "at the front door has acknowledged, actioned or closed, and the median hours from "
            "the alert being raised to the first of those. Counted in the month it was raised, "
            "against the agency whose message set it off and the team that incident names."
        ),
        rows="""
            SELECT strftime(CAST(a.raised AS TIMESTAMP), '%Y-%m') AS month, a.agency_id,
                   a.team, a.rule, 1 AS n, a.first_acted IS NOT NULL AS acted,
                   epoch(a.first_acted) / 3600.0 - epoch(a.raised) / 3600.0 AS hours
            FROM alerts a
        """,
        statistics=(
            Statistic("caught", "Alerts", COUNT),
            Statistic("acted", "Acted on", RATE, "acted"),
            Statistic("median_hours", "Median hours to act", MEDIAN_HOURS, "hours", "acted"),
        ),
        dimensions=(MONTH, AGENCY, Dimension("rule", "By rule", "rule", "Rule")),
        agency_meaning="the agency whose message set the alert off",
        labels={rule: rule for rule in ESCALATION_RULES},
        teams=True,
    ),
    Measure(
        code="marac_repeat",
        title="MARAC repeat rate",
        definition=(
            "Referrals to MARAC made in the period, and how many were repeats: abuse between the "
            "same victim and perpetrator within 12 months of the victim's last referral, as the "
            "repeat-MARAC rule found it. Counted in the month of the referral, against the agency "
            "that referred."
        ),
        rows="SELECT m.month, m.agency_id, m.n, m.repeat FROM marac m",
        statistics=(Statistic("repeat", "Repeats", RATE, "repeat"),),
        agency_meaning="the agency that referred",
    ),
)


DIP_SAMPLES = Measure(
    code="dip_samples",
    title="Dip-sample findings",
    definition=(
        "Completed reviews of the weekly dip samples of standard-risk incidents not referred on, "
        "by the month the incident happened: how many reviews found the answer "
        "to each question of the audit form was no, and each review's result. Counted against "
        "the agency that sent the incident and the police station or team it names."
    ),
    rows="",  # read through quality.selectors.dip_sample_results, not DuckDB
    statistics=(
        Statistic("reviews", "Reviews completed", COUNT),
        *(Statistic(f"no_{q.field}", f"{q.text} No", RATE) for q in REVIEW_QUESTIONS),
        *(Statistic(str(r.value), f"Result: {r.label}", RATE) for r in Result),
    ),
    dimensions=(MONTH,),
    agency_meaning="the agency that sent the incident",
    teams=True,
)
