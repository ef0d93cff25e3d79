"""`patentnav enrich FILES --out DIR`: the NLP stage on a Dask cluster, into enriched batches
(富化批次); `patentnav ingest --enriched DIR` (``api.commands.ingest``) loads them into either store.

Exit codes of `enrich`: 0 every file enriched; 2 a file is missing or could not be read to the
end (the manifest says which), or the output directory already holds a run; 3 the cluster could
not be reached or a worker's NLP model differs from the client's.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

EXIT_FILE_FAILED = 2
EXIT_CLUSTER = 3


def enrich_command(
    files: Annotated[list[Path], typer.Argument(help="patent exports (CSV, XLSX, JSONL)")],
    out: Annotated[Path, typer.Option("--out", help="enriched directory (shared storage on a cluster)")],
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")
    ] = None,
    local_workers: Annotated[
        int, typer.Option("--local-workers", min=1, help="processes of a local cluster (no --scheduler)")
    ] = 2,
    partition_rows: Annotated[int, typer.Option("--partition-rows", min=1, help="rows per partition")] = 500,
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv | xlsx | jsonl (default: from the suffix)")
    ] = None,
    sme_registry: Annotated[
        Path | None, typer.Option("--sme-registry", help="SME registry CSV (中小企业名录), on every worker")
    ] = None,
    no_nlp: Annotated[
        bool, typer.Option("--no-nlp", help="chain mapping only, no spaCy analysis (as `ingest --no-nlp`)")
    ] = False,
) -> None:
    """Enrich patent exports on a Dask cluster (分布式富化); load them with `ingest --enriched`."""
    from graph.errors import PatentnavError, SourceFileError
    from graph.settings import get_settings

    try:
        from ingest.enriched.distributed import EnrichError, enrich_files
        from ingest.enriched.partition import EnrichConfig
    except ImportError as exc:  # the optional extra
        raise typer.BadParameter(f"需要 Dask: pip install 'patentnav[distributed]' ({exc})") from exc
    console = Console(stderr=True)
    settings = get_settings()
    config = EnrichConfig(
        sme_registry=str(sme_registry.resolve()) if sme_registry else None,
        analyse=not no_nlp,
        max_text_chars=settings.nlp_max_text_chars,
    )
    started = time.perf_counter()
    try:
        with console.status("富化中 (enriching on the cluster) ..."):
            manifest = enrich_files(
                files,
                out,
                scheduler=scheduler,
                local_workers=local_workers,
                partition_rows=partition_rows,
                config=config,
                fmt=fmt,
                settings=settings,
            )
    except EnrichError as exc:
        console.print(escape(str(exc)), style="red", soft_wrap=True)
        raise typer.Exit(EXIT_CLUSTER) from exc
    except (SourceFileError, PatentnavError) as exc:
        console.print(escape(str(exc)), style="red", soft_wrap=True)
        raise typer.Exit(EXIT_FILE_FAILED) from exc
    elapsed = time.perf_counter() - started
    out_console = Console()
    for source in manifest.sources:
        rejected = sum(p.rejected for p in source.partitions)
        out_console.print(
            f"{source.path}: {source.read} 行 (rows), {rejected} 行不合格 (rejected), "
            f"{len(source.partitions)} 个分区 (partitions)",
            soft_wrap=True,
        )
        if source.error:
            console.print(f"[red]{escape(source.path)}:[/red] {escape(source.error)}", soft_wrap=True)
    rows = sum(source.read for source in manifest.sources)
    out_console.print(
        f"{rows} 行, {elapsed:.1f} 秒 ({rows / elapsed:.0f} rows/s) -> {out.resolve() / 'manifest.json'}; "
        f"NLP 模型 (model) {manifest.nlp_model[:12]}",
        soft_wrap=True,
    )
    if any(source.error for source in manifest.sources):
        raise typer.Exit(EXIT_FILE_FAILED)
