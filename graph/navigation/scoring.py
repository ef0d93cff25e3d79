"""Named, weighted score parts (评分构成) shared by the ranked analyses.

Every score we publish is a weighted sum of parts in [0, 1] whose names and weights are
returned with the score, so a user can see why one result outranks another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph.navigation.common import ToDictMixin, idf


@dataclass(frozen=True, slots=True)
class ScorePart(ToDictMixin):
    name: str  # English field name, e.g. "text_relevance"
    name_zh: str  # 中文名称
    value: float  # in [0, 1]
    weight: float
    contribution: float  # value * weight


def clamp01(value: float) -> float:
    return min(1.0, max(0.0, value))


def saturating(value: float, saturation: float) -> float:
    """``value / saturation`` capped at 1: "5 citations or more counts as full marks"."""
    return clamp01(value / saturation) if saturation > 0 else 0.0


def weighted_parts(
    values: Mapping[str, float], weights: Mapping[str, float], names_zh: Mapping[str, str]
) -> tuple[float, tuple[ScorePart, ...]]:
    """Total and parts, in the order of ``weights``; the total is divided by the weight sum."""
    total_weight = sum(weights.values()) or 1.0
    parts = tuple(
        ScorePart(
            name=name,
            name_zh=names_zh.get(name, name),
            value=clamp01(values.get(name, 0.0)),
            weight=weight,
            contribution=clamp01(values.get(name, 0.0)) * weight / total_weight,
        )
        for name, weight in weights.items()
    )
    return sum(p.contribution for p in parts), parts


def term_weights(terms: Sequence[str], document_frequencies: Mapping[str, int]) -> dict[str, float]:
    """IDF weight per query term; ``document_frequencies["*"]`` is the corpus size."""
    total = document_frequencies.get("*", 0)
    return {t: idf(document_frequencies.get(t, 0), total) for t in terms}


def weighted_overlap(matched: Sequence[str], weights: Mapping[str, float]) -> float:
    """IDF-weighted share of the query covered by ``matched`` terms, in [0, 1]."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(weights.get(t, 0.0) for t in set(matched)) / total
