"""``neo4j-admin database import full`` into the project's own server (离线批量导入).

Community Edition imports only into an offline database, so the DBMS is stopped, the files
are imported into the database with ``--overwrite-destination`` (the caller has checked that
it is empty), and the server is started again on the same port. Arguments are the
``--nodes=`` / ``--relationships=`` options of the import files.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.errors import Neo4jProvisioningError
from graph.neo4j_server.config import Neo4jConnection
from graph.neo4j_server.process import Neo4jServer

logger = logging.getLogger(__name__)

IMPORT_OPTIONS: tuple[str, ...] = (
    "--multiline-fields=true",  # abstracts and claims keep their line breaks
    "--skip-bad-relationships=false",  # every link was checked against its ends before
    "--skip-duplicate-nodes=false",
    "--bad-tolerance=0",
    "--threads=2",
)


@dataclass(frozen=True, slots=True)
class ImportRun:
    connection: Neo4jConnection
    import_s: float  # neo4j-admin itself
    restart_s: float  # stop before + start after
    output: str


def import_offline(
    server: Neo4jServer,
    file_arguments: Sequence[str],
    *,
    array_delimiter: str,
    database: str = "neo4j",
    report_file: Path | None = None,
    timeout: float = 3600,
    die_with_parent: bool = False,
) -> ImportRun:
    """Stop the server, import, start it again (also when the import failed); ``die_with_parent``
    as for ``Neo4jServer.start`` (tests and benchmarks: no server left behind)."""
    if not server.status().running:
        raise Neo4jProvisioningError(f"Neo4j of {server.instance} is not running")
    port = server.connection()
    started = time.perf_counter()
    server.stop()
    stopped_s = time.perf_counter() - started
    args = ["database", "import", "full", database, "--overwrite-destination=true",
            f"--array-delimiter={array_delimiter}", *IMPORT_OPTIONS, *file_arguments]  # fmt: skip
    if report_file is not None:
        args.append(f"--report-file={report_file}")
    began = time.perf_counter()
    try:
        output = server.admin(args, timeout=timeout)
    finally:
        import_s = time.perf_counter() - began
        began = time.perf_counter()
        if port is not None and server.port is None:  # same address for clients already configured
            server.port = int(port.uri.rsplit(":", 1)[1])
        connection = server.start(die_with_parent=die_with_parent)
        restart_s = stopped_s + time.perf_counter() - began
    logger.info("neo4j-admin import %.1fs (restart %.1fs)", import_s, restart_s)
    return ImportRun(connection, import_s, restart_s, output)
