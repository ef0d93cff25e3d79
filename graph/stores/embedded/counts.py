"""The embedded store's patent-count table (``graph.stores.patent_counts``): read the counted
attributes, apply a write's deltas, rebuild, and answer a facet request from the cells."""

# SQL text here is composed only from constant fragments; data travels as ? parameters.
# ruff: noqa: S608

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence

from graph.models import Facet, FacetCount
from graph.stores.patent_counts import Cell, CellQuery, CountAttrs, deltas, tally

MARKER = "patent_counts_version"  # meta row: the table is complete and maintained
VERSION = "1"

DDL = """
CREATE TABLE IF NOT EXISTS patent_count (
    cell TEXT PRIMARY KEY, chain TEXT, node TEXT, region4 TEXT, app_year INTEGER,
    patent_type TEXT NOT NULL, validity TEXT NOT NULL, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS patent_count_level ON patent_count(chain, node);
"""

_ATTRS = (
    "SELECT p.pub_no, p.region_code, p.app_year, p.patent_type, p.is_valid, "
    "(SELECT json_group_array(json_array(c.chain, c.key)) FROM rel_mapped_to m "
    "JOIN chain_node c ON c.key = m.dst WHERE m.src = p.pub_no) FROM patent p"
)
_UPSERT = (
    "INSERT INTO patent_count(cell, chain, node, region4, app_year, patent_type, validity, n) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(cell) DO UPDATE SET n = n + excluded.n"
)


def _attrs(rows: Sequence[tuple[object, ...]]) -> Iterator[CountAttrs]:
    for pub_no, region, year, ptype, valid, nodes in rows:
        yield CountAttrs(
            pub_no=str(pub_no),
            region_code=None if region is None else str(region),
            app_year=None if year is None else int(str(year)),
            patent_type=str(ptype),
            is_valid=None if valid is None else bool(valid),
            nodes=tuple((str(c), str(k)) for c, k in json.loads(str(nodes))),
        )


def _all_attrs(conn: sqlite3.Connection) -> Iterator[CountAttrs]:
    """Every patent's attributes in two scans (the per-patent subquery is for small batches)."""
    nodes: dict[str, list[tuple[str, str]]] = {}
    for pub_no, chain, key in conn.execute(
        "SELECT m.src, c.chain, c.key FROM rel_mapped_to m JOIN chain_node c ON c.key = m.dst"
    ):
        nodes.setdefault(pub_no, []).append((chain, key))
    for pub_no, region, year, ptype, valid in conn.execute(
        "SELECT pub_no, region_code, app_year, patent_type, is_valid FROM patent"
    ):
        yield CountAttrs(
            pub_no=pub_no,
            region_code=region,
            app_year=year,
            patent_type=ptype,
            is_valid=None if valid is None else bool(valid),
            nodes=tuple(nodes.get(pub_no, ())),
        )


def read_attrs(conn: sqlite3.Connection, pub_nos: Sequence[str]) -> list[CountAttrs]:
    rows = conn.execute(
        _ATTRS + " WHERE p.pub_no IN (SELECT value FROM json_each(?))", (json.dumps(list(pub_nos)),)
    )
    return list(_attrs(rows.fetchall()))


def _values(change: dict[Cell, int]) -> list[tuple[object, ...]]:
    return [(cell.key, *cell, n) for cell, n in change.items()]


def apply(conn: sqlite3.Connection, change: dict[Cell, int]) -> None:
    if not change:
        return
    conn.executemany(_UPSERT, _values(change))
    keys = json.dumps([cell.key for cell in change])
    conn.execute("DELETE FROM patent_count WHERE n = 0 AND cell IN (SELECT value FROM json_each(?))", (keys,))


def record_write(conn: sqlite3.Connection, before: list[CountAttrs], pub_nos: Sequence[str]) -> None:
    """After the patents of a batch are written (same transaction): apply what changed."""
    apply(conn, deltas(before, read_attrs(conn, pub_nos)))


def rebuild(conn: sqlite3.Connection) -> None:
    """Recount every cell from the patents (idempotent; in the caller's transaction)."""
    conn.execute("DELETE FROM patent_count")
    conn.executemany(
        "INSERT INTO patent_count(cell, chain, node, region4, app_year, patent_type, validity, n) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        _values(tally(_all_attrs(conn))),
    )
    conn.execute("INSERT OR REPLACE INTO meta(name, value) VALUES (?, ?)", (MARKER, VERSION))


def moved_nodes(conn: sqlite3.Connection) -> bool:
    """Whether a counted chain node now belongs to another chain (a reference write moved it)."""
    return (
        conn.execute(
            "SELECT 1 FROM patent_count pc JOIN chain_node c ON c.key = pc.node "
            "WHERE pc.chain IS NOT c.chain LIMIT 1"
        ).fetchone()
        is not None
    )


def is_current(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE name = ?", (MARKER,)).fetchone()
    return row is not None and row[0] == VERSION


_FACET_COLUMNS: dict[Facet, str] = {
    Facet.CHAIN_NODE: "node",
    Facet.PROVINCE: "substr(region4, 1, 2)",
    Facet.CITY: "region4",
    Facet.APP_YEAR: "CAST(app_year AS TEXT)",
    Facet.PATENT_TYPE: "patent_type",
}
_LEVEL = {
    "all": "chain IS NULL AND node IS NULL",
    "chain": "chain = ? AND node IS NULL",
    "node": "node IS NOT NULL",
}


def cell_query(q: CellQuery) -> tuple[str, list[object]]:
    where = [_LEVEL[q.level]]
    params: list[object] = [q.chain] if q.level == "chain" else []
    if q.level == "node" and q.chain:
        where.append("chain = ?")
        params.append(q.chain)
    if q.nodes:
        where.append("node IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(q.nodes))
    if q.region_prefixes:
        where.append("(" + " OR ".join(["substr(region4, 1, ?) = ?"] * len(q.region_prefixes)) + ")")
        for prefix in q.region_prefixes:
            params += [len(prefix), prefix]
    if q.patent_types:
        where.append("patent_type IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(q.patent_types))
    where.append("validity IN (SELECT value FROM json_each(?))")
    params.append(json.dumps(q.validities))
    if q.year_from is not None:
        where.append("app_year >= ?")
        params.append(q.year_from)
    if q.year_to is not None:
        where.append("app_year <= ?")
        params.append(q.year_to)
    columns = [_FACET_COLUMNS[f] for f in q.facets]
    group = " GROUP BY " + ", ".join(str(i + 1) for i in range(len(columns))) if columns else ""
    select = "".join(c + ", " for c in columns)
    return "SELECT " + select + "sum(n) FROM patent_count WHERE " + " AND ".join(where) + group, params


def facet_counts(conn: sqlite3.Connection, q: CellQuery) -> list[FacetCount]:
    sql, params = cell_query(q)
    return [
        FacetCount(values=tuple(row[:-1]), count=int(row[-1])) for row in conn.execute(sql, params) if row[-1]
    ]
