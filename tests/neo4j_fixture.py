"""Pytest plugin: one real Neo4j per test session (测试用 Neo4j 服务器).

If ``PATENTNAV_NEO4J_URI`` is set, that server is used (password from
``PATENTNAV_NEO4J_PASSWORD``). Otherwise the project's own server is assembled from Maven
Central (cached in ``settings.neo4j_home``) and started once into a fresh temporary data
dir, then stopped at session end. A server that cannot start fails the tests that need it:
the Neo4j half of the suite is never skipped silently.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pydantic import SecretStr

from graph.neo4j_server.process import Neo4jConnection, Neo4jServer

logger = logging.getLogger(__name__)

__all__ = ["Neo4jConnection", "neo4j_connection", "own_neo4j_server"]

START_TIMEOUT_S = 180.0


def _external_connection(uri: str) -> Neo4jConnection:
    password = os.environ.get("PATENTNAV_NEO4J_PASSWORD")
    if not password:
        pytest.fail("PATENTNAV_NEO4J_URI is set but PATENTNAV_NEO4J_PASSWORD is not", pytrace=False)
    return Neo4jConnection(
        uri=uri,
        user=os.environ.get("PATENTNAV_NEO4J_USER", "neo4j"),
        password=SecretStr(password),
        database=os.environ.get("PATENTNAV_NEO4J_DATABASE", "neo4j"),
    )


@pytest.fixture(scope="session")
def neo4j_connection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jConnection]:
    """Connection info (uri, user, password, database) of a running, authenticated Neo4j."""
    uri = os.environ.get("PATENTNAV_NEO4J_URI")
    if uri:
        yield _external_connection(uri)
        return

    from graph.errors import Neo4jProvisioningError
    from graph.neo4j_server.process import Neo4jServer
    from graph.settings import Settings

    server = Neo4jServer(Settings().neo4j_root, tmp_path_factory.mktemp("neo4j-instance"))
    try:
        connection = server.start(timeout=START_TIMEOUT_S, die_with_parent=True)
    except Neo4jProvisioningError as exc:
        reason = str(exc)
    else:
        reason = ""
    if reason:
        where = " (CI)" if os.environ.get("CI") == "true" else ""
        # Deliberately fail, never skip: a missing Neo4j must not look like a passing suite.
        pytest.fail(f"the project's Neo4j server could not start{where}: {reason}", pytrace=False)
    try:
        yield connection
    finally:
        server.stop()


@contextmanager
def own_neo4j_server(instance: Path, *, port: int | None = None) -> Iterator[Neo4jServer]:
    """A started server of the test's own (in ``instance``), for tests that kill, restart or
    import into it, which the session's server must not suffer; stopped on exit."""
    from graph.settings import Settings

    server = Neo4jServer(Settings().neo4j_root, instance, port=port)
    server.start(timeout=START_TIMEOUT_S, die_with_parent=True)
    try:
        yield server
    finally:
        server.stop()
