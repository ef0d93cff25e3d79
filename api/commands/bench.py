"""`patentnav bench ingest|nlp|query|chain-mapping|abnormal|burst`: benchmarks that print figures
(not timed tests)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(no_args_is_help=True)


def _report_console() -> Console:
    """The terminal's width, or 160 columns when piped (CI logs): Rich would cut tables at 80."""
    return Console() if sys.stdout.isatty() else Console(width=160)


def _csv_ints(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in value.split(",") if part.strip())


def _csv_strs(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@app.command("ingest")
def bench_ingest(
    sizes: Annotated[str, typer.Option(help="corpus sizes, comma-separated")] = "10000,100000",
    stores: Annotated[
        str, typer.Option(help="stores, comma-separated: embedded, neo4j, neo4j-import")
    ] = "embedded,neo4j",
    no_nlp: Annotated[bool, typer.Option("--no-nlp", help="chain mapping only, as ingest --no-nlp")] = False,
    n_process: Annotated[
        int | None, typer.Option("--n-process", min=1, help="enrich workers (default: one per core)")
    ] = None,
    no_jieba: Annotated[bool, typer.Option("--no-jieba", help="skip the bare-jieba baseline")] = False,
    json_path: Annotated[Path | None, typer.Option("--json", help="also write the figures here")] = None,
) -> None:
    """Patents/s end to end and per stage (read, normalise, nlp, load), x bare jieba, peak RSS and
    bytes written per corpus size and store."""
    from bench.ingest import run_ingest_bench

    run_ingest_bench(
        sizes=_csv_ints(sizes),
        stores=_csv_strs(stores),
        nlp=not no_nlp,
        n_process=n_process,
        jieba_baseline=not no_jieba,
        json_path=json_path,
        console=_report_console(),
    )


@app.command("nlp")
def bench_nlp(
    slice_: Annotated[int | None, typer.Option("--slice", help="evaluate on the first N items only")] = None,
) -> None:
    """Segmentation and term-extraction accuracy, and throughput against plain jieba."""
    from bench.nlp import render_nlp_bench, run_nlp_bench

    _report_console().print(render_nlp_bench(run_nlp_bench(slice_)))


@app.command("collaborators")
def bench_collaborators(
    needs: Annotated[
        Path | None, typer.Option(help="needs JSON (need, accept); default: the dev set")
    ] = None,
    corpus: Annotated[Path | None, typer.Option(help="BDCI records JSONL for the BM25 baseline")] = None,
    latency_size: Annotated[
        int, typer.Option(help="generated graph size for the latency run; 0 skips")
    ] = 100_000,
    latency_runs: Annotated[int, typer.Option(help="timed queries")] = 60,
) -> None:
    """Recall@5 and MRR of collaborator discovery beside BM25, per need; p95 of one query."""
    from bench.collaborators import BDCI_FILE, NEEDS_FILE, run_collaborator_bench

    run_collaborator_bench(
        needs or NEEDS_FILE, corpus or BDCI_FILE, latency_size, latency_runs, console=_report_console()
    )


@app.command("query")
def bench_query(
    sizes: Annotated[str, typer.Option(help="graph sizes in patents, comma-separated")] = "10000,100000",
    stores: Annotated[str, typer.Option(help="stores, comma-separated")] = "embedded,neo4j",
    repeats: Annotated[int, typer.Option(help="runs per analysis")] = 20,
    via: Annotated[
        str,
        typer.Option(help="store (analyses called in this process), api (HTTP to the real server), or both"),
    ] = "store",
    json_out: Annotated[
        Path | None, typer.Option("--json", help="also write the figures to this JSON file")
    ] = None,
    graph: Annotated[
        Path | None,
        typer.Option(
            help="an existing embedded graph file instead of the generated sizes (--stores embedded)"
        ),
    ] = None,
) -> None:
    """p50/p95/p99 latency of each navigation analysis per graph size and store."""
    from bench.query import VIA, run_query_bench

    ways = _csv_strs(via)
    if not ways or set(ways) - set(VIA):
        raise typer.BadParameter(f"one or more of {', '.join(VIA)}", param_hint="--via")
    figures = run_query_bench(
        sizes=_csv_ints(sizes),
        stores=_csv_strs(stores),
        repeats=repeats,
        via=ways,
        console=_report_console(),
        graph_file=graph,
    )
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


@app.command("chain-mapping")
def bench_chain_mapping(
    split: Annotated[str, typer.Option(help="labelled items to score: test (held out), dev or all")] = "test",
    min_confidence: Annotated[
        float | None, typer.Option(help="count mappings at or above this confidence (default: the product's)")
    ] = None,
    errors: Annotated[int, typer.Option(help="list up to N false positives and negatives")] = 0,
) -> None:
    """查准率/查全率 of the patent -> chain-node mapping per chain, on the labelled demo patents."""
    from bench.chain_mapping import run_chain_mapping_bench
    from graph.chain_evidence import MAPPING_MIN_CONFIDENCE

    if split not in {"test", "dev", "all"}:
        raise typer.BadParameter("split must be test, dev or all", param_hint="--split")
    threshold = MAPPING_MIN_CONFIDENCE if min_confidence is None else min_confidence
    run_chain_mapping_bench(
        split=split, min_confidence=threshold, show_errors=errors, console=_report_console()
    )


@app.command("abnormal")
def bench_abnormal(
    pre_lapse_days: Annotated[
        int | None, typer.Option(help="window of the lapse rule in days (default: the product's)")
    ] = None,
    missed: Annotated[bool, typer.Option(help="list the planted anomalies no warning covers")] = False,
) -> None:
    """Abnormal-transfer warnings against the anomalies the demo generator planted (recall, rate)."""
    from bench.abnormal import run_abnormal_bench

    console = _report_console()
    result = run_abnormal_bench(pre_lapse_days, console)
    for rule, pubs, day in result.missed if missed else ():
        console.print(f"missed {rule} {day} {' '.join(pubs)}")


@app.command("burst")
def bench_burst(
    db: Annotated[
        Path | None, typer.Option("--db", help="embedded store to serve (a copy is served)")
    ] = None,
    size: Annotated[int, typer.Option(help="else: the generated graph of this many patents")] = 3000,
    clients: Annotated[int, typer.Option(help="concurrent clients", min=1)] = 8,
    requests: Annotated[int, typer.Option(help="requests per client", min=1)] = 25,
) -> None:
    """The real server under a bounded burst: status codes, p50/p95/p99 against /health, RSS."""
    from bench.burst import run_burst_bench

    result = run_burst_bench(db, size, clients, requests, console=_report_console())
    if result["server_errors"]:
        raise typer.Exit(1)
