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
from graph.schema import Label
from graph.stores.common import (
    UNKNOWN_IPC_LEVEL,
    app_year,
    chunks,
    classified_codes,
    encode_fts_token,
    ipc_main_group,
    is_main_group,
    provenance_props,
)

CHUNK = 500


def _json(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _prov(record_prov: object) -> tuple[str | int | None, ...]:
    return tuple(provenance_props(record_prov).values())  # type: ignore[arg-type]


def _fts_text(tokens: str) -> str:
    return " ".join(encode_fts_token(tok) for tok in sorted({t.lower() for t in tokens.split()}))


# --------------------------------------------------------------------------- reference data


def write_ipc(conn: sqlite3.Connection, records: Sequence[IpcRecord]) -> None:
    conn.executemany(
        "INSERT INTO ipc(code, level, title_zh, parent, main_group, is_main_group) VALUES (?,?,?,?,?,?) "
        "ON CONFLICT(code) DO UPDATE SET level=excluded.level, title_zh=excluded.title_zh, "
        "parent=excluded.parent",
        [
            (r.code, r.level, r.title_zh, r.parent, ipc_main_group(r.code), is_main_group(r.code))
            for r in records
        ],
    )


def ensure_ipc_codes(conn: sqlite3.Connection, codes: Sequence[str]) -> None:
    """IPC codes not in the reference become nodes with level "unknown" (shared rule)."""
    conn.executemany(
        "INSERT OR IGNORE INTO ipc(code, level, title_zh, parent, main_group, is_main_group) "
        "VALUES (?,?,'',NULL,?,?)",
        [(code, UNKNOWN_IPC_LEVEL, ipc_main_group(code), is_main_group(code)) for code in codes],
    )


def write_industries(conn: sqlite3.Connection, records: Sequence[IndustryRecord]) -> None:
    conn.executemany(
        "INSERT INTO industry(code, scheme, name, parent) VALUES (?,?,?,?) ON CONFLICT(code) DO UPDATE "
        "SET scheme=excluded.scheme, name=excluded.name, parent=excluded.parent",
        [(r.code, r.scheme.value, r.name, r.parent) for r in records],
    )


def write_regions(conn: sqlite3.Connection, records: Sequence[RegionRecord]) -> None:
    conn.executemany(
        "INSERT INTO region(code, name, level, parent) VALUES (?,?,?,?) ON CONFLICT(code) DO UPDATE "
        "SET name=excluded.name, level=excluded.level, parent=excluded.parent",
        [(r.code, r.name, r.level.value, r.parent) for r in records],
    )


def write_chain_nodes(conn: sqlite3.Connection, records: Sequence[ChainNodeRecord]) -> None:
    conn.executemany(
        "INSERT INTO chain_node(key, chain, name, position, parent, ipc_codes, keywords, supplies_to) "
        "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET chain=excluded.chain, "
        "name=excluded.name, position=excluded.position, parent=excluded.parent, "
        "ipc_codes=excluded.ipc_codes, keywords=excluded.keywords, supplies_to=excluded.supplies_to",
        [
            (
                r.key,
                r.chain,
                r.name,
                r.position.value,
                r.parent,
                _json(r.ipc_codes),
                _json(r.keywords),
                _json(r.supplies_to),
            )
            for r in records
        ],
    )
    conn.executemany("DELETE FROM rel_supplies WHERE src = ?", [(r.key,) for r in records])
    conn.executemany(
        "INSERT OR IGNORE INTO rel_supplies(src, dst) SELECT ?, ? "
        "WHERE EXISTS (SELECT 1 FROM chain_node WHERE key = ?)",
        [(r.key, dst, dst) for r in records for dst in r.supplies_to],
    )


_PART_OF_TARGET = {
    Label.IPC: "SELECT 1 FROM ipc WHERE code = ?",
    Label.INDUSTRY: "SELECT 1 FROM industry WHERE code = ?",
    Label.REGION: "SELECT 1 FROM region WHERE code = ?",
    Label.CHAIN_NODE: "SELECT 1 FROM chain_node WHERE key = ?",
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
        "INSERT INTO holder(key, name, holder_type, type_reason, aliases, is_sme, sme_reason, region_code, "
        "source_file, row, run_id) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET "
        "name=excluded.name, holder_type=excluded.holder_type, type_reason=excluded.type_reason, "
        "aliases=excluded.aliases, is_sme=excluded.is_sme, sme_reason=excluded.sme_reason, "
        "region_code=excluded.region_code, source_file=excluded.source_file, row=excluded.row, "
        "run_id=excluded.run_id",
        [
            (
                h.key,
                h.name,
                h.holder_type.value,
                h.type_reason,
                _json(sorted(set(aliases) | set(existing.get(h.key, [])))),
                h.is_sme,
                h.sme_reason,
                h.region_code,
                *_prov(h.provenance),
            )
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
    conn: sqlite3.Connection, table: str, records: Sequence[InventorRecord | TechnologyRecord]
) -> None:
    sql = {
        "inventor": "INSERT INTO inventor(key, name) VALUES (?,?) "
        "ON CONFLICT(key) DO UPDATE SET name=excluded.name",
        "technology": "INSERT INTO technology(key, name) VALUES (?,?) "
        "ON CONFLICT(key) DO UPDATE SET name=excluded.name",
    }[table]
    conn.executemany(sql, [(r.key, r.name) for r in records])


_PATENT_COLUMNS = (
    "pub_no, app_no, patent_type, title, abstract, claims, app_date, app_year, pub_date, grant_date, "
    "lapse_date, legal_status, is_valid, ipc_main, region_code, claims_count, citations_count, family_size, "
    "overseas_family, award, tokens, keywords, synthetic_fields, source_file, row, run_id"
)
_PATENT_UPSERT = (
    "INSERT INTO patent(" + _PATENT_COLUMNS + ") VALUES (" + ",".join("?" * 26) + ") "
    "ON CONFLICT(pub_no) DO UPDATE SET "
    + ", ".join(f"{c.strip()}=excluded.{c.strip()}" for c in _PATENT_COLUMNS.split(",")[1:])
)
# Outgoing relationship sets a patent upsert replaces (no stale links after a correction).
_PATENT_OWNED_RELS = (
    "DELETE FROM rel_applied_by WHERE src = ?",
    "DELETE FROM rel_held_by WHERE src = ?",
    "DELETE FROM rel_invented_by WHERE src = ?",
    "DELETE FROM rel_classified_as WHERE src = ?",
    "DELETE FROM rel_mentions WHERE src = ?",
    "DELETE FROM rel_mapped_to WHERE src = ?",
    "DELETE FROM rel_located_in WHERE src_label = 'Patent' AND src = ?",
)


def _patent_row(p: PatentRecord) -> tuple[object, ...]:
    return (
        p.pub_no,
        p.app_no,
        p.patent_type.value,
        p.title,
        p.abstract,
        p.claims,
        p.app_date,
        app_year(p.app_date),
        p.pub_date,
        p.grant_date,
        p.lapse_date,
        p.legal_status,
        p.is_valid,
        p.ipc_main,
        p.region_code,
        p.claims_count,
        p.citations_count,
        p.family_size,
        p.overseas_family,
        p.award,
        p.tokens,
        _json(p.keywords),
        _json(p.synthetic_fields),
        *_prov(p.provenance),
    )


def write_patents(conn: sqlite3.Connection, patents: Sequence[PatentRecord]) -> None:
    for part in chunks(list(patents), CHUNK):
        _replace_fts_rows(conn, part, delete_only=True)
        conn.executemany(_PATENT_UPSERT, [_patent_row(p) for p in part])
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
        "INSERT INTO legal_event(event_id, pub_no, kind, date, amount, exclusive, synthetic, source_file, "
        "row, run_id) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(event_id) DO UPDATE SET "
        "pub_no=excluded.pub_no, "
        "kind=excluded.kind, date=excluded.date, amount=excluded.amount, exclusive=excluded.exclusive, "
        "synthetic=excluded.synthetic, source_file=excluded.source_file, row=excluded.row, "
        "run_id=excluded.run_id",
        [
            (
                e.event_id,
                e.pub_no,
                e.kind.value,
                e.date,
                e.amount,
                e.exclusive,
                e.synthetic,
                *_prov(e.provenance),
            )
            for e in events
        ],
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
