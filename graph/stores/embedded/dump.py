"""Canonical dump of the embedded store (规范导出): every node and relationship row as sorted JSON
lines, without the properties that name the run (``run_id``), so two ingests of the same
files compare byte for byte whatever their batch size, kills and resumes."""

# Table names come from sqlite_master of our own schema, never from data.
# ruff: noqa: S608

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

RUN_PROPERTIES = frozenset({"run_id"})
_SKIPPED_TABLES = ("meta", "patent_fts", "sqlite_")


def canonical_lines(conn: sqlite3.Connection) -> Iterator[str]:
    tables = sorted(
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row[0].startswith(_SKIPPED_TABLES)
    )
    for table in tables:
        cursor = conn.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cursor.description]
        keep = [i for i, name in enumerate(columns) if name not in RUN_PROPERTIES and name != "id"]
        lines = sorted(
            json.dumps({columns[i]: row[i] for i in keep}, ensure_ascii=False, sort_keys=True)
            for row in cursor
        )
        for line in lines:
            yield f"{table}\t{line}"
