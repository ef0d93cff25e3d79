"""Store selection (存储选择): the embedded SQLite store by default, Neo4j when selected.

``open_store`` is what the CLI, the API lifespan and the benchmarks call; the caller closes
the store (or uses ``store_session``). Neo4j is chosen when ``store="neo4j"`` is passed, when
``settings.store`` says so, or when a Neo4j URI is configured and nothing else is asked.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.settings import Settings, StoreKind, get_settings, parse_store_kind
from graph.store import GraphStore

logger = logging.getLogger(__name__)


def resolve_store_kind(settings: Settings, store: str | None) -> StoreKind:
    """The store asked for, else the configured one; ``ConfigurationError`` names the valid values."""
    return settings.resolved_store if store is None else parse_store_kind(store)


def open_store(
    settings: Settings | None = None, store: str | None = None, db: Path | None = None
) -> GraphStore:
    """Open (and prepare the schema of) the selected store.

    ``db`` overrides ``settings.db_path`` for the embedded store (parent folders are created).
    Raises ``StoreUnavailableError`` when Neo4j is selected but cannot be reached.
    """
    resolved = settings or get_settings()
    kind = resolve_store_kind(resolved, store)
    if kind is StoreKind.NEO4J:
        from graph.stores.neo4j.store import Neo4jStore

        neo = Neo4jStore.from_settings(resolved)
        try:
            neo.ensure_schema()
        except BaseException:
            neo.close()
            raise
        logger.info("opened neo4j store at %s (database %s)", resolved.neo4j_uri, resolved.neo4j_database)
        return neo
    from graph.stores.embedded.store import EmbeddedStore

    path = db if db is not None else resolved.db_path
    if str(path) != ":memory:":
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    logger.info("opened embedded store at %s", path)
    return EmbeddedStore(path)


@contextmanager
def store_session(
    settings: Settings | None = None, store: str | None = None, db: Path | None = None
) -> Iterator[GraphStore]:
    """``with store_session() as store: ...`` opens the store and always closes it."""
    graph_store = open_store(settings, store=store, db=db)
    try:
        yield graph_store
    finally:
        graph_store.close()
