"""Query benchmark (查询基准): p50/p95 latency of each navigation analysis per graph size and store.

The graphs come from ``bench.graphs`` (generated corpora ingested once with NLP, cached,
replayed into Neo4j).

Every analysis gets one warm-up call, then ``repeats`` timed calls cycling through questions
drawn from the generated data (top provinces, chains, busy chain nodes, technology terms of
academic patents). The same questions go to both stores. ``stats()`` is timed the same way as a
baseline: on a noisy shared machine read the ``x stats`` ratio rather than the milliseconds.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from bench.graphs import CACHE_DIR, CachedGraph, bench_store, cached_graph
from bench.ingest import BenchNeo4j
from bench.questions import (
    ANALYSES,
    AS_OF,
    BASELINE,
    KPI_YEARS,
    NO_COLLABORATORS,
    NO_TECH_REASON,
    Ask,
    Latency,
    draw_asks,
    time_calls,
)
from graph.errors import ConfigurationError
from graph.models import EventFilter, PatentFilter
from graph.settings import Settings
from graph.store import GraphStore

if TYPE_CHECKING:
    from graph.navigation import KpiTarget, SleepingPatentFilter

logger = logging.getLogger(__name__)

__all__ = ["ANALYSES", "AS_OF", "BASELINE", "VIA", "Latency", "draw_questions", "run_query_bench"]
VIA = ("store", "api")  # how the questions are asked: in this process, or over HTTP

Question = Callable[[GraphStore], int]  # runs one analysis, returns the number of items answered


def run_query_bench(
    sizes: tuple[int, ...] = (10_000, 100_000),
    stores: tuple[str, ...] = ("embedded", "neo4j"),
    repeats: int = 20,
    *,
    seed: int = 7,
    cache_dir: Path = CACHE_DIR,
    corpus_dir: Path | None = None,
    budget_s: float = 120.0,
    via: tuple[str, ...] = ("store",),
    console: Console | None = None,
    graph_file: Path | None = None,
) -> dict[str, Any]:
    """Time every analysis on every size x store; print a table and return the figures.

    ``via``: ``store`` calls the analyses in this process, ``api`` sends the same questions to
    the real server on the same store (``bench.api_query``). ``budget_s`` bounds one analysis's
    timed runs (at least ``MIN_RUNS`` are always made); the ``runs`` column says how many were.
    ``graph_file``: an existing embedded graph (e.g. a 1M-patent ingest) instead of the cached
    generated ones; its size is its patent count, and only the embedded store can ask it.
    """
    unknown = set(via) - set(VIA)
    if unknown or not via:
        raise ConfigurationError(f"--via: one or more of {', '.join(VIA)}, not {', '.join(sorted(unknown))}")
    console = console or Console()
    if graph_file is not None:
        if set(stores) != {"embedded"}:
            raise ConfigurationError(
                "--graph: an embedded graph file is asked through --stores embedded only"
            )
        if not graph_file.is_file():
            raise ConfigurationError(f"--graph: no such graph file: {graph_file}")
    figures: list[Latency] = []
    neo4j = BenchNeo4j(cache_dir)
    configured = Settings()  # a PATENTNAV_NEO4J_URI the user set is used (if empty), else our own
    server = configured if configured.neo4j_uri else None
    command = (
        "patentnav bench query "
        + ("" if graph_file else f"--sizes {','.join(map(str, sizes))} ")  # a given graph has its own size
        + f"--stores {','.join(stores)} --repeats {repeats}"
        + (f" --via {','.join(via)}" if via != ("store",) else "")
        + (f" --graph {graph_file}" if graph_file else "")
    )
    try:
        for size in (0,) if graph_file else sizes:
            graph = (
                _given_graph(graph_file)
                if graph_file
                else cached_graph(size, seed, cache_dir, corpus_dir, console)
            )
            size = graph.size
            asks = ask_set(graph, seed, max(repeats, 1))
            for kind in stores:
                with bench_store(kind, graph, neo4j, console, server) as store:
                    if "store" in via:
                        questions = in_process_questions(asks)
                        figures.extend(measure_store(store, size, questions, repeats, budget_s))
                    if "api" in via:
                        figures.extend(
                            _measure_api(kind, graph, neo4j, server, size, asks, repeats, budget_s)
                        )
    finally:
        neo4j.stop()
        if figures:  # what was measured is shown even when a later step fails
            table = latency_table(figures, command)
            if not any(f.analysis == "collaborators" for f in figures):
                table.caption = f"{NO_COLLABORATORS}: {NO_TECH_REASON}"
            console.print(table)
    return {
        "command": command,
        "repeats": repeats,
        "seed": seed,
        "as_of": AS_OF.isoformat(),
        "figures": [f.to_dict() for f in figures],
    }


def _given_graph(path: Path) -> CachedGraph:
    from graph.stores.embedded.store import EmbeddedStore

    store = EmbeddedStore(path)
    try:
        size = store.stats().nodes.get("Patent", 0)
    finally:
        store.close()
    return CachedGraph(size, path, path.with_suffix(".batches.pickle"))  # no batches: not replayed


# --------------------------------------------------------------------------- questions and timing


def ask_set(graph: CachedGraph, seed: int, count: int) -> list[Ask]:
    """``count`` varied questions, drawn from the cached graph's own data."""
    from graph.stores.embedded.store import EmbeddedStore

    store = EmbeddedStore(graph.db)
    try:
        return draw_asks(store, random.Random(seed), count)
    finally:
        store.close()


def _measure_api(
    kind: str,
    graph: CachedGraph,
    neo4j: BenchNeo4j,
    configured: Settings | None,
    size: int,
    asks: list[Ask],
    repeats: int,
    budget_s: float,
) -> list[Latency]:
    from bench.api_query import embedded_env, http_questions, measure_api, neo4j_env

    if kind == "neo4j":
        env = neo4j_env(configured.model_copy(update={"store": "neo4j"}) if configured else neo4j.settings())
    else:
        env = embedded_env(graph.db)
    return measure_api(env, kind, size, http_questions(asks), repeats, budget_s)


def draw_questions(store: GraphStore, rng: random.Random, count: int) -> dict[str, list[Question]]:
    """``count`` questions drawn from ``store``, as calls of the analyses (in process)."""
    return in_process_questions(draw_asks(store, rng, count))


def in_process_questions(drawn: list[Ask]) -> dict[str, list[Question]]:
    """The drawn questions as calls of the analyses on a store (in process)."""
    from graph import navigation as nav

    years = tuple(range(KPI_YEARS[0], KPI_YEARS[1] + 1))
    target = nav.KpiTarget(metric="academic_to_sme", annual_growth=0.10)
    questions: dict[str, list[Question]] = {name: [] for name in ANALYSES}
    for a in drawn:
        sleeping = (
            nav.SleepingPatentFilter(region_prefixes=(a.province,))
            if a.by_region
            else nav.SleepingPatentFilter(chain=a.chain)
        )
        valued = (
            PatentFilter(region_prefixes=(a.province,))
            if a.by_region
            else PatentFilter(chain_node_keys=(a.node,))
        )
        asks: dict[str, Question] = {
            "chain_gaps": partial(_ask_chain_gaps, chain=a.chain, region=a.province),
            "collaborators": partial(
                _ask_collaborators, terms=a.terms, region=a.seeker, chain_node=a.need_node
            ),
            "sleeping": partial(_ask_sleeping, flt=sleeping),
            "high_value": partial(_ask_high_value, flt=valued),
            "pool": partial(_ask_pool, chain_node=a.node),
            "kpis": partial(_ask_kpis, regions=a.scope or ("",), years=years, target=target),
            "abnormal_transfers": partial(_ask_abnormal, flt=EventFilter(region_prefixes=a.scope)),
        }
        for name, ask in asks.items():
            if name != "collaborators" or a.terms:
                questions[name].append(ask)
    return {name: calls for name, calls in questions.items() if calls}


def _ask_chain_gaps(store: GraphStore, *, chain: str, region: str) -> int:
    from graph.navigation import find_chain_gaps

    return len(find_chain_gaps(store, chain, region, as_of=AS_OF).nodes)


def _ask_collaborators(
    store: GraphStore, *, terms: tuple[str, ...], region: str | None, chain_node: str | None
) -> int:
    from graph.navigation import discover_collaborators

    return len(discover_collaborators(store, terms, region=region, chain_node=chain_node, as_of=AS_OF))


def _ask_sleeping(store: GraphStore, *, flt: SleepingPatentFilter) -> int:
    from graph.navigation import screen_sleeping_patents

    return len(screen_sleeping_patents(store, AS_OF, flt))


def _ask_high_value(store: GraphStore, *, flt: PatentFilter) -> int:
    from graph.navigation import find_high_value_patents

    # the high-value patents, as the API lists them by default (only_high_value)
    return sum(1 for a in find_high_value_patents(store, AS_OF, flt).patents if a.is_high_value)


def _ask_pool(store: GraphStore, *, chain_node: str) -> int:
    from graph.navigation import propose_patent_pool

    return len(propose_patent_pool(store, chain_node, as_of=AS_OF).patents)


def _ask_kpis(
    store: GraphStore, *, regions: tuple[str, ...], years: tuple[int, ...], target: KpiTarget
) -> int:
    from graph.navigation import transformation_kpis

    return len(transformation_kpis(store, regions, years, (target,)).rows)


def _ask_abnormal(store: GraphStore, *, flt: EventFilter) -> int:
    from graph.navigation import detect_abnormal_transfers

    return detect_abnormal_transfers(store, flt, as_of=AS_OF).events_examined


def _stats(store: GraphStore) -> int:
    return len(store.stats().nodes)


def measure_store(
    store: GraphStore, size: int, questions: dict[str, list[Question]], repeats: int, budget_s: float
) -> list[Latency]:
    """The stats() baseline, then every analysis: one warm-up call, then the timed calls."""
    baseline = time_calls(store, store.name, size, BASELINE, [_stats], repeats, budget_s)
    figures = [baseline]
    for analysis, calls in questions.items():
        figures.append(time_calls(store, store.name, size, analysis, calls, repeats, budget_s))
        logger.info("%s %d %s: p50 %.0f ms", store.name, size, analysis, figures[-1].p50_ms)
    return [f.with_baseline(baseline.p50_ms) for f in figures]


def latency_table(figures: Sequence[Latency], command: str) -> Table:
    table = Table(title=f"navigation query latency (ms; warm-up excluded)\n{command}")
    for column in (
        "store",
        "patents",
        "analysis",
        "runs",
        "items",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms",
        "p50 x stats",
    ):
        table.add_column(column, justify="left" if column in ("store", "analysis") else "right")
    for f in figures:
        table.add_row(
            f.store,
            f"{f.size:,}",
            f.analysis,
            str(f.runs),
            f"{f.items:,.0f}",
            f"{f.p50_ms:,.1f}",
            f"{f.p95_ms:,.1f}",
            f"{f.p99_ms:,.1f}",
            f"{f.max_ms:,.1f}",
            "-" if f.ratio is None else f"{f.ratio:,.1f}",
        )
    return table
