"""Reading a written borough back: the three files as Python values."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Loaded:
    path: Path
    agencies: list[dict[str, Any]]
    messages: list[dict[str, Any]]
    truth: dict[str, Any]

    @property
    def invalid_keys(self) -> set[tuple[str, str]]:
        return {(i["source"], i["message_id"]) for i in self.truth["invalid_messages"]}

    def valid_messages(self) -> list[dict[str, Any]]:
        invalid = self.invalid_keys
        return [m for m in self.messages if (m["source"], m["message_id"]) not in invalid]


def load(path: Path) -> Loaded:
    agencies = json.loads((path / "agencies.json").read_text(encoding="utf-8"))
    with (path / "messages.jsonl").open(encoding="utf-8") as handle:
        messages = [json.loads(line) for line in handle]
    truth = json.loads((path / "truth.json").read_text(encoding="utf-8"))
    return Loaded(path, agencies, messages, truth)
