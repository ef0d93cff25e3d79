"""Holder comparison and greedy set cover for patent pools (专利池成员互补性与覆盖)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from graph.navigation.common import ToDictMixin


@dataclass(frozen=True, slots=True)
class HolderPair(ToDictMixin):
    holder_a: str
    holder_b: str
    shared_units: int
    jaccard: float  # overlap (重叠度)
    complementarity: float  # 1 - Jaccard (互补度)


@dataclass(frozen=True, slots=True)
class CoverStep(ToDictMixin):
    holder_key: str
    name: str
    new_units: tuple[str, ...]  # units this member adds to the pool
    cumulative_units: int


def jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def holder_pairs(units_by_holder: Sequence[tuple[str, Sequence[str]]]) -> tuple[HolderPair, ...]:
    """Every pair of (holder key, units), most complementary first (then keys).

    A holder without units (none of its patents carries a unit above the floor) has no
    measurable overlap, so it is left out rather than called complementary to everyone.
    """
    pairs = []
    measurable = sorted((key, units) for key, units in units_by_holder if units)
    for (key_a, units_a), (key_b, units_b) in combinations(measurable, 2):
        overlap = jaccard(set(units_a), set(units_b))
        shared = len(set(units_a) & set(units_b))
        pairs.append(HolderPair(key_a, key_b, shared, round(overlap, 6), round(1.0 - overlap, 6)))
    pairs.sort(key=lambda p: (-p.complementarity, p.holder_a, p.holder_b))
    return tuple(pairs)


def greedy_cover(
    units: Mapping[str, set[str]],
    patent_counts: Mapping[str, int],
    names: Mapping[str, str],
    goal: int | None = None,
) -> tuple[CoverStep, ...]:
    """Pick the holder adding most uncovered units until ``goal`` units (default: all) are
    covered or nothing more is gained.

    Ties go to the holder with more usable patents, then the smaller key, so the result is
    deterministic. Greedy set cover is within ln(n) of the optimum, not always minimal.
    """
    remaining = set().union(*units.values()) if units else set()
    steps: list[CoverStep] = []
    chosen: set[str] = set()
    covered = 0
    while remaining and (goal is None or covered < goal):
        candidates = [k for k in units if k not in chosen]
        best = min(
            candidates,
            key=lambda k: (-len(units[k] & remaining), -patent_counts.get(k, 0), k),
            default=None,
        )
        if best is None or not units[best] & remaining:
            break
        gained = units[best] & remaining
        remaining -= gained
        covered += len(gained)
        chosen.add(best)
        steps.append(CoverStep(best, names.get(best, best), tuple(sorted(gained)), covered))
    return tuple(steps)
