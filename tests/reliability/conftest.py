"""A Neo4j store on the session server (``tests/neo4j_fixture.py``), emptied for each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.neo4j_server.process import Neo4jConnection
from graph.stores.neo4j.store import Neo4jStore, open_driver


@pytest.fixture
def neo4j_store(neo4j_connection: Neo4jConnection) -> Iterator[Neo4jStore]:
    driver = open_driver(neo4j_connection.uri, neo4j_connection.auth())
    store = Neo4jStore(driver, neo4j_connection.database, owns_driver=True)
    store.ensure_schema()
    store.clear()
    yield store
    store.close()
