"""`EmbeddedStore`: the zero-setup default store (嵌入式存储), one SQLite file.

stdlib ``sqlite3`` in WAL mode; one table per node label and per relationship type (so
``stats()`` counts exactly what the Neo4j store counts); a contentless FTS5 index over each
patent's pre-segmented tokens, encoded so one token is one FTS term and a query term matches
whole tokens only. The shared semantics (idempotent upserts, replaced outgoing links, unknown
IPC codes, SEI matching, orderings) are documented in ``graph.stores.common``.
"""

# SQL text here is composed only from constant fragments and enum-derived table names;
# data always travels as ? parameters, so the string-building warning does not apply.
# ruff: noqa: S608

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from graph.errors import NotFoundError, StoreUnavailableError
from graph.models import (
    ChainNodeRecord,
    ChainPosition,
    DataCutoff,
    EventFact,
    EventFilter,
    Facet,
    FacetCount,
    HolderType,
    HolderView,
    NodeView,
    PatentBatch,
    PatentFact,
    PatentFilter,
    PatentText,
    ReferenceBatch,
    StoreStats,
    Subgraph,
    TermMatch,
)
from graph.schema import Label
from graph.store import MAX_TERM_MATCHES
from graph.stores import patent_counts
from graph.stores.common import (
    Hop,
    bounded_subgraph,
    check_facet_request,
    check_subgraph_request,
    chunks,
    dedupe_last,
    encode_fts_token,
    event_sort_key,
    merge_holders,
    node_id,
    normalise_terms,
    smallest_names,
    sort_facet_counts,
)
from graph.stores.embedded import counts, dump, first_load, hydrate, writes
from graph.stores.embedded.filters import event_where, facet_query, patent_where
from graph.stores.embedded.neighbours import expand_nodes
from graph.stores.embedded.registry import EmbeddedRegistry
from graph.stores.embedded.sql import (
    COUNT_NODES,
    COUNT_RELS,
    DDL,
    NODE_EXISTS,
    NODE_TABLES,
    SCHEMA_VERSION,
    added_columns,
)

logger = logging.getLogger(__name__)
CHUNK = 500


def _opt_bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA cache_size=-65536",
    "PRAGMA busy_timeout=10000",
    # a page rewritten by several batches reaches the file once per checkpoint, not once
    # per batch: measured 3.3x -> 2.7x bytes written per final db size (5k patents)
    "PRAGMA wal_autocheckpoint=16384",
    "PRAGMA journal_size_limit=67108864",  # the WAL is cut back to 64 MiB after a checkpoint
)


class EmbeddedStore(EmbeddedRegistry):
    """GraphStore over one SQLite file (or ``":memory:"``); safe to share between threads."""

    name = "embedded"

    def __init__(self, path: Path | Literal[":memory:"]) -> None:
        self.path = path
        target = str(path)
        try:
            self._conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreUnavailableError(f"cannot open embedded store {target}: {exc}") from exc
        self._lock = threading.RLock()
        for pragma in _PRAGMAS:
            self._conn.execute(pragma)
        self.ensure_schema()

    # -- lifecycle and schema
    def ensure_schema(self) -> None:
        """Create the tables and indexes if missing (idempotent)."""
        with self._lock:
            self._conn.executescript(DDL + counts.DDL)
            for table, _, _ in NODE_TABLES.values():
                present = {row[1] for row in self._conn.execute(f"PRAGMA table_info({table})")}
                for statement in added_columns(table, present):
                    self._conn.execute(statement)
            self._conn.execute(
                "INSERT OR REPLACE INTO meta(name, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
            if not counts.is_current(self._conn):  # a store written before the count table existed
                logger.info("embedded: 正在建立专利计数表 (一次性, 百万件约需一两分钟)")
                with self._transaction() as conn:
                    counts.rebuild(conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def store_id(self) -> str:
        """This database's identity (库标识), written into it once: checkpoints are keyed by it."""
        with self._lock:
            self._conn.execute(
                "INSERT OR IGNORE INTO meta(name, value) VALUES ('store_id', ?)", (uuid.uuid4().hex,)
            )
            return str(self._conn.execute("SELECT value FROM meta WHERE name = 'store_id'").fetchone()[0])

    def canonical_dump(self) -> str:
        """All nodes and relationships as sorted lines, no run ids (``dump``): equal graphs, equal text."""
        with self._lock:
            return "\n".join(dump.canonical_lines(self._conn)) + "\n"

    def clear(self) -> None:
        """Delete every node and relationship (tests and `patentnav reset` only)."""
        with self._transaction() as conn:
            names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in names:
                if table != "meta" and not table.startswith("patent_fts"):
                    conn.execute("DELETE FROM " + table)
            conn.execute("INSERT INTO patent_fts(patent_fts) VALUES ('delete-all')")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    @contextmanager
    def first_load(self) -> Iterator[bool]:
        """True inside when the store held no patent: indexes and counts wait for the end
        (``graph.stores.embedded.first_load``); both are complete when the block exits."""
        with self._lock:
            started = first_load.begin(self._conn)
        try:
            yield started
        finally:
            if started:
                with self._lock:
                    first_load.finish(self._conn, _PRAGMAS)

    # -- writes
    def upsert_reference(self, batch: ReferenceBatch) -> None:
        """Upsert reference nodes, then their links (a parent later in the batch is found)."""
        ipc = dedupe_last(batch.ipc, lambda r: r.code)
        industries = dedupe_last(batch.industries, lambda r: r.code)
        regions = dedupe_last(batch.regions, lambda r: r.code)
        nodes = dedupe_last(batch.chain_nodes, lambda r: r.key)
        with self._transaction() as conn:
            writes.write_ipc(conn, ipc)
            writes.write_industries(conn, industries)
            writes.write_regions(conn, regions)
            writes.write_chain_nodes(conn, nodes)
            writes.write_part_of(conn, Label.IPC, [(r.code, r.parent) for r in ipc])
            writes.write_part_of(conn, Label.INDUSTRY, [(r.code, r.parent) for r in industries])
            writes.write_part_of(conn, Label.REGION, [(r.code, r.parent) for r in regions])
            writes.write_part_of(conn, Label.CHAIN_NODE, [(r.key, r.parent) for r in nodes])
            writes.write_ipc_industry_links(conn, batch.ipc_industry_links)
            if counts.moved_nodes(conn):
                counts.rebuild(conn)
        logger.debug("embedded: upserted reference batch (%d ipc, %d regions)", len(ipc), len(regions))

    def upsert_patents(self, batch: PatentBatch) -> None:
        """Upsert one ingest batch in one transaction; see ``graph.stores.common`` for the rules."""
        patents = dedupe_last(batch.patents, lambda r: r.pub_no)
        pub_nos = sorted({p.pub_no for p in patents} | {lk.pub_no for lk in batch.chain_links})
        with self._transaction() as conn:
            maintained = counts.is_current(conn)  # not during a first load
            before = counts.read_attrs(conn, pub_nos) if maintained else []
            writes.write_holders(conn, merge_holders(batch.holders))
            writes.write_named(conn, Label.INVENTOR, dedupe_last(batch.inventors, lambda r: r.key))
            writes.write_named(conn, Label.TECHNOLOGY, smallest_names(batch.technologies))
            writes.write_patents(conn, patents)
            writes.write_technology_links(conn, batch.technology_links)
            writes.write_chain_links(conn, batch.chain_links)
            writes.write_events(conn, dedupe_last(batch.events, lambda r: r.event_id))
            if maintained:
                counts.record_write(conn, before, pub_nos)
        logger.debug("embedded: upserted %d patents", len(patents))

    # -- reads
    def stats(self) -> StoreStats:
        nodes = {label.value: self._rows(sql)[0][0] for label, sql in COUNT_NODES.items()}
        rels = {rel.value: self._rows(sql)[0][0] for rel, sql in COUNT_RELS.items()}
        return StoreStats(store=self.name, nodes=nodes, relationships=rels)

    def data_cutoff(self) -> DataCutoff:
        # one max() per subquery: SQLite answers a lone max() from the column's index
        app, pub, grant = self._rows(
            "SELECT (SELECT max(app_date) FROM patent), (SELECT max(pub_date) FROM patent), "
            "(SELECT max(grant_date) FROM patent)"
        )[0]
        return DataCutoff(app, pub, grant)

    def get_patent(self, pub_no: str) -> PatentFact | None:
        facts = list(self.patent_facts(PatentFilter(pub_nos=(pub_no,)), limit=1))
        return facts[0] if facts else None

    def get_holder(self, key: str) -> HolderView | None:
        rows = self._rows(
            "SELECT key, name, holder_type, type_reason, aliases, is_sme, sme_reason, region_code, "
            "(SELECT count(*) FROM (SELECT src FROM rel_applied_by WHERE dst = h.key "
            "UNION SELECT src FROM rel_held_by WHERE dst = h.key)) FROM holder h WHERE key = ?",
            (key,),
        )
        if not rows:
            return None
        k, name, holder_type, reason, aliases, is_sme, sme_reason, region, count = rows[0]
        return HolderView(
            k,
            name,
            HolderType(holder_type),
            reason,
            tuple(sorted(json.loads(aliases))),
            _opt_bool(is_sme),
            sme_reason,
            region,
            count,
        )

    def existing_pub_nos(self, pub_nos: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for part in chunks(list(pub_nos), CHUNK):
            found.update(
                row[0]
                for row in self._rows(
                    "SELECT pub_no FROM patent WHERE pub_no IN (SELECT value FROM json_each(?))",
                    (json.dumps(part),),
                )
            )
        return found

    def matching_pub_nos(self, flt: PatentFilter, limit: int | None = None) -> list[str]:
        where, params = patent_where(flt)
        sql = "SELECT p.pub_no FROM patent p WHERE " + where + " ORDER BY p.pub_no"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [row[0] for row in self._rows(sql, params)]

    def patent_facts(self, flt: PatentFilter, limit: int | None = None) -> Iterator[PatentFact]:
        """Patents matching the filter, ordered by pub_no, hydrated in chunks."""
        for part in chunks(self.matching_pub_nos(flt, limit), CHUNK):
            yield from hydrate.patent_facts(self._rows, list(part))

    def facet_counts(self, facets: Sequence[Facet], flt: PatentFilter) -> list[FacetCount]:
        """From the patent-count table when it answers the request exactly, else a patent scan."""
        check_facet_request(facets)
        cells = patent_counts.plan(facets, flt)
        with self._lock:
            if cells is not None and counts.is_current(self._conn):  # out of date in a first load
                return sort_facet_counts(counts.facet_counts(self._conn, cells))
        return self.scan_facet_counts(facets, flt)

    def scan_facet_counts(self, facets: Sequence[Facet], flt: PatentFilter) -> list[FacetCount]:
        """Counted from the patents themselves (the definition the count table must agree with)."""
        sql, params = facet_query(facets, flt)
        rows = self._rows(sql, params)
        return sort_facet_counts(FacetCount(values=tuple(row[:-1]), count=row[-1]) for row in rows if row[-1])

    def rebuild_patent_counts(self) -> None:
        """Recount the patent-count table from the patents (idempotent)."""
        with self._transaction() as conn:
            counts.rebuild(conn)

    def match_terms(
        self, terms: Sequence[str], flt: PatentFilter, limit: int = MAX_TERM_MATCHES
    ) -> list[TermMatch]:
        needles = normalise_terms(terms)
        where, params = patent_where(flt)
        token_sql = (
            "SELECT p.pub_no FROM patent_fts f JOIN patent p ON p.id = f.rowid "
            "WHERE patent_fts MATCH ? AND " + where
        )
        tech_sql = (
            "SELECT p.pub_no FROM rel_mentions t JOIN patent p ON p.pub_no = t.src WHERE t.dst = ? AND "
            + where
        )
        hits: dict[str, set[str]] = {}
        for needle, originals in needles.items():
            rows = self._rows(token_sql, ['"' + encode_fts_token(needle) + '"', *params])
            rows += self._rows(tech_sql, [needle, *params])
            for (pub_no,) in rows:
                hits.setdefault(pub_no, set()).update(originals)
        ranked = sorted(hits.items(), key=lambda item: (-len(item[1]), item[0]))
        return [TermMatch(pub_no, tuple(sorted(matched))) for pub_no, matched in ranked[:limit]]

    def term_document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        needles = normalise_terms(terms)
        result: dict[str, int] = {term: 0 for term in terms}
        for needle, originals in needles.items():
            count = self._rows(
                "SELECT count(*) FROM (SELECT rowid AS id FROM patent_fts WHERE patent_fts MATCH ? "
                "UNION SELECT p.id FROM rel_mentions t JOIN patent p ON p.pub_no = t.src WHERE t.dst = ?)",
                ('"' + encode_fts_token(needle) + '"', needle),
            )[0][0]
            result.update((term, count) for term in originals)
        result["*"] = self._rows("SELECT count(*) FROM patent")[0][0]
        return result

    def patent_texts(self, flt: PatentFilter) -> Iterator[PatentText]:
        where, params = patent_where(flt)
        rows = self._rows(
            "SELECT p.pub_no, p.title, p.abstract, (SELECT json_group_array(DISTINCT h.holder_type) "
            "FROM holder h WHERE h.key IN (SELECT dst FROM rel_held_by WHERE src = p.pub_no "
            "UNION SELECT dst FROM rel_applied_by WHERE src = p.pub_no)) "
            "FROM patent p WHERE " + where + " ORDER BY p.pub_no",
            params,
        )
        for pub_no, title, abstract, types in rows:
            yield PatentText(pub_no, title, abstract, tuple(sorted(HolderType(t) for t in json.loads(types))))

    def events(self, flt: EventFilter) -> list[EventFact]:
        where, params = event_where(flt)
        rows = self._rows(f"SELECT {hydrate.EVENT_COLUMNS} FROM legal_event e WHERE " + where, params)
        return sorted(hydrate.event_facts(self._rows, rows), key=event_sort_key)

    def chain_nodes(self, chain: str | None = None) -> list[ChainNodeRecord]:
        rows = self._rows(
            "SELECT key, chain, name, position, parent, ipc_codes, keywords, supplies_to FROM chain_node "
            "WHERE ? IS NULL OR chain = ? ORDER BY key",
            (chain, chain),
        )
        return [
            ChainNodeRecord(
                key,
                ch,
                name,
                ChainPosition(pos),
                parent,
                tuple(json.loads(ipc)),
                tuple(json.loads(kw)),
                tuple(json.loads(sup)),
            )
            for key, ch, name, pos, parent, ipc, kw, sup in rows
        ]

    def neighbourhood(self, label: str, key: str, depth: int = 1, limit: int = 100) -> Subgraph:
        check_subgraph_request(label, depth, limit)
        start = self._rows(NODE_EXISTS[Label(label)], (key,))
        if not start:
            raise NotFoundError(f"{label} {key!r} not found (节点不存在)")
        start_view = NodeView(node_id(label, key), label, key, str(start[0][1]))

        def expand(frontier: list[str]) -> list[Hop]:
            with self._lock:
                return expand_nodes(self._conn, frontier)

        return bounded_subgraph(start_view, depth, limit, expand)
