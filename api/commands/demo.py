"""`patentnav demo` (`make demo`): the bundled demo corpus loaded into the default store, then served.

The demo writes the store every other command reads (``settings.db_path``, by default
``var/patentnav.sqlite``), so ``patentnav stats`` and the pages see it right away. It never mixes
itself into a user's graph: a store already holding patents that did not come from the demo
corpus is refused (exit 2) with the way out (``--db``, ``make demo DB=...``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.settings import REPO_ROOT, Settings, StoreKind

DEMO_CORPUS = REPO_ROOT / "data" / "demo" / "patents_demo.csv"
EXIT_FOREIGN_STORE = 2


def demo(
    host: Annotated[str, typer.Option(help="bind address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    db: Annotated[
        Path | None, typer.Option("--db", help="embedded store file (default: settings.db_path)")
    ] = None,
    build_only: Annotated[
        bool, typer.Option("--build-only", help="build the demo graph, do not serve")
    ] = False,
) -> None:
    """Load the demo corpus into the default store (embedded, no server) and serve the API and pages.

    Re-running is cheap: the ingest checkpoint recognises the already-loaded corpus.
    """
    from api.commands.ingest import ingest_command
    from api.commands.serve import serve, settings_for

    settings = settings_for(StoreKind.EMBEDDED.value, db)
    refuse_foreign_store(settings)
    typer.echo(
        f"演示图谱 (demo graph): {DEMO_CORPUS.name} -> {settings.db_path}\n"
        "加载 NLP 模型并导入 3,048 件专利, 首次约 1 分钟 (loading the NLP model, then ingesting) ...",
        err=True,
    )
    ingest_command(files=[DEMO_CORPUS], store=StoreKind.EMBEDDED.value, db=settings.db_path)
    if build_only:
        return
    serve(host=host, port=port, store=StoreKind.EMBEDDED.value, db=settings.db_path)


def refuse_foreign_store(settings: Settings) -> None:
    """Exit 2 when the store holds patents the demo corpus did not put there (a missing file is
    not created here)."""
    if not settings.db_path.exists():
        return
    from graph.factory import store_session
    from graph.schema import Label
    from ingest.pipeline import default_checkpoint_path

    with store_session(settings, store=StoreKind.EMBEDDED.value) as graph_store:
        patents = graph_store.stats().nodes.get(Label.PATENT.value, 0)
        checkpoint_path = default_checkpoint_path(graph_store, settings)
    from_demo = demo_patents_loaded(checkpoint_path)
    if patents == 0 or (from_demo is not None and patents <= from_demo):
        return
    typer.echo(
        f"图存储 {settings.db_path} 已有 {patents:,} 件专利, 不全来自演示语料; 演示不会混入已有图谱.\n"
        f"(the store already holds {patents:,} patents that are not the demo's; the demo does not mix "
        "into it.) 请另选文件: make demo DB=var/demo.sqlite, 或 patentnav demo --db var/demo.sqlite "
        "(之后的命令加 --db 或设 PATENTNAV_DB_PATH 读它)",
        err=True,
    )
    raise typer.Exit(EXIT_FOREIGN_STORE)


def demo_patents_loaded(checkpoint_path: Path) -> int | None:
    """Patents the demo corpus put into the store, by its ingest checkpoint; None without one."""
    from ingest.checkpoint import CheckpointStore, file_key

    if not checkpoint_path.exists():
        return None
    checkpoints = CheckpointStore(checkpoint_path)
    try:
        found = checkpoints.load(file_key(DEMO_CORPUS))
    finally:
        checkpoints.close()
    return None if found is None else found.counts.loaded + len(found.pending)
