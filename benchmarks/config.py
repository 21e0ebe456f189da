"""What each scale measures and what each target is: one place, so the report and code agree."""

from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
# Generated boroughs, logs and profiles, reused between runs. Worker command lines carry this
# path, so it avoids the word "frontdoor": a broad `pkill -f frontdoor` elsewhere on a shared
# machine once killed a benchmark half-way through.
DEFAULT_CACHE_DIR = Path("/tmp/fd-bench")  # noqa: S108

SEED = 1
YEARS = 10

INGEST_TARGET = 1000.0  # messages a second through the whole spine
SCALING_TARGET = 0.8  # last slice's throughput over the first's: "near-linear"
API_P95_TARGET = 0.100  # seconds, per single-message POST, with API_CLIENTS at once
API_CLIENTS = 8
API_WARM_UP = API_CLIENTS  # one request per client first, untimed: connections, lazy imports
PAGE_TARGET = 0.150  # seconds of server time for the person page
PAGE_EVENTS = 500
PAGE_AGENCIES = 10
LINK_PRECISION_TARGET = 0.999  # pairwise, against the borough's truth
LINK_RECALL_TARGET = 0.99
RULES_RECALL_TARGET = 1.0  # of the generator's escalating households, by the escalation rules
RULES_EVALUATE_TARGET = 0.020  # seconds: every rule, one new message, a 500-event household
RULES_EVALUATE_RUNS = 50
RULES_REPLAY_TARGET = 120.0  # seconds to replay a year of the borough through the rules
QUEUE_TARGET = 0.200  # seconds of server time for the front door's queue page (p95)
QUEUE_ITEMS = 5_000  # open items on the queue while it is timed
INSIGHTS_TARGET = 1.0  # seconds of server time for the leaders' dashboard (p95)


@dataclass(frozen=True)
class Scale:
    """A size of run: the borough generated and how long each benchmark goes on.

    `checkpoints` are the cumulative message counts at which ingest throughput is read; the run
    also ends a slice at the last message. The API posts the borough's last `api_requests`
    messages, held back from ingest, so every request is a new message, never a duplicate.
    Before those, `api-under-ingest` holds back `under_ingest_messages` for an ingest running
    alongside it and then `under_ingest_requests` for its own clients (`held_back_for`).
    """

    name: str
    households: int
    checkpoints: tuple[int, ...]
    api_requests: int
    api_seconds: float
    page_requests: int
    under_ingest_messages: int
    under_ingest_requests: int

    def held_back_for(self, step: str) -> tuple[int, int]:
        """The messages (start, stop from the end of the borough, so negative) a step sends:
        the last block is the `api` step's, the one before the API clients' of
        `api-under-ingest`, and before that the ingest running alongside them."""
        api = self.api_requests + API_WARM_UP
        clients = api + self.under_ingest_requests + API_WARM_UP
        blocks = {
            "api": (-api, 0),
            "api-under-ingest": (-clients, -api),
            "ingest-alongside": (-clients - self.under_ingest_messages, -clients),
        }
        return blocks[step]

    @property
    def held_back(self) -> int:
        """Messages at the end of the borough that ingest leaves for the API benchmarks."""
        return -self.held_back_for("ingest-alongside")[0]


SCALES = {
    "small": Scale(
        name="small",
        households=1_400,
        checkpoints=(1_000, 5_000),
        api_requests=500,
        api_seconds=30.0,
        page_requests=30,
        under_ingest_messages=3_000,
        under_ingest_requests=300,
    ),
    "full": Scale(
        name="full",
        households=100_000,
        checkpoints=(10_000, 100_000, 250_000, 500_000),
        api_requests=2_000,
        api_seconds=60.0,
        page_requests=30,
        under_ingest_messages=50_000,
        under_ingest_requests=2_000,
    ),
}
