"""The Fellegi-Sunter model the hub scores with: match weights for every comparison level.

For each level, m is the chance two records of the same person agree that well, and u the chance
two records of different people do; the level's weight is log2(m / u). A pair's total weight is
the prior's weight plus each comparison's, and its probability 2^w / (1 + 2^w). Agreeing on a
common name says less than agreeing on a rare one: an exact name's u is that name's frequency.

`frontdoor linkage train` estimates m and u with Splink on the hub's own records and stores them
as a numbered version (`TrainedModel`); until then the hub scores with `UNTRAINED`, set by hand.
"""

import math
from dataclasses import dataclass, field
from typing import Any

from .comparisons import COMPARISONS, Comparison, Features

LOWEST_FREQUENCY = 1e-6  # a name seen once in a national index is not rarer than this


@dataclass(frozen=True)
class MatchWeights:
    """m and u for each level of each comparison (levels 1.. in order, then "none"), the prior,
    and the frequency of each given name and surname for term-frequency adjustment."""

    version: int
    prior: float
    m_u: dict[str, list[tuple[float, float]]]
    frequencies: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "prior": self.prior,
            "m_u": {name: [list(pair) for pair in pairs] for name, pairs in self.m_u.items()},
            "frequencies": self.frequencies,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "MatchWeights":
        return cls(
            version=int(data["version"]),
            prior=float(data["prior"]),
            m_u={name: [(m, u) for m, u in pairs] for name, pairs in data["m_u"].items()},
            frequencies=data.get("frequencies", {}),
        )

    def level_weight(
        self, comparison: Comparison, level: int, left: Features, right: Features
    ) -> float:
        """The weight of agreeing at `level` (0, missing, weighs nothing)."""
        if level == 0:
            return 0.0
        m, u = self.m_u[comparison.name][level - 1]
        if level <= len(comparison.levels):
            column = comparison.levels[level - 1].term_frequency
            value = getattr(left, column) if column else ""
            if value and value in self.frequencies.get(column, {}):
                u = max(self.frequencies[column][value], LOWEST_FREQUENCY)
        return math.log2(m / u)


@dataclass(frozen=True)
class FieldScore:
    comparison: Comparison
    level: int
    weight: float

    def in_words(self) -> str:
        """What this field says: 'the same surname: strong evidence they are ... (+6.2)'."""
        if self.level == 0:
            return f"{self.comparison.label_of(0)}: no evidence either way"
        if self.weight >= 5:
            strength = "strong evidence they are the same person"
        elif self.weight >= 1:
            strength = "some evidence they are the same person"
        elif self.weight > -1:
            strength = "little evidence either way"
        elif self.weight > -5:
            strength = "some evidence they are different people"
        else:
            strength = "strong evidence they are different people"
        return f"{self.comparison.label_of(self.level)}: {strength} ({self.weight:+.1f})"


@dataclass(frozen=True)
class PairScore:
    """Two records compared: the total match weight, its probability, and each field's part."""

    weight: float
    fields: tuple[FieldScore, ...]

    @property
    def probability(self) -> float:
        if self.weight > 60:
            return 1.0
        odds = 2.0**self.weight
        return odds / (1.0 + odds)

    def explanation(self) -> dict[str, str]:
        """Each field's part in words a practitioner can weigh."""
        return {score.comparison.name: score.in_words() for score in self.fields}


def pair_score(weights: MatchWeights, left: Features, right: Features) -> PairScore:
    """Compare two records on every field and add up the evidence."""
    prior = math.log2(weights.prior / (1.0 - weights.prior))
    scores = []
    for comparison in COMPARISONS:
        level = comparison.level_of(left, right)
        scores.append(
            FieldScore(comparison, level, weights.level_weight(comparison, level, left, right))
        )
    return PairScore(prior + sum(s.weight for s in scores), tuple(scores))


UNTRAINED = MatchWeights(
    version=0,
    prior=1e-5,
    m_u={
        "given_name": [
            (0.85, 0.01),
            (0.005, 1e-5),
            (0.06, 0.003),
            (0.02, 0.004),
            (0.03, 0.003),
            (0.01, 0.03),
            (0.03, 0.95),
        ],
        "family_name": [
            (0.82, 0.003),
            (0.005, 1e-5),
            (0.08, 0.001),
            (0.04, 0.002),
            (0.02, 0.03),
            (0.04, 0.964),
        ],
        "date_of_birth": [
            (0.92, 5e-5),
            (0.01, 2e-5),
            (0.04, 6e-4),
            (0.01, 2e-4),
            (0.02, 0.99913),
        ],
        "address": [
            (0.45, 1e-4),
            (0.30, 4e-4),
            (0.05, 1e-4),
            (0.10, 0.02),
            (0.02, 0.002),
            (0.08, 0.9774),
        ],
        "sex": [(0.97, 0.5), (0.03, 0.5)],
        "nhs_number": [(0.999, 1e-8), (0.001, 0.99999999)],
    },
)
