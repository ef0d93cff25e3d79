"""The API while its Neo4j is down: a 503 that says so in Chinese, and answers again once the
database is back, without restarting the service (issue 14's fault suite)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.neo4j_server.config import free_port
from graph.neo4j_server.process import Neo4jServer
from graph.settings import Settings, StoreKind
from graph.stores.neo4j.store import Neo4jStore, open_driver
from tests.navigation_graphs import load_crafted_graph
from tests.neo4j_fixture import own_neo4j_server


@pytest.fixture
def fixed_port_neo4j(tmp_path: Path) -> Iterator[Neo4jServer]:
    """A server of its own on a fixed port, so the restarted database has the same URI."""
    with own_neo4j_server(tmp_path / "neo4j-instance", port=free_port()) as server:
        yield server


@pytest.mark.neo4j
def test_api_answers_503_while_neo4j_is_down_and_recovers_without_a_restart(
    fixed_port_neo4j: Neo4jServer,
) -> None:
    first = fixed_port_neo4j.connection()
    assert first is not None
    seed = Neo4jStore(open_driver(first.uri, first.auth()), "neo4j", owns_driver=True)
    try:
        load_crafted_graph(seed)
    finally:
        seed.close()
    settings = Settings(
        store=StoreKind.NEO4J,
        neo4j_uri=first.uri,
        neo4j_user=first.user,
        neo4j_password=first.password,
    )  # type: ignore[call-arg]
    with TestClient(create_app(settings)) as client:
        before = client.get("/api/stats")
        assert before.status_code == 200, before.text
        patents = before.json()["result"]["nodes"]["Patent"]
        assert patents > 0

        pid = fixed_port_neo4j.status().pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)  # the database dies under the running service
        started = time.monotonic()
        down = client.get("/api/stats")
        waited = time.monotonic() - started
        assert down.status_code == 503, down.text
        body = down.json()
        assert "不可用" in body["detail"] and body["error"], body  # the documented error shape
        patience = settings.neo4j_connect_timeout_s + settings.neo4j_retry_s
        assert waited < 3 * patience, f"the 503 took {waited:.0f} s"  # was a minute (driver defaults)

        fixed_port_neo4j.state_path.unlink(missing_ok=True)
        again = fixed_port_neo4j.start(timeout=180, die_with_parent=True)
        assert again.uri == first.uri  # same port: the service's configuration still holds
        back = client.get("/api/stats")  # the same app, the same driver
        assert back.status_code == 200, back.text
        assert back.json()["result"]["nodes"]["Patent"] == patents
