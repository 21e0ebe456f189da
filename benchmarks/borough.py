"""The synthetic borough every benchmark runs on, generated once per size and kept under /tmp.

The generator gives the same bytes for the same arguments and the same code, so a borough on disk
under the arguments and a digest of the generator's source is the one they describe.
`write_borough` renames each file into place only when it is complete, so a folder with
messages.jsonl and our summary.json in it is whole. Generating the full borough takes about a
minute, which is why it is reused between runs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from itertools import islice
from pathlib import Path

from frontdoor import synth
from frontdoor.synth.generator import AGENCIES_FILE, DEFAULT_END, MESSAGES_FILE, write_borough

from .config import SEED, YEARS, Scale

SUMMARY_FILE = "summary.json"


@dataclass(frozen=True)
class Borough:
    """A generated borough on disk: where its files are and what the generator said it made."""

    folder: Path
    messages: int
    summary: str  # the generator's one-line report, as `frontdoor synth` prints it

    @property
    def messages_file(self) -> Path:
        return self.folder / MESSAGES_FILE

    @property
    def agencies_file(self) -> Path:
        return self.folder / AGENCIES_FILE

    def lines(self, start: int = 0, stop: int | None = None) -> Iterator[str]:
        """Raw messages `start` to `stop` (0-based, in file order), as `frontdoor ingest` reads."""
        with self.messages_file.open(encoding="utf-8", errors="replace") as handle:
            for line in islice(handle, start, stop):
                if line.strip():
                    yield line.rstrip("\n")

    @classmethod
    def at(cls, folder: Path) -> Borough:
        facts = json.loads((folder / SUMMARY_FILE).read_text(encoding="utf-8"))
        return cls(folder=folder, messages=facts["messages"], summary=facts["summary"])


def period_end(today: date | None = None) -> date:
    """The generator's usual last day, unless that is not yet past: messages may not be future."""
    yesterday = (today or date.today()) - timedelta(days=1)
    return min(DEFAULT_END, yesterday)


def generator_version() -> str:
    """A digest of the generator's source: a borough cached by older code is not reused."""
    digest = hashlib.sha256()
    for path in sorted(Path(synth.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def borough_for(scale: Scale, cache_dir: Path) -> Borough:
    """The borough of this scale, generated now unless it is already in the cache."""
    end = period_end()
    name = f"borough-h{scale.households}-y{YEARS}-s{SEED}-{end.isoformat()}-{generator_version()}"
    folder = cache_dir / name
    if (folder / SUMMARY_FILE).is_file() and (folder / MESSAGES_FILE).is_file():
        return Borough.at(folder)
    print(f"generating the {scale.name} borough in {folder} ...", flush=True)
    summary = write_borough(folder, households=scale.households, years=YEARS, seed=SEED, end=end)
    borough = Borough(folder=folder, messages=summary.messages, summary=summary.line())
    facts = {"messages": borough.messages, "summary": borough.summary}
    (folder / SUMMARY_FILE).write_text(json.dumps(facts | {"args": asdict(scale)}), "utf-8")
    return borough
