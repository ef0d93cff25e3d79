"""Contract-suite fixtures: a ``store`` parametrised over both implementations.

The Neo4j half uses the session server of ``tests/neo4j_fixture.py`` (never skipped: a
server that cannot start fails those tests). Each test starts from an empty graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph.models import PatentBatch, ReferenceBatch
from graph.neo4j_server.process import Neo4jConnection
from graph.store import GraphStore
from graph.stores.embedded.store import EmbeddedStore
from graph.stores.neo4j.store import Neo4jStore, open_driver
from tests.contract.seed import build_seed

STORE_KINDS = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_connection: Neo4jConnection) -> Iterator[neo4j.Driver]:
    driver = open_driver(neo4j_connection.uri, neo4j_connection.auth())
    driver.verify_connectivity()
    Neo4jStore(driver, neo4j_connection.database).ensure_schema()
    yield driver
    driver.close()


def make_store(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> GraphStore:
    if kind == "embedded":
        return EmbeddedStore(tmp_path / "graph.sqlite")
    driver: neo4j.Driver = request.getfixturevalue("neo4j_driver")
    connection: Neo4jConnection = request.getfixturevalue("neo4j_connection")
    store = Neo4jStore(driver, connection.database)
    store.clear()
    return store


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    graph_store = make_store(request.param, request, tmp_path)
    yield graph_store
    graph_store.close()


@pytest.fixture(scope="session")
def seed() -> tuple[ReferenceBatch, PatentBatch]:
    return build_seed()


@pytest.fixture
def seeded(store: GraphStore, seed: tuple[ReferenceBatch, PatentBatch]) -> GraphStore:
    reference, batch = seed
    store.upsert_reference(reference)
    store.upsert_patents(batch)
    return store
