"""Ingest checkpoints (断点续传): how far each source file got, so a killed run can resume.

A small SQLite file next to the embedded store (or under ``var/`` for Neo4j), one row per
source file keyed by its content hash and size — renaming or moving a file keeps its
checkpoint, editing it starts afresh. After each batch is written *and verified* the
file's row counts and last row are committed in one transaction; a resumed run skips the
rows up to ``last_row`` and starts its counts from the committed ones.

The window between a store write and its checkpoint commit is covered by ``pending``
claims: before writing, the batch's (publication number, row) pairs are recorded; when a
resumed run meets the same pub_no on the same row, it is the one the crashed run wrote, so
it is loaded again (idempotent upsert) rather than counted as a duplicate of itself.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.reconcile import RowCounts

HASH_CHUNK = 1024 * 1024

_SCHEMA = """
CREATE TABLE IF NOT EXISTS source_file (
    file_key TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    last_row INTEGER NOT NULL DEFAULT 0,
    read INTEGER NOT NULL DEFAULT 0,
    loaded INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    probe TEXT NOT NULL DEFAULT '[]',
    run_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pending_claim (
    file_key TEXT NOT NULL,
    pub_no TEXT NOT NULL,
    row INTEGER NOT NULL,
    PRIMARY KEY (file_key, pub_no)
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def file_key(path: Path) -> str:
    """``sha256:<hex>:<size>`` of the file's bytes (streamed)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return f"sha256:{digest.hexdigest()}:{size}"


@dataclass(slots=True)
class FileCheckpoint:
    file_key: str
    done: bool = False
    last_row: int = 0
    counts: RowCounts = field(default_factory=RowCounts)
    probe: list[str] = field(default_factory=list)  # a few loaded pub_nos, to spot a cleared store
    pending: dict[str, int] = field(default_factory=dict)  # pub_no -> row written but not committed
    run_id: str = ""


class CheckpointStore:
    """The checkpoint file; one connection, every commit a single transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        self._conn.close()

    def load(self, key: str) -> FileCheckpoint | None:
        """The file's checkpoint; claims alone (a crash before the first commit) count too."""
        row = self._conn.execute(
            "SELECT done, last_row, read, loaded, duplicates, rejected, probe, run_id "
            "FROM source_file WHERE file_key = ?",
            (key,),
        ).fetchone()
        pending = dict(
            self._conn.execute("SELECT pub_no, row FROM pending_claim WHERE file_key = ?", (key,)).fetchall()
        )
        if row is None:
            return FileCheckpoint(key, pending=pending) if pending else None
        counts = RowCounts(read=row[2], loaded=row[3], duplicates=row[4], rejected=row[5])
        return FileCheckpoint(key, bool(row[0]), row[1], counts, json.loads(row[6]), pending, row[7])

    def forget(self, key: str) -> None:
        with self._transaction():
            self._conn.execute("DELETE FROM source_file WHERE file_key = ?", (key,))
            self._conn.execute("DELETE FROM pending_claim WHERE file_key = ?", (key,))

    def reset(self) -> None:
        """Forget every file and marker (the checkpoint belonged to another database)."""
        with self._transaction():
            for table in ("source_file", "pending_claim", "meta"):
                self._conn.execute(f"DELETE FROM {table}")  # noqa: S608 (constant table names)

    def claim(self, key: str, claims: Iterable[tuple[str, int]]) -> None:
        """Record the (pub_no, row) pairs about to be written (before the store write)."""
        with self._transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO pending_claim (file_key, pub_no, row) VALUES (?, ?, ?)",
                [(key, pub_no, row) for pub_no, row in claims],
            )

    def commit(
        self,
        key: str,
        path: str,
        last_row: int,
        counts: RowCounts,
        probe: list[str],
        run_id: str,
        done: bool = False,
    ) -> None:
        """Rows up to ``last_row`` are fully accounted; claims on them are settled."""
        with self._transaction():
            self._conn.execute(
                "INSERT INTO source_file (file_key, path, done, last_row, read, loaded, duplicates, "
                "rejected, probe, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(file_key) DO UPDATE SET path = excluded.path, done = excluded.done, "
                "last_row = excluded.last_row, read = excluded.read, loaded = excluded.loaded, "
                "duplicates = excluded.duplicates, rejected = excluded.rejected, "
                "probe = excluded.probe, run_id = excluded.run_id",
                (
                    key,
                    path,
                    int(done),
                    last_row,
                    counts.read,
                    counts.loaded,
                    counts.duplicates,
                    counts.rejected,
                    json.dumps(probe),
                    run_id,
                ),
            )
            self._conn.execute(
                "DELETE FROM pending_claim WHERE file_key = ? AND (row <= ? OR ?)", (key, last_row, done)
            )

    def get_meta(self, name: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, name: str, value: str) -> None:
        with self._transaction():
            self._conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._conn)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (autocommit connection)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
