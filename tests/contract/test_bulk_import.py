"""A first load through neo4j-admin import equals one through UNWIND ... MERGE (批量导入等价).

On the project's own Neo4j (its own instance: the import stops and starts the server), the
demo corpus with NLP is loaded by ``bulk_first_load``; its canonical dump must equal the dump
of the same corpus loaded by the ordinary MERGE ingest into the same, cleared database. The
imported database keeps its identity, so the next ingest resumes from the import's checkpoint;
a second bulk load into the now non-empty graph, and one aimed at another server, are refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.models import PatentFilter
from graph.neo4j_server.process import Neo4jServer
from graph.settings import Settings, StoreKind
from graph.stores.neo4j.bulk_import import BulkImportError
from graph.stores.neo4j.store import Neo4jStore, open_driver
from ingest.bulk_load import bulk_first_load, managed_server_for
from ingest.pipeline import IngestComponents, IngestOptions, default_components, run_ingest
from ingest.reconcile import FileStatus
from tests.paths import REPO

pytestmark = [pytest.mark.neo4j, pytest.mark.timeout(3600)]  # two demo loads, one import: ~8 min quiet
DEMO = REPO / "data" / "demo" / "patents_demo.csv"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    own = Neo4jServer(Settings().neo4j_root, tmp_path_factory.mktemp("neo4j-bulk"))
    own.start(timeout=300, die_with_parent=True)
    try:
        yield own
    finally:
        own.stop()


def _settings(server: Neo4jServer, where: Path) -> Settings:
    connection = server.connection()
    assert connection is not None
    return Settings(
        store=StoreKind.NEO4J,
        neo4j_uri=connection.uri,
        neo4j_user=connection.user,
        neo4j_password=connection.password,
        db_path=where / "graph.sqlite",
    )


def _store(server: Neo4jServer) -> Neo4jStore:
    connection = server.connection()
    assert connection is not None
    return Neo4jStore(open_driver(connection.uri, connection.auth()), "neo4j", owns_driver=True)


def test_import_equals_merge_and_loads_continue(server: Neo4jServer, tmp_path: Path) -> None:
    components: IngestComponents = default_components(with_nlp=True)
    imported = bulk_first_load(
        [DEMO], server, _settings(server, tmp_path / "bulk"), components=components, die_with_parent=True
    )
    totals = imported.totals
    assert imported.reconciled and totals.loaded > 3000
    assert totals.read == totals.loaded + totals.duplicates + totals.rejected
    assert imported.per_stage_s["import"] > 0 and imported.per_stage_s["schema"] > 0

    store = _store(server)
    try:
        import_dump = store.canonical_dump()
        stats = store.stats()
        assert stats.nodes["Patent"] == totals.loaded and stats.relationships["MENTIONS"] > 0
        indexes = {r["name"] for r in store._read("SHOW INDEXES YIELD name RETURN name")}
        assert {"patent_tokens", "patent_pub_no_unique", "patent_app_year"} <= indexes
        assert store.search_patents(["电池"], PatentFilter())  # the full-text index answers

        # the next load continues from the import's checkpoint (same database identity)
        again = run_ingest([DEMO], store, IngestOptions(), settings=_settings(server, tmp_path / "bulk"))
        assert again.files[str(DEMO)].status is FileStatus.SKIPPED

        with pytest.raises(BulkImportError, match="已有"):
            bulk_first_load([DEMO], server, _settings(server, tmp_path / "again"), components=components)

        store.clear()
        store.ensure_schema()
        merged = run_ingest(
            [DEMO],
            store,
            IngestOptions(),
            settings=_settings(server, tmp_path / "merge"),
            components=components,
        )
        assert merged.totals == totals
        merge_dump = store.canonical_dump()
    finally:
        store.close()
    assert import_dump.count("\n") == merge_dump.count("\n")
    assert import_dump == merge_dump


def test_other_server_refused(server: Neo4jServer, tmp_path: Path) -> None:
    settings = _settings(server, tmp_path).model_copy(update={"neo4j_uri": "bolt://db.example:7687"})
    with pytest.raises(BulkImportError, match="不是本项目管理的服务器"):
        managed_server_for(settings, server)
