"""`Neo4jStore`: the production store (Neo4j Community 5.26) through the official driver.

The caller passes its own ``neo4j.Driver`` (one per process) or uses ``from_settings``.
Every statement is a constant in ``graph.stores.neo4j.cypher``; writes are ``UNWIND $rows`` batches of
``BATCH_ROWS`` inside one managed write transaction per upsert call (the driver retries
transient errors, and the batch is idempotent so a retry is harmless); reads are managed
read transactions. Shared semantics are documented in ``graph.stores.common``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar

import neo4j
from neo4j import exceptions as neo4j_errors

from graph.errors import NotFoundError, StoreUnavailableError
from graph.models import (
    ChainNodeRecord,
    ChainPosition,
    DataCutoff,
    EventFact,
    EventFilter,
    Facet,
    FacetCount,
    HolderRef,
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
from graph.settings import Settings
from graph.store import MAX_TERM_MATCHES
from graph.stores import patent_counts
from graph.stores.common import (
    Hop,
    bounded_subgraph,
    check_facet_request,
    check_subgraph_request,
    chunks,
    event_sort_key,
    holder_ref,
    node_id,
    normalise_terms,
    sort_facet_counts,
)
from graph.stores.neo4j import counts, cypher, dump
from graph.stores.neo4j.driver import open_driver
from graph.stores.neo4j.filters import event_filter_params, filter_params, shape
from graph.stores.neo4j.registry import Neo4jRegistry
from graph.stores.neo4j.rows import patent_batch_steps, reference_batch_steps
from graph.stores.properties import event_fact, patent_fact

logger = logging.getLogger(__name__)
T = TypeVar("T")
BATCH_ROWS = 1000
HYDRATE_CHUNK = 500
NO_LIMIT = 2**62
_UNAVAILABLE = (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, neo4j_errors.AuthError)


def lucene_phrase(needle: str) -> str:
    """A Lucene query matching exactly one whitespace-analysed token (quotes and backslashes escaped)."""
    return '"' + needle.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _refs(items: list[dict[str, Any]]) -> list[HolderRef]:
    return [
        holder_ref(h["key"], h["name"], h["holder_type"], h.get("is_sme"), h.get("region_code"))
        for h in items
    ]


class Neo4jStore(Neo4jRegistry):
    """GraphStore over a Neo4j database (生产存储)."""

    name = "neo4j"

    def __init__(self, driver: neo4j.Driver, database: str, *, owns_driver: bool = False) -> None:
        self._driver = driver
        self._database = database
        self._owns_driver = owns_driver

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        """Open a driver from the settings, check it can connect, and own it (closed by ``close``)."""
        if not settings.neo4j_uri:
            raise StoreUnavailableError("Neo4j selected but PATENTNAV_NEO4J_URI is not set")
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        driver = open_driver(settings.neo4j_uri, (settings.neo4j_user, password), settings)
        try:
            driver.verify_connectivity()
        except (*_UNAVAILABLE, OSError, ValueError) as exc:
            driver.close()
            raise StoreUnavailableError(
                f"无法连接图存储 Neo4j ({settings.neo4j_uri}), 请确认数据库已启动 (unreachable): {exc}"
            ) from exc
        return cls(driver, settings.neo4j_database, owns_driver=True)

    # -- plumbing
    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self._database)

    def _guard(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except _UNAVAILABLE as exc:
            # the driver's text names hosts and sockets: logged for the operator, not answered
            logger.warning("Neo4j unavailable: %s", exc)
            raise StoreUnavailableError(
                "图存储 (Neo4j) 暂不可用: 连接中断或数据库未运行, 请稍后重试"
            ) from exc

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        def tx(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, params)]

        def work() -> list[dict[str, Any]]:
            with self._session() as session:
                return session.execute_read(tx)

        return self._guard(work)

    def _write_steps(self, steps: list[tuple[str, str, list[Any]]], counted: Sequence[str] = ()) -> None:
        """Run (statement, parameter name, rows) steps in one managed write transaction; the
        patent counts of the ``counted`` patents are updated in the same transaction."""

        def tx(tx: neo4j.ManagedTransaction) -> None:
            pub_nos = list(counted)
            before = counts.read_attrs(tx, pub_nos) if pub_nos else []
            for query, param, rows in steps:
                for part in chunks(rows, BATCH_ROWS):
                    tx.run(query, {param: list(part)}).consume()
            if pub_nos:
                counts.record_write(tx, before, pub_nos)

        def work() -> None:
            with self._session() as session:
                session.execute_write(tx)

        self._guard(work)

    # -- lifecycle and schema
    def ensure_schema(self) -> None:
        """One uniqueness constraint per NODE_KEYS entry, property indexes, the token full-text index."""

        def work() -> None:
            with self._session() as session:
                for statement in (*cypher.CONSTRAINTS, *cypher.INDEXES, *counts.SCHEMA, cypher.AWAIT_INDEXES):
                    session.run(statement).consume()
                current = session.run(counts.IS_CURRENT).data()
                if not current or current[0]["v"] != counts.VERSION:  # written before the counts existed
                    logger.info("neo4j: 正在建立专利计数 (PatentCount, 一次性)")
                    counts.rebuild(session, uuid.uuid4().hex)

        self._guard(work)

    def close(self) -> None:
        if self._owns_driver:
            self._driver.close()

    def store_id(self) -> str:
        """This database's identity (库标识): a node written once, kept by ``clear``; checkpoints
        are keyed by it, so a server back on another port or URI is still the same database."""
        rows = self._write_returning(cypher.STORE_ID, id=uuid.uuid4().hex)
        return str(rows[0]["id"])

    def canonical_dump(self) -> str:
        """All nodes and relationships as sorted lines, no run ids (``dump``): equal graphs, equal text."""
        return "\n".join(dump.canonical_lines(self._read(dump.DUMP_NODES), self._read(dump.DUMP_RELS))) + "\n"

    def _write_returning(self, query: str, **params: Any) -> list[dict[str, Any]]:
        def tx(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(query, params)]

        def work() -> list[dict[str, Any]]:
            with self._session() as session:
                return session.execute_write(tx)

        return self._guard(work)

    def clear(self) -> None:
        """Delete every node and relationship (tests and `patentnav reset` only)."""

        def work() -> None:
            with self._session() as session:
                for statement in cypher.CLEAR:
                    session.run(statement).consume()

        self._guard(work)

    # -- writes
    def upsert_reference(self, batch: ReferenceBatch) -> None:
        self._write_steps(reference_batch_steps(batch))
        if batch.chain_nodes and self._read(counts.MOVED_NODES)[0]["moved"]:
            self.rebuild_patent_counts()

    def first_load(self) -> AbstractContextManager[bool]:
        """Always False: a first load into Neo4j is ``patentnav ingest --bulk-import``."""
        return nullcontext(False)

    def upsert_patents(self, batch: PatentBatch) -> None:
        counted = sorted({p.pub_no for p in batch.patents} | {lk.pub_no for lk in batch.chain_links})
        self._write_steps(patent_batch_steps(batch), counted)
        logger.debug("neo4j: upserted %d patents", len(batch.patents))

    # -- reads
    def stats(self) -> StoreStats:
        rows = self._read(cypher.STATS)
        nodes = {r["name"]: r["n"] for r in rows if r["kind"] == "node"}
        rels = {r["name"]: r["n"] for r in rows if r["kind"] == "rel"}
        return StoreStats(store=self.name, nodes=nodes, relationships=rels)

    def data_cutoff(self) -> DataCutoff:
        row = self._read(cypher.DATA_CUTOFF)[0]
        return DataCutoff(row["app"], row["pub"], row["granted"])

    def get_patent(self, pub_no: str) -> PatentFact | None:
        facts = self._hydrate([pub_no])
        return facts[0] if facts else None

    def get_holder(self, key: str) -> HolderView | None:
        rows = self._read(cypher.GET_HOLDER, key=key)
        if not rows:
            return None
        h = rows[0]["h"]
        return HolderView(
            key=h["key"],
            name=h["name"],
            holder_type=HolderType(h["holder_type"]),
            type_reason=h["type_reason"],
            aliases=tuple(sorted(h.get("aliases") or [])),
            is_sme=h.get("is_sme"),
            sme_reason=h.get("sme_reason"),
            region_code=h.get("region_code"),
            patent_count=rows[0]["n"],
        )

    def existing_pub_nos(self, pub_nos: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for part in chunks(list(pub_nos), BATCH_ROWS):
            found.update(r["pub_no"] for r in self._read(cypher.EXISTING_PUB_NOS, pub_nos=list(part)))
        return found

    def matching_pub_nos(self, flt: PatentFilter, limit: int | None = None) -> list[str]:
        params = filter_params(flt)
        query = cypher.filtered_pub_nos_query(shape(params))
        return [r["pub_no"] for r in self._read(query, limit=NO_LIMIT if limit is None else limit, **params)]

    def patent_facts(self, flt: PatentFilter, limit: int | None = None) -> Iterator[PatentFact]:
        for part in chunks(self.matching_pub_nos(flt, limit), HYDRATE_CHUNK):
            yield from self._hydrate(list(part))

    def facet_counts(self, facets: Sequence[Facet], flt: PatentFilter) -> list[FacetCount]:
        """From the PatentCount cells when they answer the request exactly, else a patent scan."""
        check_facet_request(facets)
        cells = patent_counts.plan(facets, flt)
        if cells is None:
            return self.scan_facet_counts(facets, flt)
        query, params = counts.cell_query(cells)
        return sort_facet_counts(counts.facet_counts(self._read(query, **params), len(facets)))

    def rebuild_patent_counts(self) -> None:
        """Recount the PatentCount cells from the patents (idempotent)."""

        def work() -> None:
            with self._session() as session:
                counts.rebuild(session, uuid.uuid4().hex)

        self._guard(work)

    def scan_facet_counts(self, facets: Sequence[Facet], flt: PatentFilter) -> list[FacetCount]:
        """Counted from the patents themselves (the definition the cells must agree with)."""
        params = filter_params(flt)
        rows = self._read(cypher.facet_counts_query(tuple(facets), shape(params)), **params)
        counts = (
            FacetCount(values=tuple(row[f"v{i}"] for i in range(len(facets))), count=row["n"]) for row in rows
        )
        return sort_facet_counts(fc for fc in counts if fc.count)

    def match_terms(
        self, terms: Sequence[str], flt: PatentFilter, limit: int = MAX_TERM_MATCHES
    ) -> list[TermMatch]:
        needles = normalise_terms(terms)
        if not needles:
            return []
        params = filter_params(flt)
        query = cypher.match_terms_query(shape(params))
        rows = self._read(query, needles=self._needle_params(needles), **params)
        hits: dict[str, set[str]] = {}
        for row in rows:
            hits.setdefault(row["pub_no"], set()).update(needles[row["needle"]])
        ranked = sorted(hits.items(), key=lambda item: (-len(item[1]), item[0]))
        return [TermMatch(pub_no, tuple(sorted(matched))) for pub_no, matched in ranked[:limit]]

    def term_document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        needles = normalise_terms(terms)
        result: dict[str, int] = {term: 0 for term in terms}
        if needles:
            for row in self._read(cypher.TERM_FREQUENCIES, needles=self._needle_params(needles)):
                result.update((term, row["n"]) for term in needles[row["needle"]])
        result["*"] = self._read(cypher.COUNT_PATENTS)[0]["n"]
        return result

    @staticmethod
    def _needle_params(needles: dict[str, list[str]]) -> list[dict[str, str]]:
        return [{"needle": needle, "lucene": lucene_phrase(needle)} for needle in needles]

    def patent_texts(self, flt: PatentFilter) -> Iterator[PatentText]:
        params = filter_params(flt)
        for r in self._read(cypher.patent_texts_query(shape(params)), **params):
            types = tuple(sorted(HolderType(t) for t in set(r["holder_types"])))
            yield PatentText(r["pub_no"], r["title"], r["abstract"] or "", types)

    def events(self, flt: EventFilter) -> list[EventFact]:
        params = event_filter_params(flt)
        rows = self._read(cypher.events_query(shape(params)), **params)
        return sorted((self._event(row) for row in rows), key=event_sort_key)

    def chain_nodes(self, chain: str | None = None) -> list[ChainNodeRecord]:
        return [
            ChainNodeRecord(
                key=c["key"],
                chain=c["chain"],
                name=c["name"],
                position=ChainPosition(c["position"]),
                parent=c.get("parent"),
                ipc_codes=tuple(c.get("ipc_codes") or ()),
                keywords=tuple(c.get("keywords") or ()),
                supplies_to=tuple(c.get("supplies_to") or ()),
            )
            for c in (row["c"] for row in self._read(cypher.CHAIN_NODES, chain=chain))
        ]

    def neighbourhood(self, label: str, key: str, depth: int = 1, limit: int = 100) -> Subgraph:
        check_subgraph_request(label, depth, limit)
        rows = self._read(cypher.NODE_NAME[Label(label)], key=key)
        if not rows:
            raise NotFoundError(f"{label} {key!r} not found (节点不存在)")
        start = NodeView(node_id(label, key), label, key, str(rows[0]["name"] or ""))
        return bounded_subgraph(start, depth, limit, self._expand)

    def _expand(self, frontier: list[str]) -> list[Hop]:
        by_label: dict[str, list[str]] = {}
        for node in frontier:
            label, key = node.split(":", 1)
            by_label.setdefault(label, []).append(key)
        hops: list[Hop] = []
        for label, keys in by_label.items():
            for row in self._read(cypher.EXPAND[Label(label)], keys=keys):
                here = node_id(label, row["key"])
                view = NodeView(
                    node_id(row["label"], str(row["mkey"])), row["label"], str(row["mkey"]), row["mname"]
                )
                source, target = (here, view.id) if row["outgoing"] else (view.id, here)
                hops.append(Hop(source=source, target=target, rel_type=row["rel"], neighbour=view))
        return hops

    # -- hydration
    def _hydrate(self, pub_nos: list[str]) -> list[PatentFact]:
        rows = self._read(cypher.PATENT_FACTS, pub_nos=pub_nos)
        events: dict[str, list[EventFact]] = {}
        for row in self._read(cypher.EVENTS_OF_PATENTS, pub_nos=pub_nos):
            fact = self._event(row)
            events.setdefault(fact.pub_no, []).append(fact)
        facts = [self._patent(row, events.get(row["p"]["pub_no"], [])) for row in rows]
        return sorted(facts, key=lambda fact: fact.pub_no)

    @staticmethod
    def _patent(row: dict[str, Any], events: list[EventFact]) -> PatentFact:
        return patent_fact(
            row["p"],
            ipc_codes=row["ipc_codes"],
            holders=_refs(row["holders"]),
            chain_nodes=[(key, confidence) for key, confidence in row["chain_nodes"]],
            sei_codes=row["sei_codes"],
            technologies=row["technologies"],
            events=events,
        )

    @staticmethod
    def _event(row: dict[str, Any]) -> EventFact:
        return event_fact(row, _refs(row["from_holders"]), _refs(row["to_holders"]))
