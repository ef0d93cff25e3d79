"""`patentnav serve` and `patentnav demo` (the main job on the embedded default)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from graph.settings import REPO_ROOT, Settings, StoreKind, parse_store_kind

logger = logging.getLogger(__name__)

DEMO_CORPUS = REPO_ROOT / "data" / "demo" / "patents_demo.csv"
DEMO_DB = Path("var/demo.sqlite")


def serve(
    host: Annotated[str, typer.Option(help="bind address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    store: Annotated[str | None, typer.Option("--store", help="embedded | neo4j")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="embedded store file")] = None,
) -> None:
    """Serve the navigation API (OpenAPI docs at /docs)."""
    import uvicorn

    from api.app import create_app

    settings = _settings_for(store, db)
    uvicorn.run(create_app(settings), host=host, port=port)


def demo(
    host: Annotated[str, typer.Option(help="bind address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    db: Annotated[Path, typer.Option("--db", help="embedded store file for the demo graph")] = DEMO_DB,
    build_only: Annotated[
        bool, typer.Option("--build-only", help="build the demo graph, do not serve")
    ] = False,
) -> None:
    """Build the demo graph from the bundled corpus (embedded store, no server) and serve the API.

    Re-running is cheap: the ingest checkpoint recognises the already-loaded corpus.
    """
    from api.commands.ingest import ingest_command

    ingest_command(files=[DEMO_CORPUS], store=StoreKind.EMBEDDED.value, db=db)
    if build_only:
        return
    serve(host=host, port=port, store=StoreKind.EMBEDDED.value, db=db)


def _settings_for(store: str | None, db: Path | None) -> Settings:
    overrides: dict[str, object] = {}
    if store is not None:
        overrides["store"] = parse_store_kind(store)
    if db is not None:
        overrides["db_path"] = db
    return Settings(**overrides)  # type: ignore[arg-type]
