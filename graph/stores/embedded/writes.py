"""Batched, idempotent writes of the embedded store (嵌入式存储写入).

Each function takes an open ``sqlite3.Connection`` inside a transaction and writes one kind
of record with ``executemany``; links to a missing node are skipped by ``WHERE EXISTS``,
exactly as the Neo4j store's ``MATCH`` skips them (see ``graph.stores.common``).
"""

# SQL text here is composed only from constant fragments and enum-derived table names;
# data always travels as ? parameters, so the string-building warning does not apply.
# ruff: noqa: S608

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from graph.models import (
    ChainNodeRecord,
    HolderRecord,
    IndustryRecord,
    InventorRecord,
    IpcIndustryLink,
    IpcRecord,
    LegalEventRecord,
    PatentChainLink,
    PatentRecord,
    PatentTechnologyLink,
    RegionRecord,
    TechnologyRecord,
)
from graph.schema import LABELS, PATENT_REPLACED_RELS, RELATIONSHIPS, Label, PropKind, RelType
from graph.stores.common import UNKNOWN_IPC_LEVEL, chunks, classified_codes, encode_fts_token
from graph.stores.embedded.sql import NODE_TABLES, REL_TABLES
from graph.stores.properties import (
    Props,
    chain_node_properties,
    event_properties,
    holder_properties,
    industry_properties,
    ipc_code_properties,
    ipc_properties,
    patent_properties,
    provenance_props,
    region_properties,
)

CHUNK = 500


def _json(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _prov(record_prov: object) -> tuple[str | int | None, ...]:
    return tuple(provenance_props(record_prov).values())  # type: ignore[arg-type]


def _insert_sql(label: Label, verb: str = "INSERT") -> str:
    """Insert a node row: the key, then the properties of ``graph.schema.LABELS``, in order."""
    spec = LABELS[label]
    columns = [spec.key, *(prop.sql_column for prop in spec.properties)]
    return f"{verb} INTO {spec.table}({', '.join(columns)}) VALUES ({','.join('?' * len(columns))})"


# On a key conflict every property is replaced (the last record with a key wins).
_UPSERT = {
    label: _insert_sql(label)
    + f" ON CONFLICT({spec.key}) DO UPDATE SET "
    + ", ".join(f"{p.sql_column}=excluded.{p.sql_column}" for p in spec.properties)
    for label, spec in LABELS.items()
}
# a technology keeps the smallest display name ever written (graph.stores.common)
_UPSERT_TECHNOLOGY = (
    _insert_sql(Label.TECHNOLOGY) + " ON CONFLICT(key) DO UPDATE SET name = min(name, excluded.name)"
)
_INSERT_IGNORE_IPC = _insert_sql(Label.IPC, "INSERT OR IGNORE")


def _row(label: Label, key: str, props: Props) -> tuple[object, ...]:
    """The row of a node in the column order of ``_UPSERT`` (lists as JSON text)."""
    return (
        key,
        *(
            _json(props[p.name]) if p.kind is PropKind.LIST else props[p.name]
            for p in LABELS[label].properties
        ),
    )


def _fts_text(tokens: str) -> str:
    return " ".join(encode_fts_token(tok) for tok in sorted({t.lower() for t in tokens.split()}))


# --------------------------------------------------------------------------- reference data


def write_ipc(conn: sqlite3.Connection, records: Sequence[IpcRecord]) -> None:
    conn.executemany(_UPSERT[Label.IPC], [_row(Label.IPC, r.code, ipc_properties(r)) for r in records])


def ensure_ipc_codes(conn: sqlite3.Connection, codes: Sequence[str]) -> None:
    """IPC codes not in the reference become nodes with level "unknown" (shared rule)."""
    unknown = {"level": UNKNOWN_IPC_LEVEL, "title_zh": "", "parent": None}
    conn.executemany(
        _INSERT_IGNORE_IPC, [_row(Label.IPC, code, unknown | ipc_code_properties(code)) for code in codes]
    )


def write_industries(conn: sqlite3.Connection, records: Sequence[IndustryRecord]) -> None:
    conn.executemany(
        _UPSERT[Label.INDUSTRY], [_row(Label.INDUSTRY, r.code, industry_properties(r)) for r in records]
    )


def write_regions(conn: sqlite3.Connection, records: Sequence[RegionRecord]) -> None:
    conn.executemany(
        _UPSERT[Label.REGION], [_row(Label.REGION, r.code, region_properties(r)) for r in records]
    )


def write_chain_nodes(conn: sqlite3.Connection, records: Sequence[ChainNodeRecord]) -> None:
    conn.executemany(
        _UPSERT[Label.CHAIN_NODE], [_row(Label.CHAIN_NODE, r.key, chain_node_properties(r)) for r in records]
    )
    conn.executemany("DELETE FROM rel_supplies WHERE src = ?", [(r.key,) for r in records])
    conn.executemany(
        "INSERT OR IGNORE INTO rel_supplies(src, dst) SELECT ?, ? "
        "WHERE EXISTS (SELECT 1 FROM chain_node WHERE key = ?)",
        [(r.key, dst, dst) for r in records for dst in r.supplies_to],
    )


_PART_OF_TARGET = {
    label: f"SELECT 1 FROM {NODE_TABLES[label][0]} WHERE {NODE_TABLES[label][1]} = ?"
    for label in RELATIONSHIPS[RelType.PART_OF].sources
}


def write_part_of(conn: sqlite3.Connection, label: Label, pairs: Sequence[tuple[str, str | None]]) -> None:
    """Replace each child's PART_OF link by one to its parent (if the parent exists)."""
    conn.executemany(
        "DELETE FROM rel_part_of WHERE src_label = ? AND src = ?", [(label.value, c) for c, _ in pairs]
    )
    conn.executemany(
        "INSERT OR IGNORE INTO rel_part_of(src_label, src, dst) SELECT ?, ?, ? WHERE EXISTS ("
        + _PART_OF_TARGET[label]
        + ")",
        [(label.value, child, parent, parent) for child, parent in pairs if parent],
    )


def write_ipc_industry_links(conn: sqlite3.Connection, links: Sequence[IpcIndustryLink]) -> None:
    ensure_ipc_codes(conn, sorted({link.ipc_code for link in links}))
    conn.executemany(
        "INSERT INTO rel_in_industry(src, dst, source) SELECT ?, ?, ? "
        "WHERE EXISTS (SELECT 1 FROM industry WHERE code = ?) "
        "ON CONFLICT(src, dst) DO UPDATE SET source=excluded.source",
        [(lk.ipc_code, lk.industry_code, lk.source, lk.industry_code) for lk in links],
    )


# --------------------------------------------------------------------------- patent data


def write_holders(conn: sqlite3.Connection, holders: Sequence[tuple[HolderRecord, tuple[str, ...]]]) -> None:
    """Upsert holders; aliases are unioned with the stored ones (sorted)."""
    existing: dict[str, list[str]] = {}
    for part in chunks([h.key for h, _ in holders], CHUNK):
        rows = conn.execute(
            "SELECT key, aliases FROM holder WHERE key IN (SELECT value FROM json_each(?))", (_json(part),)
        )
        existing.update((key, json.loads(aliases)) for key, aliases in rows)
    conn.executemany(
        _UPSERT[Label.HOLDER],
        [
            _row(Label.HOLDER, h.key, holder_properties(h, set(aliases) | set(existing.get(h.key, []))))
            for h, aliases in holders
        ],
    )
    conn.executemany(
        "DELETE FROM rel_located_in WHERE src_label = 'Holder' AND src = ?", [(h.key,) for h, _ in holders]
    )
    conn.executemany(
        "INSERT OR IGNORE INTO rel_located_in(src_label, src, dst, source_file, row, run_id) "
        "SELECT 'Holder', ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM region WHERE code = ?)",
        [(h.key, h.region_code, *_prov(h.provenance), h.region_code) for h, _ in holders if h.region_code],
    )


def write_named(
    conn: sqlite3.Connection, label: Label, records: Sequence[InventorRecord | TechnologyRecord]
) -> None:
    """Inventors and technologies: a key and a name."""
    statement = _UPSERT_TECHNOLOGY if label is Label.TECHNOLOGY else _UPSERT[label]
    conn.executemany(statement, [(r.key, r.name) for r in records])


def _owned_links_delete(rel: RelType) -> str:
    table = REL_TABLES[rel]
    if RELATIONSHIPS[rel].labelled_source:
        return f"DELETE FROM {table} WHERE src_label = '{Label.PATENT.value}' AND src = ?"
    return f"DELETE FROM {table} WHERE src = ?"


# Outgoing relationship sets a patent upsert replaces (no stale links after a correction).
_PATENT_OWNED_RELS = tuple(_owned_links_delete(rel) for rel in PATENT_REPLACED_RELS)


def write_patents(conn: sqlite3.Connection, patents: Sequence[PatentRecord]) -> None:
    for part in chunks(list(patents), CHUNK):
        _replace_fts_rows(conn, part, delete_only=True)
        conn.executemany(
            _UPSERT[Label.PATENT], [_row(Label.PATENT, p.pub_no, patent_properties(p)) for p in part]
        )
        _replace_fts_rows(conn, part, delete_only=False)
    keys = [(p.pub_no,) for p in patents]
    for statement in _PATENT_OWNED_RELS:
        conn.executemany(statement, keys)
    _write_patent_links(conn, patents)


def _replace_fts_rows(conn: sqlite3.Connection, part: Sequence[PatentRecord], delete_only: bool) -> None:
    """Contentless FTS5 rows are deleted by giving back the exact indexed text."""
    rows = conn.execute(
        "SELECT id, tokens FROM patent WHERE pub_no IN (SELECT value FROM json_each(?))",
        (_json([p.pub_no for p in part]),),
    ).fetchall()
    if delete_only:
        conn.executemany(
            "INSERT INTO patent_fts(patent_fts, rowid, tok) VALUES ('delete', ?, ?)",
            [(rowid, _fts_text(tokens)) for rowid, tokens in rows],
        )
    else:
        conn.executemany(
            "INSERT INTO patent_fts(rowid, tok) VALUES (?, ?)", [(rowid, _fts_text(t)) for rowid, t in rows]
        )


def _write_patent_links(conn: sqlite3.Connection, patents: Sequence[PatentRecord]) -> None:
    ensure_ipc_codes(conn, sorted({code for p in patents for code, _ in classified_codes(p)}))
    conn.executemany(
        "INSERT OR IGNORE INTO rel_applied_by(src, dst, ord, source_file, row, run_id) "
        "SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM holder WHERE key = ?)",
        [(p.pub_no, k, i, *_prov(p.provenance), k) for p in patents for i, k in enumerate(p.applicants)],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO rel_held_by(src, dst, source_file, row, run_id) "
        "SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM holder WHERE key = ?)",
        [(p.pub_no, k, *_prov(p.provenance), k) for p in patents for k in p.holders],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO rel_invented_by(src, dst, source_file, row, run_id) "
        "SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM inventor WHERE key = ?)",
        [(p.pub_no, k, *_prov(p.provenance), k) for p in patents for k in p.inventors],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO rel_classified_as(src, dst, main, source_file, row, run_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(p.pub_no, code, main, *_prov(p.provenance)) for p in patents for code, main in classified_codes(p)],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO rel_located_in(src_label, src, dst, source_file, row, run_id) "
        "SELECT 'Patent', ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM region WHERE code = ?)",
        [(p.pub_no, p.region_code, *_prov(p.provenance), p.region_code) for p in patents if p.region_code],
    )


def write_technology_links(conn: sqlite3.Connection, links: Sequence[PatentTechnologyLink]) -> None:
    conn.executemany(
        "INSERT INTO rel_mentions(src, dst, weight, source_file, row, run_id) SELECT ?, ?, ?, ?, ?, ? "
        "WHERE EXISTS (SELECT 1 FROM patent WHERE pub_no = ?) "
        "AND EXISTS (SELECT 1 FROM technology WHERE key = ?) "
        "ON CONFLICT(src, dst) DO UPDATE SET weight=excluded.weight, source_file=excluded.source_file, "
        "row=excluded.row, run_id=excluded.run_id",
        [
            (lk.pub_no, lk.technology_key, lk.weight, *_prov(lk.provenance), lk.pub_no, lk.technology_key)
            for lk in links
        ],
    )


def write_chain_links(conn: sqlite3.Connection, links: Sequence[PatentChainLink]) -> None:
    conn.executemany(
        "INSERT INTO rel_mapped_to(src, dst, confidence, reason, source_file, row, run_id) "
        "SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM patent WHERE pub_no = ?) "
        "AND EXISTS (SELECT 1 FROM chain_node WHERE key = ?) ON CONFLICT(src, dst) DO UPDATE SET "
        "confidence=excluded.confidence, reason=excluded.reason, source_file=excluded.source_file, "
        "row=excluded.row, run_id=excluded.run_id",
        [
            (lk.pub_no, lk.node_key, lk.confidence, lk.reason, *_prov(lk.provenance), lk.pub_no, lk.node_key)
            for lk in links
        ],
    )


def write_events(conn: sqlite3.Connection, events: Sequence[LegalEventRecord]) -> None:
    conn.executemany(
        _UPSERT[Label.LEGAL_EVENT], [_row(Label.LEGAL_EVENT, e.event_id, event_properties(e)) for e in events]
    )
    ids = [(e.event_id,) for e in events]
    conn.executemany("DELETE FROM rel_has_event WHERE dst = ?", ids)
    conn.executemany("DELETE FROM rel_from_party WHERE src = ?", ids)
    conn.executemany("DELETE FROM rel_to_party WHERE src = ?", ids)
    conn.executemany(
        "INSERT OR IGNORE INTO rel_has_event(src, dst, source_file, row, run_id) SELECT ?, ?, ?, ?, ? "
        "WHERE EXISTS (SELECT 1 FROM patent WHERE pub_no = ?)",
        [(e.pub_no, e.event_id, *_prov(e.provenance), e.pub_no) for e in events],
    )
    for table, side in (("rel_from_party", "from_holders"), ("rel_to_party", "to_holders")):
        conn.executemany(
            "INSERT OR IGNORE INTO " + table + "(src, dst, source_file, row, run_id) SELECT ?, ?, ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM holder WHERE key = ?)",
            [(e.event_id, k, *_prov(e.provenance), k) for e in events for k in getattr(e, side)],
        )
