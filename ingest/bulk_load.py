"""A first load of the project's own Neo4j through ``neo4j-admin database import`` (批量首次导入).

The ingest run is the ordinary one (read, normalise, dedupe, enrich, checkpoint, report) over
a store whose writes become import CSVs (``graph.stores.neo4j.bulk_import``); then the server
is stopped, the files imported, the server started, and the schema built as ``ensure_schema``
does. The database's identity node is imported too, so the run's checkpoint belongs to the
imported database and later loads continue incrementally with ``UNWIND ... MERGE``.

Refused (``BulkImportError``, in Chinese) unless the server is ours and its graph is empty.
If the import fails the run's checkpoint is deleted, so running again reads every file.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from graph.errors import Neo4jProvisioningError
from graph.neo4j_server.offline_import import import_offline
from graph.neo4j_server.process import Neo4jServer
from graph.settings import Settings
from graph.stores.neo4j.bulk_import import BulkImportError, ImportedStore, ImportStagingStore
from graph.stores.neo4j.import_csv import ARRAY_DELIMITER_ARG
from graph.stores.neo4j.store import Neo4jStore, open_driver
from ingest.pipeline import IngestComponents, IngestObserver, IngestOptions, new_run_id, run_ingest
from ingest.reconcile import IngestReport

logger = logging.getLogger(__name__)


def managed_server_for(settings: Settings, server: Neo4jServer) -> Neo4jServer:
    """``server`` if it runs and is the one the settings point at; else a Chinese refusal."""
    status = server.status()
    if not status.running:
        raise BulkImportError(
            f"批量导入需要本项目管理的 Neo4j 正在运行 ({server.instance}): 请先 `patentnav neo4j start` "
            '并 eval "$(patentnav neo4j env)"; 或去掉 --bulk-import'
        )
    if settings.neo4j_uri != status.uri:
        raise BulkImportError(
            f"目标 Neo4j ({settings.neo4j_uri or '未配置'}) 不是本项目管理的服务器 ({status.uri}): "
            "批量导入要停机写库, 只用于自带服务器; 外部服务器请去掉 --bulk-import, 走 MERGE 增量导入"
        )
    return server


def bulk_first_load(
    paths: Sequence[Path],
    server: Neo4jServer,
    settings: Settings,
    options: IngestOptions | None = None,
    *,
    observer: IngestObserver | None = None,
    components: IngestComponents | None = None,
    die_with_parent: bool = False,
) -> IngestReport:
    """Ingest ``paths`` into the empty database of ``server`` by import; the reconciled report.

    ``per_stage_s`` gains ``import`` (neo4j-admin), ``restart`` (stop and start) and
    ``schema`` (constraints, indexes, full-text); ``load`` is the time spent writing CSVs.
    """
    options = options or IngestOptions()
    if options.dry_run:
        raise BulkImportError("--bulk-import 不能与 --dry-run 同时使用 (a dry run writes nothing)")
    options.run_id = options.run_id or new_run_id()
    connection = server.connection()
    if connection is None or not server.status().running:
        raise BulkImportError(f"本项目的 Neo4j 未运行 ({server.instance}): 请先 `patentnav neo4j start`")
    work = server.instance / "import" / f"bulk-{options.run_id}"
    driver = open_driver(connection.uri, connection.auth(), settings)
    try:
        staging = ImportStagingStore(driver, settings.neo4j_database, work)
        present = staging.graph_node_count()
        if present:
            raise BulkImportError(
                f"目标数据库已有 {present:,} 个节点: 批量导入只用于空库的首次导入; "
                "请去掉 --bulk-import, 增量导入走 MERGE"
            )
        report = run_ingest(
            paths, staging, options, settings=settings, observer=observer, components=components
        )
        if report.stopped is not None:
            return report
        began = time.perf_counter()
        files = staging.finish()
        written_s = time.perf_counter() - began
        expected = staging.graph.tables.row_counts()
        empty_lists = staging.graph.tables.empty_lists
    finally:
        driver.close()
    try:
        run = import_offline(
            server,
            [f.argument() for f in files],
            array_delimiter=ARRAY_DELIMITER_ARG,
            database=settings.neo4j_database,
            report_file=work / "import.report",
            die_with_parent=die_with_parent,
        )
        began = time.perf_counter()
        driver = open_driver(run.connection.uri, run.connection.auth(), settings)
        store = ImportedStore(driver, settings.neo4j_database, owns_driver=True)
        try:
            store.complete(empty_lists)
            _check_counts(store, expected)
        finally:
            store.close()
        schema_s = time.perf_counter() - began
    except (Neo4jProvisioningError, BulkImportError) as exc:
        if report.checkpoint:
            Path(report.checkpoint).unlink(missing_ok=True)  # nothing was loaded: read all again
        raise BulkImportError(
            f"neo4j-admin 批量导入失败, 数据库未写入; 导入文件与报告留在 {work} (import failed): {exc}"
        ) from exc
    extra = {"load": written_s, "import": run.import_s, "restart": run.restart_s, "schema": schema_s}
    for stage, seconds in extra.items():
        report.per_stage_s[stage] = report.per_stage_s.get(stage, 0.0) + seconds
        report.elapsed_s += seconds
    shutil.rmtree(work, ignore_errors=True)
    return report


def _check_counts(store: Neo4jStore, expected: dict[str, int]) -> None:
    """The server holds what the files carried (node labels and relationship types)."""
    stats = store.stats()
    held = {**stats.nodes, **stats.relationships}
    wrong = {name: (n, held.get(name, 0)) for name, n in expected.items() if name in held and held[name] != n}
    if wrong:
        detail = ", ".join(f"{name} 文件 {n} 库中 {m}" for name, (n, m) in sorted(wrong.items()))
        raise BulkImportError(f"导入后的计数与导入文件不符 (counts differ): {detail}")
