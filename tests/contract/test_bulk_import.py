"""A first load through neo4j-admin import equals one through UNWIND ... MERGE (批量导入等价).

On the project's own Neo4j (its own instance: the import stops and starts the server), a slice
of the demo export (every 8th row: all provinces, chains and kinds of legal event) with NLP is
loaded by ``bulk_first_load``; its canonical dump must equal the dump of the same rows loaded by
the ordinary MERGE ingest into the same, cleared database. The
imported database keeps its identity, so the next ingest resumes from the import's checkpoint;
a second bulk load into the now non-empty graph, and one aimed at another server, are refused.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.models import PatentFilter, ReferenceBatch
from graph.neo4j_server.process import Neo4jServer
from graph.settings import Settings, StoreKind
from graph.stores.neo4j.bulk_import import BulkImportError
from graph.stores.neo4j.store import Neo4jStore, open_driver
from ingest.bulk_load import bulk_first_load, managed_server_for
from ingest.pipeline import IngestComponents, IngestOptions, default_components, run_ingest
from ingest.reconcile import FileStatus
from tests.demo_slice import write_demo_slice
from tests.neo4j_fixture import own_neo4j_server

pytestmark = [pytest.mark.neo4j, pytest.mark.timeout(1800)]
EVERY = 8  # 381 of the 3,048 demo rows
# every kind of node and relationship the full demo has must be in the slice, or the
# equivalence says nothing about it
NODES = ("Patent", "Holder", "Inventor", "Technology", "IPC", "Industry", "ChainNode", "Region", "LegalEvent")
RELATIONSHIPS = (
    "APPLIED_BY", "HELD_BY", "INVENTED_BY", "CLASSIFIED_AS", "MENTIONS", "MAPPED_TO",
    "LOCATED_IN", "IN_INDUSTRY", "PART_OF", "SUPPLIES", "HAS_EVENT", "FROM_PARTY", "TO_PARTY",
)  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    with own_neo4j_server(tmp_path_factory.mktemp("neo4j-bulk")) as own:
        yield own


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


def _cited_groups(demo: Path) -> set[str]:
    with demo.open(encoding="utf-8", newline="") as fh:
        return {code.split("/")[0] for row in csv.DictReader(fh) for code in row["分类号"].split(";")}


def _components_for(demo: Path) -> IngestComponents:
    """The default components with the IPC scheme cut to what the slice can touch: every
    section, class, subclass and group, and the subgroups of the groups the slice cites (the
    other ~60,000 subgroups cost a minute per load and test nothing more)."""
    components = default_components(with_nlp=True)
    full_reference, full_version = components.reference, components.reference_version
    assert full_reference is not None and full_version is not None
    groups = _cited_groups(demo)

    def reference() -> ReferenceBatch:
        batch = full_reference()
        ipc = [r for r in batch.ipc if r.level != "subgroup" or r.code.split("/")[0] in groups]
        kept = {r.code for r in ipc}
        links = [lk for lk in batch.ipc_industry_links if lk.ipc_code in kept]
        return dataclasses.replace(batch, ipc=ipc, ipc_industry_links=links)

    components.reference = reference
    components.reference_version = lambda: f"cited-groups-{full_version()}"
    return components


def test_import_equals_merge_and_loads_continue(server: Neo4jServer, tmp_path: Path) -> None:
    demo = write_demo_slice(tmp_path / "demo_slice.csv", every=EVERY)
    components = _components_for(demo)
    imported = bulk_first_load(
        [demo], server, _settings(server, tmp_path / "bulk"), components=components, die_with_parent=True
    )
    totals = imported.totals
    assert imported.reconciled and totals.loaded > 3000 // EVERY
    assert totals.read == totals.loaded + totals.duplicates + totals.rejected
    assert imported.per_stage_s["import"] > 0 and imported.per_stage_s["schema"] > 0

    store = _store(server)
    try:
        import_dump = store.canonical_dump()
        stats = store.stats()
        assert stats.nodes["Patent"] == totals.loaded
        assert [k for k in NODES if not stats.nodes.get(k)] == []
        assert [k for k in RELATIONSHIPS if not stats.relationships.get(k)] == []
        indexes = {r["name"] for r in store._read("SHOW INDEXES YIELD name RETURN name")}
        assert {"patent_tokens", "patent_pub_no_unique", "patent_app_year"} <= indexes
        assert store.search_patents(["电池"], PatentFilter())  # the full-text index answers

        # the next load continues from the import's checkpoint (same database identity)
        again = run_ingest(
            [demo],
            store,
            IngestOptions(),
            settings=_settings(server, tmp_path / "bulk"),
            components=components,
        )
        assert again.files[str(demo)].status is FileStatus.SKIPPED

        with pytest.raises(BulkImportError, match="已有"):
            bulk_first_load([demo], server, _settings(server, tmp_path / "again"), components=components)

        store.clear()
        store.ensure_schema()
        merged = run_ingest(
            [demo],
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
