"""`patentnav ingest FILE...`: load patent exports into the graph and reconcile every row.

Exit codes: 0 every row is accounted for (read = loaded + duplicates + rejected, per file
and in total) and every file was read to the end; 1 the counts do not add up; 2 a file
is missing or could not be read (corrupt, truncated, missing columns) though the counts add
up; 3 the store could not be opened, or failed during the run (which then stopped), or
``--bulk-import`` was refused (not the project's own empty Neo4j) or failed.
A missing input is reported before the store (or anything else) is created.
`--enriched DIR` loads a `patentnav enrich` directory instead of FILES (``ingest.enriched``),
with the same exit codes; a folder without a readable manifest exits 2 before the store is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, ProgressColumn, Task, TaskID
from rich.text import Text

if TYPE_CHECKING:
    from graph.settings import Settings
    from graph.store import GraphStore
    from ingest.pipeline import IngestOptions
    from ingest.reconcile import FileReport, IngestReport

EXIT_UNRECONCILED = 1
EXIT_FILE_FAILED = 2
EXIT_STORE_UNAVAILABLE = 3


def ingest_command(
    files: Annotated[list[Path] | None, typer.Argument(help="patent exports (CSV, XLSX, JSONL)")] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv | xlsx | jsonl (default: from the suffix)")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="validate and report, write nothing")] = False,
    report_json: Annotated[Path | None, typer.Option("--report-json", help="write the report here")] = None,
    quarantine: Annotated[
        Path | None, typer.Option("--quarantine", help="rejected rows (JSONL; default var/quarantine/)")
    ] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", min=1, help="patents per batch")] = None,
    sme_registry: Annotated[
        Path | None, typer.Option("--sme-registry", help="SME registry CSV (中小企业名录)")
    ] = None,
    no_nlp: Annotated[
        bool,
        typer.Option(
            "--no-nlp",
            help="skip the spaCy analysis (tokens, keywords, technologies); chain mapping still runs",
        ),
    ] = False,
    store: Annotated[str | None, typer.Option("--store", help="embedded | neo4j")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="embedded store file")] = None,
    no_resume: Annotated[
        bool, typer.Option("--no-resume", help="ignore checkpoints: read completed files again")
    ] = False,
    n_process: Annotated[
        int | None,
        typer.Option("--n-process", min=1, help="NLP worker processes (default: one per core)"),
    ] = None,
    bulk_import: Annotated[
        bool,
        typer.Option(
            "--bulk-import",
            help="首次导入空的自带 Neo4j: neo4j-admin database import (停机导入, 之后增量走 MERGE)",
        ),
    ] = False,
    enriched: Annotated[
        Path | None, typer.Option("--enriched", help="load a `patentnav enrich` directory instead of FILES")
    ] = None,
) -> None:
    """Ingest patent exports (导入专利数据): every row is loaded, a duplicate, or quarantined."""
    from graph.errors import SourceFileError
    from ingest.pipeline import IngestOptions, input_files

    console = Console(stderr=True)
    if (enriched is None) == (not files):
        raise typer.BadParameter("给出输入文件或 --enriched 目录, 二者取一 (FILES or --enriched DIR)")
    try:
        inputs = input_files(files or [])
    except SourceFileError as exc:
        console.print(escape(str(exc)), style="red", soft_wrap=True)  # one line, not cut at 80 columns
        raise typer.Exit(EXIT_FILE_FAILED) from exc
    settings = _settings(store, db)
    options = IngestOptions(
        fmt=fmt,
        dry_run=dry_run,
        batch_size=batch_size,
        quarantine_path=quarantine,
        sme_registry=sme_registry,
        nlp=not no_nlp,
        resume=not no_resume,
        n_process=n_process,
    )
    if enriched is not None:
        loaded = _ingest_enriched(enriched, settings, options, console)
        if loaded is None:
            raise typer.Exit(EXIT_FILE_FAILED)
        report = loaded
    elif bulk_import:
        report = _bulk_import(inputs, settings, options, console)
    else:
        report = _ingest(inputs, settings, options, console)
    if report_json is not None:
        report.write_json(report_json)
    print_summary(report, Console())
    if not report.reconciled:
        raise typer.Exit(EXIT_UNRECONCILED)
    if report.stopped is not None:
        raise typer.Exit(EXIT_STORE_UNAVAILABLE)
    if report.failed_files:
        raise typer.Exit(EXIT_FILE_FAILED)


def _ingest(inputs: list[Path], settings: Settings, options: IngestOptions, console: Console) -> IngestReport:
    from ingest.pipeline import run_ingest

    graph_store = _open_store(settings, options.dry_run, console)
    try:
        with _progress(console) as progress:
            return run_ingest(
                inputs, graph_store, options, settings=settings, observer=RichProgressObserver(progress)
            )
    finally:
        if graph_store is not None:
            graph_store.close()


def _ingest_enriched(
    directory: Path, settings: Settings, options: IngestOptions, console: Console
) -> IngestReport | None:
    """`ingest --enriched DIR` through the plain ingest's store, progress and report; None after
    printing why the directory cannot be loaded (checked before the store is opened)."""
    from graph.errors import SourceFileError
    from ingest.enriched.format import read_manifest
    from ingest.enriched.load import run_enriched_ingest

    try:
        read_manifest(directory)  # a wrong folder creates nothing
    except SourceFileError as exc:
        console.print(escape(str(exc)), style="red", soft_wrap=True)
        return None
    graph_store = _open_store(settings, options.dry_run, console)
    try:
        with _progress(console) as progress:
            observer = RichProgressObserver(progress)
            return run_enriched_ingest(directory, graph_store, options, settings=settings, observer=observer)
    except SourceFileError as exc:
        console.print(escape(str(exc)), style="red", soft_wrap=True)
        return None
    finally:
        if graph_store is not None:
            graph_store.close()


def _bulk_import(
    inputs: list[Path], settings: Settings, options: IngestOptions, console: Console
) -> IngestReport:
    """A first load of the project's own, empty Neo4j through neo4j-admin import (批量首次导入)."""
    from api.commands.neo4j import _server
    from graph.errors import PatentnavError
    from graph.settings import StoreKind
    from ingest.bulk_load import bulk_first_load, managed_server_for

    if settings.resolved_store is not StoreKind.NEO4J:
        console.print("[red]--bulk-import 只用于 Neo4j (请加 --store neo4j)[/red]")
        raise typer.Exit(EXIT_STORE_UNAVAILABLE)
    try:
        server = managed_server_for(settings, _server(None))
        with _progress(console) as progress:
            return bulk_first_load(inputs, server, settings, options, observer=RichProgressObserver(progress))
    except PatentnavError as exc:
        console.print(f"[red]批量导入未完成 (bulk import):[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(EXIT_STORE_UNAVAILABLE) from exc


def _settings(store: str | None, db: Path | None) -> Settings:
    from graph.settings import Settings, parse_store_kind

    overrides: dict[str, object] = {}
    if store is not None:
        try:
            overrides["store"] = parse_store_kind(store)
        except ValueError as exc:
            raise typer.BadParameter("embedded or neo4j", param_hint="--store") from exc
    if db is not None:
        overrides["db_path"] = db
    return Settings(**overrides)  # type: ignore[arg-type]


def _open_store(settings: Settings, dry_run: bool, console: Console) -> GraphStore | None:
    """The store; a dry run only reads it (for duplicates) and never creates an embedded file."""
    from graph.errors import PatentnavError
    from graph.factory import open_store
    from graph.settings import StoreKind

    if dry_run and settings.resolved_store is StoreKind.EMBEDDED and not settings.db_path.exists():
        return None
    try:
        return open_store(settings)
    except PatentnavError as exc:
        console.print(f"[red]无法打开图存储 (store unavailable):[/red] {exc}")
        raise typer.Exit(EXIT_STORE_UNAVAILABLE) from exc


def _progress(console: Console) -> Progress:
    from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f} rows"),
        RowsPerSecondColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


class RowsPerSecondColumn(ProgressColumn):
    """Rows per second of the current file (rich's own speed estimate)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-- rows/s" if speed is None else f"{speed:,.0f} rows/s", style="cyan")


class RichProgressObserver:
    """Draws one progress line per file from the pipeline's hooks."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[Path, TaskID] = {}

    def file_started(self, path: Path, size_bytes: int) -> None:
        self._tasks[path] = self._progress.add_task(path.name, total=None)

    def rows_processed(self, path: Path, rows: int) -> None:
        self._progress.advance(self._tasks[path], rows)

    def batch_written(self, path: Path, batch_index: int) -> None:
        pass

    def batch_committed(self, path: Path, batch_index: int) -> None:
        pass

    def file_finished(self, report: FileReport) -> None:
        task = self._tasks.get(Path(report.path))
        if task is not None:
            completed = self._progress.tasks[task].completed
            self._progress.update(task, total=max(completed, 1), completed=max(completed, 1))
            self._progress.stop_task(task)


def print_summary(report: IngestReport, console: Console) -> None:
    """The per-file reconciliation table (对账表) and where rejected rows went.

    ``restored`` (rows accounted by an interrupted run's checkpoint) and ``skipped`` (rows of
    files completed earlier) appear only when some file has them, to keep the table narrow.
    """
    from rich.table import Table

    files = list(report.files.values())
    extra = [name for name, used in (("restored", any(f.restored for f in files)),
                                     ("skipped", any(f.skipped_rows for f in files))) if used]  # fmt: skip
    table = Table(title=f"ingest {report.run_id}" + (" (dry run)" if report.dry_run else ""))
    table.add_column("file", overflow="fold", min_width=12)
    for column in ("status", "read", "loaded", "dup", "rejected", *extra):
        table.add_column(column, justify="left" if column == "status" else "right", no_wrap=True)
    for file_report in files:
        counts = file_report.counts
        status = file_report.status.value + ("" if counts.balanced else " (UNBALANCED)")
        numbers = [counts.read, counts.loaded, counts.duplicates, counts.rejected]
        numbers += [file_report.restored] if "restored" in extra else []
        numbers += [file_report.skipped_rows] if "skipped" in extra else []
        table.add_row(Path(file_report.path).name, status, *(f"{n:,}" for n in numbers))
    totals = report.totals
    numbers = [totals.read, totals.loaded, totals.duplicates, totals.rejected]
    numbers += [sum(f.restored for f in files)] if "restored" in extra else []
    numbers += [sum(f.skipped_rows for f in files)] if "skipped" in extra else []
    status = "reconciled" if report.reconciled else "NOT RECONCILED"
    table.add_row("total", status, *(f"{n:,}" for n in numbers), style="bold")
    console.print(table)
    verdict = "reconciled (对账一致)" if report.reconciled else "NOT RECONCILED (对账不一致)"
    failed = len(report.failed_files)
    console.print(
        f"{verdict}: read {totals.read} = loaded {totals.loaded} + duplicates {totals.duplicates}"
        f" + rejected {totals.rejected}"
        + (" (dry run: nothing written)" if report.dry_run else "")
        + (f"; {failed} 个文件导入失败 ({failed} file(s) failed, see below)" if failed else "")
    )
    if report.stopped is not None:
        console.print(f"[red]导入已中止 (run stopped):[/red] {escape(report.stopped)}")
    for path, file_report in report.files.items():
        if file_report.error:
            console.print(f"[red]{Path(path).name}:[/red] {file_report.error}")
    if report.quarantine:
        console.print(f"rejected rows (隔离区): {report.quarantine}")
    stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in report.per_stage_s.items() if seconds)
    console.print(f"elapsed {report.elapsed_s:.2f}s ({stages})")
