"""A first load into an empty embedded store (首次导入): the deferred indexes and the patent-count
table are built once, at the end, instead of batch by batch.

Kept up per batch, both cost random page writes that grow with the store: at 200k generated
patents without NLP, bytes written were 40x the final database size. While a first load runs
the count table is marked out of date (its meta marker removed), so every reader, in this
process or another, counts from the patents, and writes stop maintaining the cells. Whoever
opens the store next rebuilds what is missing (``ensure_schema``): an interrupted first load is
finished by the next open, and a load that finds the table rebuilt under it maintains it again.
"""

# SQL text here is composed only from constant index names; data travels as ? parameters.

from __future__ import annotations

import logging
import sqlite3

from graph.stores.embedded import counts
from graph.stores.embedded.sql import DDL, DEFERRED_INDEXES

logger = logging.getLogger(__name__)

# While loading: a checkpoint per GiB of WAL (a page rewritten by several commits reaches the
# file once per checkpoint) and a 256 MiB page cache; the open-time values come back after.
LOADING_PRAGMAS = ("PRAGMA wal_autocheckpoint=262144", "PRAGMA cache_size=-262144")


def begin(conn: sqlite3.Connection) -> bool:
    """Whether the store holds no patent; if so, the deferred indexes are dropped, the count
    table marked out of date and the loading pragmas set."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM patent LIMIT 1").fetchone() is not None:
            conn.execute("ROLLBACK")
            return False
        for name in DEFERRED_INDEXES:
            conn.execute("DROP INDEX IF EXISTS " + name)
        conn.execute("DELETE FROM meta WHERE name = ?", (counts.MARKER,))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    for pragma in LOADING_PRAGMAS:
        conn.execute(pragma)
    logger.info("embedded: 首次导入 — 次要索引与专利计数表在导入结束时一次建立")
    return True


def finish(conn: sqlite3.Connection, normal_pragmas: tuple[str, ...]) -> None:
    """Build what ``begin`` deferred (idempotent: the next open does the same if this never runs)."""
    logger.info("embedded: 首次导入结束, 正在建立索引与专利计数表")
    conn.executescript(DDL)  # CREATE INDEX IF NOT EXISTS: one sorted build per missing index
    if not counts.is_current(conn):
        conn.execute("BEGIN IMMEDIATE")
        try:
            counts.rebuild(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    for pragma in normal_pragmas:
        conn.execute(pragma)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
