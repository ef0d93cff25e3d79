"""The questions of the query benchmark (基准问题) and how their latency is recorded.

Shared by the in-process bench (``bench.query``) and the one through the API
(``bench.api_query``): the same drawn questions, the same percentiles.
"""

from __future__ import annotations

import logging
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any, TypeVar

from graph.errors import ConfigurationError
from graph.models import ACADEMIC_HOLDER_TYPES, Facet, PatentFilter
from graph.store import GraphStore

AS_OF = date(2025, 6, 30)  # the generator's data cut-off (数据截止日)
BASELINE = "stats() baseline"
ANALYSES = (
    "chain_gaps",
    "collaborators",
    "sleeping",
    "high_value",
    "pool",
    "kpis",
    "abnormal_transfers",
)
MIN_RUNS = 3
NO_COLLABORATORS = "collaborators not measured"
NO_TECH_REASON = "the graph has no technologies (ingested with --no-nlp), which SME needs are drawn from"
T = TypeVar("T")  # what a question is asked of: a store, or an HTTP client of the server
logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Latency:
    store: str
    size: int
    analysis: str
    runs: int
    items: float  # median number of items in the answers (rows, patents, candidates, ...)
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    baseline_ms: float = 0.0  # p50 of stats() on the same store in the same run

    @classmethod
    def of(cls, store: str, size: int, analysis: str, seconds: list[float], items: list[int]) -> Latency:
        ms = sorted(s * 1000 for s in seconds)
        cuts = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
        p50, p95, p99 = statistics.median(ms), cuts[94], cuts[98]
        return cls(store, size, analysis, len(ms), statistics.median(items), p50, p95, p99, ms[-1])

    def with_baseline(self, baseline_ms: float) -> Latency:
        return replace(self, baseline_ms=baseline_ms)

    @property
    def ratio(self) -> float | None:
        return self.p50_ms / self.baseline_ms if self.baseline_ms else None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "x_stats": self.ratio}


def _top_values(store: GraphStore, facet: Facet, top: int) -> list[str]:
    counts = [
        (-f.count, str(f.values[0])) for f in store.facet_counts([facet], PatentFilter()) if f.values[0]
    ]
    return [value for _, value in sorted(counts)][:top]


@dataclass(frozen=True, slots=True)
class Ask:
    """One drawn question in the terms both ways of asking share (in process, over HTTP)."""

    index: int
    province: str
    chain: str
    node: str
    terms: tuple[str, ...]  # technology terms of a real academic patent: an SME's need (() if none)
    seeker: str | None  # the SME's region
    need_node: str | None
    scope: tuple[str, ...]  # KPI / transfer regions: () is national (every fourth question)

    @property
    def by_region(self) -> bool:  # sleeping / high-value alternate region and chain questions
        return bool(self.index % 2)


def draw_asks(store: GraphStore, rng: random.Random, count: int) -> list[Ask]:
    """A provincial office's questions (its province, a chain, a busy chain node) and an SME's
    technology needs (terms of real academic patents); every fourth KPI / transfer question is
    national."""
    provinces = _top_values(store, Facet.PROVINCE, 8)
    nodes = _top_values(store, Facet.CHAIN_NODE, 12)
    chains = sorted({n.chain for n in store.chain_nodes()})
    academic = [
        f
        for f in store.patent_facts(PatentFilter(holder_types=tuple(ACADEMIC_HOLDER_TYPES)), limit=3000)
        if len(f.technologies) >= 2
    ]
    seekers = [f.region_code for f in store.patent_facts(PatentFilter(app_year_from=2020), limit=500)]
    if not (provinces and nodes and chains):
        raise ConfigurationError("the bench graph has no provinces or chain nodes to ask about")
    if not academic:  # e.g. ingested with --no-nlp: the other analyses are still asked
        logger.warning("%s: no academic patents with technologies: %s", NO_COLLABORATORS, NO_TECH_REASON)

    def pick(values: Sequence[Any], i: int) -> Any:
        return values[(i + rng.randrange(len(values))) % len(values)]

    asks = []
    for i in range(count):
        prov, chain, node = pick(provinces, i), pick(chains, i), pick(nodes, i)
        fact = rng.choice(academic) if academic else None
        terms = tuple(rng.sample(fact.technologies, min(3, len(fact.technologies)))) if fact else ()
        seeker = rng.choice([s for s in seekers if s] or [None])
        need_node = fact.chain_nodes[0][0] if fact and fact.chain_nodes else None
        scope = () if i % 4 == 3 else (prov,)
        asks.append(Ask(i, prov, chain, node, terms, seeker, need_node, scope))
    return asks


KPI_YEARS = (AS_OF.year - 4, AS_OF.year - 1)  # from, to


def time_calls(
    target: T,
    label: str,
    size: int,
    name: str,
    calls: Sequence[Callable[[T], int]],
    repeats: int,
    budget_s: float,
) -> Latency:
    """One warm-up call (caches, connection pools, query plans), then ``repeats`` timed calls
    cycling through ``calls``, stopping early once ``budget_s`` is spent (at least ``MIN_RUNS``)."""
    calls[0](target)
    seconds: list[float] = []
    items: list[int] = []
    started = time.perf_counter()
    for i in range(max(repeats, 1)):
        began = time.perf_counter()
        items.append(calls[i % len(calls)](target))
        seconds.append(time.perf_counter() - began)
        if time.perf_counter() - started > budget_s and len(seconds) >= MIN_RUNS:
            logger.warning("%s %s: time budget spent after %d runs", label, name, len(seconds))
            break
    return Latency.of(label, size, name, seconds, items)
