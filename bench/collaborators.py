"""Collaborator bench (合作对象发现评测): the dev needs through the product, beside plain BM25.

1. The development corpus (the 3,048 BDCI patents as the bundled export, ``data/demo``) is
   ingested through the product's own pipeline into a cached embedded graph.
2. Every need of the needs file goes through ``PatentNlp.query_terms`` and
   ``find_collaborators`` (all holders, no cut-off) for the product and each variant; the
   plain BM25 baseline of the dev set is recomputed over the BDCI records in the same run.
3. Recall@5 (an accepted holder among the top 5) and MRR (1 / rank of the best accepted
   holder, 0 when not retrieved) per variant, and the ranks per need.
4. Latency: one collaborator query (nlp + navigation) on a cached generated graph, warm.

Answers are as of the corpora's data cut-off (``bench.query.AS_OF``), so runs repeat exactly.
Relevance is measured over patents of every legal status (``include_lapsed``): the accept
lists come from the patents' text, while the demo corpus's legal status is synthetic. The
variant "default validity filter" shows what the default (in force + pending only) offers.
"""

from __future__ import annotations

import json
import logging
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.collaborator_baseline import Bm25Baseline
from bench.graphs import CACHE_DIR, cached_graph, graph_version
from bench.query import AS_OF
from graph.models import HolderType
from graph.navigation.collaborators import CollaboratorParams, find_collaborators
from graph.settings import REPO_ROOT, Settings, StoreKind
from graph.store import GraphStore
from ingest.normalise.holders import holder_key, split_names

logger = logging.getLogger(__name__)

SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
NEEDS_FILE = SHARED_DATA / "collaborator_needs_dev" / "needs_dev.json"
BDCI_FILE = SHARED_DATA / "patents_bdci2022" / "patents.jsonl"
DEV_CORPUS = REPO_ROOT / "data" / "demo" / "patents_demo.csv"
ACADEMIC = (HolderType.UNIVERSITY, HolderType.INSTITUTE)
ALL_HOLDERS = 10_000  # the whole ranking, for MRR
PRODUCT = "product (patentnav)"

Ranker = Callable[[str, tuple[str, ...]], list[str]]  # (need, query terms) -> holder names


@dataclass(frozen=True, slots=True)
class Need:
    text: str
    accept: tuple[str, ...]
    field: str


@dataclass(frozen=True, slots=True)
class VariantScore:
    name: str
    recall_at_5: float
    mrr: float
    ranks: tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class QueryLatency:
    size: int
    runs: int
    index_build_s: float
    p50_ms: float
    p95_ms: float


def product_variants() -> dict[str, tuple[CollaboratorParams, bool]]:
    """Name -> (params, include_lapsed): the product and one step taken out at a time."""
    base = CollaboratorParams()
    rel = base.relevance
    return {
        PRODUCT: (base, True),
        "- pseudo-relevance feedback": (replace(base, relevance=replace(rel, feedback_weight=0.0)), True),
        "- per-word saturation (p=1)": (replace(base, relevance=replace(rel, saturation_exponent=1.0)), True),
        "- character unigrams": (replace(base, relevance=replace(rel, unigram_weight=0.0)), True),
        "- holder breadth bonus": (replace(base, breadth_bonus=0.0), True),
        "- minimum relevance": (replace(base, min_coverage=0.0, min_evidence=0.0), True),
        "default validity filter": (base, False),
    }


def load_needs(path: Path) -> list[Need]:
    with path.open(encoding="utf-8") as handle:
        items = json.load(handle)
    return [Need(i["need"], tuple(i["accept"]), i.get("field", "")) for i in items]


def score_variant(name: str, needs: Sequence[Need], ranked: Sequence[Sequence[str]]) -> VariantScore:
    ranks: list[int | None] = []
    for need, names in zip(needs, ranked, strict=True):
        accept = {key for a in need.accept for key in accepted_keys(a)}
        ranks.append(next((i for i, n in enumerate(names, 1) if holder_key(n) in accept), None))
    hits = sum(1 for r in ranks if r is not None and r <= 5)
    mrr = sum(1.0 / r for r in ranks if r) / len(needs)
    return VariantScore(name, hits / len(needs), mrr, tuple(ranks))


def accepted_keys(name: str) -> set[str]:
    """Holder keys an accepted name stands for: the whole name and, for joint applicants
    written in one name (中国科学院、水利部成都山地灾害与环境研究所), each of them, as ingest splits them."""
    return {holder_key(name), *(holder_key(part) for part in split_names(name))}


def dev_graph(cache_dir: Path, console: Console) -> Path:
    """The development corpus ingested by the product (cached per graph version)."""
    from graph.stores.embedded.store import EmbeddedStore
    from ingest.pipeline import IngestOptions, run_ingest

    db = cache_dir / f"collaborators-dev-{graph_version()}.sqlite"
    if db.exists():
        return db
    cache_dir.mkdir(parents=True, exist_ok=True)
    build = db.with_suffix(".building")
    build.unlink(missing_ok=True)
    started = time.perf_counter()
    options = IngestOptions(
        resume=False,
        checkpoint_path=cache_dir / "collaborators-dev.checkpoint.sqlite",
        quarantine_path=cache_dir / "collaborators-dev.quarantine.jsonl",
    )
    store = EmbeddedStore(build)
    try:
        report = run_ingest(
            [DEV_CORPUS], store, options, settings=Settings(db_path=build, store=StoreKind.EMBEDDED)
        )
    finally:
        store.close()
    build.rename(db)
    console.print(
        f"ingested {report.totals.loaded:,} dev patents into {db} in {time.perf_counter() - started:.0f}s"
    )
    return db


def product_ranker(store: GraphStore, params: CollaboratorParams, include_lapsed: bool) -> Ranker:
    def rank(_need: str, terms: tuple[str, ...]) -> list[str]:
        answer = find_collaborators(
            store,
            terms,
            holder_types=ACADEMIC,
            top_k=ALL_HOLDERS,
            params=params,
            as_of=AS_OF,
            include_lapsed=include_lapsed,
        )
        return [c.name for c in answer.candidates]

    return rank


def run_collaborator_bench(
    needs_path: Path = NEEDS_FILE,
    corpus_path: Path = BDCI_FILE,
    latency_size: int = 100_000,
    latency_runs: int = 60,
    *,
    cache_dir: Path = CACHE_DIR,
    console: Console | None = None,
) -> dict[str, object]:
    """Score the product and its variants against BM25 on the needs; time one query at ``latency_size``."""
    from graph.stores.embedded.store import EmbeddedStore
    from nlp.pipeline import load_pipeline

    console = console or Console()
    needs = load_needs(needs_path)
    nlp = load_pipeline()
    terms = [tuple(nlp.query_terms(n.text)) for n in needs]
    baseline = Bm25Baseline(corpus_path)
    scores = [
        score_variant(
            "BM25 baseline (jieba, k1 1.5, b 0.75)", needs, [baseline.rank_holders(n.text) for n in needs]
        )
    ]
    store = EmbeddedStore(dev_graph(cache_dir, console))
    try:
        for name, (params, include_lapsed) in product_variants().items():
            rank = product_ranker(store, params, include_lapsed)
            scores.append(
                score_variant(name, needs, [rank(n.text, t) for n, t in zip(needs, terms, strict=True)])
            )
    finally:
        store.close()
    latency = measure_latency(latency_size, needs, latency_runs, cache_dir, console) if latency_size else None
    console.print(score_table(scores, needs_path))
    console.print(rank_table(needs, scores))
    if latency is not None:
        console.print(latency_line(latency))
    return {
        "needs": str(needs_path),
        "variants": [
            {"name": s.name, "recall_at_5": s.recall_at_5, "mrr": s.mrr, "ranks": list(s.ranks)}
            for s in scores
        ],
        "latency": None if latency is None else _latency_dict(latency),
    }


def _latency_dict(latency: QueryLatency) -> dict[str, float]:
    return {
        "size": latency.size,
        "runs": latency.runs,
        "index_build_s": latency.index_build_s,
        "p50_ms": latency.p50_ms,
        "p95_ms": latency.p95_ms,
    }


def measure_latency(
    size: int, needs: Sequence[Need], runs: int, cache_dir: Path, console: Console
) -> QueryLatency:
    """Warm p50/p95 of one collaborator query (query terms + ranking) on the cached generated graph."""
    from graph.stores.embedded.store import EmbeddedStore
    from nlp.pipeline import load_pipeline

    graph = cached_graph(size, 7, cache_dir, None, console)
    nlp = load_pipeline()
    store = EmbeddedStore(graph.db)
    try:
        started = time.perf_counter()
        find_collaborators(store, nlp.query_terms(needs[0].text), as_of=AS_OF)  # builds the text index
        build = time.perf_counter() - started
        timings = []
        for i in range(max(runs, 1)):
            text = needs[i % len(needs)].text
            began = time.perf_counter()
            find_collaborators(store, nlp.query_terms(text), region="220100000000", top_k=10, as_of=AS_OF)
            timings.append((time.perf_counter() - began) * 1000)
    finally:
        store.close()
    timings.sort()
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94] if len(timings) > 1 else timings[0]
    return QueryLatency(size, len(timings), build, statistics.median(timings), p95)


def score_table(scores: Sequence[VariantScore], needs_path: Path) -> Table:
    table = Table(title=f"合作对象发现 · {needs_path.name} · {len(scores[0].ranks)} needs (same run)")
    for column in ("variant", "Recall@5", "MRR"):
        table.add_column(column, justify="left" if column == "variant" else "right")
    for s in scores:
        table.add_row(s.name, f"{s.recall_at_5:.3f}", f"{s.mrr:.3f}")
    return table


def rank_table(needs: Sequence[Need], scores: Sequence[VariantScore]) -> Table:
    table = Table(title="rank of the best accepted holder per need (- = not retrieved)")
    table.add_column("#", justify="right")
    table.add_column("field")
    for s in scores:
        table.add_column(s.name.split(" (")[0][:14], justify="right")
    for i, need in enumerate(needs):
        table.add_row(str(i + 1), need.field, *(str(s.ranks[i] or "-") for s in scores))
    return table


def latency_line(latency: QueryLatency) -> str:
    return (
        f"one collaborator query, {latency.size:,}-patent graph, embedded, warm ({latency.runs} runs): "
        f"p50 {latency.p50_ms:.0f} ms, p95 {latency.p95_ms:.0f} ms "
        f"(text index built in {latency.index_build_s:.1f} s)"
    )
