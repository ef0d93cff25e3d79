"""`patentnav bench query` on a tiny generated graph: every analysis timed, p50 <= p95."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from bench.graphs import CachedGraph, bench_store, cached_graph
from bench.ingest import BenchNeo4j
from bench.query import ANALYSES, BASELINE, Latency, run_query_bench
from graph.errors import ConfigurationError
from graph.models import StoreStats
from graph.settings import Settings
from graph.stores.embedded.store import EmbeddedStore


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], str, Path]:
    work = tmp_path_factory.mktemp("bench-query")
    out = io.StringIO()
    console = Console(file=out, width=200)
    result = run_query_bench(
        (300,), ("embedded",), 2, cache_dir=work / "cache", corpus_dir=work / "corpus", console=console
    )
    return result, out.getvalue(), work


def test_table_has_every_analysis_with_p50_not_above_p95(
    tiny_run: tuple[dict[str, object], str, Path],
) -> None:
    result, printed, _ = tiny_run
    figures = result["figures"]
    assert isinstance(figures, list)
    assert [f["analysis"] for f in figures] == [BASELINE, *ANALYSES]
    for figure in figures:
        assert figure["store"] == "embedded" and figure["size"] == 300
        assert figure["runs"] == 2
        assert 0 < figure["p50_ms"] <= figure["p95_ms"] <= figure["max_ms"]
        assert figure["baseline_ms"] > 0
    for name in (BASELINE, *ANALYSES):
        assert name in printed
    assert "patentnav bench query --sizes 300 --stores embedded --repeats 2" in printed


def test_questions_find_data(tiny_run: tuple[dict[str, object], str, Path]) -> None:
    """The varied questions are drawn from the graph, so most return something."""
    result, _, _ = tiny_run
    figures = result["figures"]
    assert isinstance(figures, list)
    answered = {f["analysis"] for f in figures if f["items"] > 0}
    assert {"chain_gaps", "high_value", "pool", "kpis"} <= answered


def test_graph_is_cached(tiny_run: tuple[dict[str, object], str, Path]) -> None:
    _, _, work = tiny_run
    console = Console(file=io.StringIO())
    graph = cached_graph(300, 7, work / "cache", work / "corpus", console)
    assert graph.db.exists() and graph.batches.exists()
    assert [p.name for p in (work / "cache").glob("300-7-*.sqlite")] == [graph.db.name]
    store = EmbeddedStore(graph.db)
    try:
        assert store.stats().nodes["Patent"] == 300
    finally:
        store.close()


def test_percentiles() -> None:
    latency = Latency.of("embedded", 1, "x", [0.001 * i for i in range(1, 21)], [1] * 20)
    assert latency.p50_ms == pytest.approx(10.5)
    assert latency.p95_ms == pytest.approx(19.05)
    assert latency.p99_ms == pytest.approx(19.81)
    assert latency.max_ms == pytest.approx(20.0)
    single = Latency.of("embedded", 1, "x", [0.002], [3])
    assert single.p50_ms == single.p95_ms == pytest.approx(2.0)


class _FilledStore:
    """Stands in for a configured Neo4j that already holds someone's graph."""

    name = "neo4j"

    def __init__(self) -> None:
        self.cleared = False
        self.closed = False

    def stats(self) -> StoreStats:
        return StoreStats(store="neo4j", nodes={"Patent": 0, "Region": 12}, relationships={})

    def clear(self) -> None:
        self.cleared = True

    def close(self) -> None:
        self.closed = True


def test_configured_neo4j_that_is_not_empty_is_refused_and_left_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import graph.factory

    filled = _FilledStore()
    monkeypatch.setattr(graph.factory, "open_store", lambda *args, **kwargs: filled)
    configured = Settings(neo4j_uri="bolt://127.0.0.1:1")
    graph_files = CachedGraph(10, tmp_path / "g.sqlite", tmp_path / "g.batches.pickle")
    with (
        pytest.raises(ConfigurationError, match="not empty"),
        bench_store("neo4j", graph_files, BenchNeo4j(tmp_path), Console(file=io.StringIO()), configured),
    ):
        pass
    assert not filled.cleared and filled.closed


def test_the_same_questions_through_the_api(tiny_run: tuple[dict[str, object], str, Path]) -> None:
    """``--via api``: the real server on the same graph answers the same drawn questions; where
    both count the same list (chain-gap nodes, sleeping, high-value and pool patents, KPI rows) the
    numbers of items agree with the in-process run."""
    in_process, _, work = tiny_run
    out = io.StringIO()
    result = run_query_bench(
        (300,), ("embedded",), 2, via=("api",), cache_dir=work / "cache", corpus_dir=work / "corpus",
        console=Console(file=out, width=220),
    )  # fmt: skip
    figures = result["figures"]
    assert isinstance(figures, list) and isinstance(in_process["figures"], list)
    assert [f["analysis"] for f in figures] == [BASELINE, *ANALYSES]
    for figure in figures:
        assert figure["store"] == "embedded (API)" and figure["runs"] == 2
        assert 0 < figure["p50_ms"] <= figure["p95_ms"] <= figure["p99_ms"] <= figure["max_ms"]
    api_items = {f["analysis"]: f["items"] for f in figures}
    local_items = {f["analysis"]: f["items"] for f in in_process["figures"]}
    for name in ("chain_gaps", "sleeping", "high_value", "pool", "kpis"):
        assert api_items[name] == local_items[name], name
    assert api_items["chain_gaps"] > 0 and api_items["kpis"] > 0
    assert "--via api" in out.getvalue() and "p99 ms" in out.getvalue()


def test_an_existing_graph_file_is_asked_as_is(tiny_run: tuple[dict[str, object], str, Path]) -> None:
    _, _, work = tiny_run
    graph = cached_graph(300, 7, work / "cache", work / "corpus", Console(file=io.StringIO()))
    out = io.StringIO()
    result = run_query_bench(
        (10,),
        ("embedded",),
        2,
        cache_dir=work / "cache",
        console=Console(file=out, width=200),
        graph_file=graph.db,
    )
    figures = result["figures"]
    assert isinstance(figures, list) and {f["size"] for f in figures} == {300}  # its own size, not --sizes
    assert f"--graph {graph.db}" in str(result["command"]) and "--sizes" not in str(result["command"])
    with pytest.raises(ConfigurationError, match="--stores embedded"):
        run_query_bench((10,), ("neo4j",), 2, graph_file=graph.db)
    with pytest.raises(ConfigurationError, match="no such graph file"):
        run_query_bench((10,), ("embedded",), 2, graph_file=work / "missing.sqlite")


def test_a_graph_without_technologies_is_asked_all_but_collaborators(
    tiny_run: tuple[dict[str, object], str, Path],
) -> None:
    """A 1M graph ingested with --no-nlp is benched on the six analyses that need no
    technologies; the table says why collaborators are missing."""
    import dataclasses

    from bench.ingest import bench_corpus
    from graph.chains import load_chain_nodes
    from graph.models import ReferenceBatch
    from ingest.pipeline import IngestOptions, default_components, run_ingest

    _, _, work = tiny_run
    corpus = bench_corpus(300, 7, work / "corpus", Console(file=io.StringIO()))
    db = work / "no-nlp.sqlite"
    components = dataclasses.replace(
        default_components(with_nlp=False),
        reference=lambda: ReferenceBatch(chain_nodes=load_chain_nodes()),
        reference_version=None,
    )
    store = EmbeddedStore(db)
    try:
        options = IngestOptions(resume=False, checkpoint_path=work / "no-nlp.checkpoint.sqlite")
        run_ingest([corpus], store, options, components=components, settings=Settings(db_path=db))
        assert store.stats().nodes.get("Technology", 0) == 0
    finally:
        store.close()
    out = io.StringIO()
    result = run_query_bench(
        (10,), ("embedded",), 2, cache_dir=work / "cache", console=Console(file=out, width=200), graph_file=db
    )
    figures = result["figures"]
    assert isinstance(figures, list)
    assert [f["analysis"] for f in figures] == [BASELINE, *(a for a in ANALYSES if a != "collaborators")]
    assert "collaborators not measured" in out.getvalue() and "--no-nlp" in out.getvalue()
