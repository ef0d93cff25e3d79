"""Waiting for a started server (就绪检查): a Bolt probe with our password, log tails for errors."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from graph.errors import Neo4jProvisioningError
from graph.neo4j_server.assembly import LOG_TAIL_LINES, last_lines
from graph.neo4j_server.config import Neo4jConnection


def wait_until_ready(
    probe: Callable[[], None],
    *,
    is_alive: Callable[[], bool],
    log_tail: Callable[[], str],
    timeout: float,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    interval: float = 0.5,
) -> float:
    """Call ``probe`` until it returns without raising; returns the seconds waited.

    Raises Neo4jProvisioningError with the log tail if the process exits or the deadline
    passes. A Neo4jProvisioningError raised by the probe itself is final (e.g. bad password).
    """
    started = clock()
    deadline = started + timeout
    last_error: Exception | None = None
    while True:
        if not is_alive():
            raise Neo4jProvisioningError(f"Neo4j exited before it was ready.\n{log_tail()}")
        try:
            probe()
            return clock() - started
        except Neo4jProvisioningError:
            raise
        except Exception as exc:  # any connection error means "not ready yet"
            last_error = exc
        if clock() >= deadline:
            raise Neo4jProvisioningError(
                f"Neo4j not ready after {timeout:.0f}s (last error: {last_error!r}).\n{log_tail()}"
            )
        sleep(interval)


def bolt_probe(connection: Neo4jConnection) -> Callable[[], None]:
    """A probe that opens a Bolt session with auth; a refused password is final."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError

    def probe() -> None:
        with GraphDatabase.driver(connection.uri, auth=connection.auth(), connection_timeout=2) as driver:
            try:
                driver.verify_connectivity()
            except AuthError as exc:
                raise Neo4jProvisioningError(f"Neo4j refused the instance password: {exc}") from exc

    return probe


def read_log_tail(logs: Path, count: int = LOG_TAIL_LINES) -> str:
    """The last lines of console.log and debug.log, labelled, for error messages."""
    parts = []
    for name in ("console.log", "debug.log"):
        path = logs / name
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            parts.append(f"--- {path} (last {count} lines) ---\n{last_lines(text, count)}")
    return "\n".join(parts) or f"(no logs in {logs})"
