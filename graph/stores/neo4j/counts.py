"""The Neo4j store's patent counts (``graph.stores.patent_counts``): ``PatentCount`` nodes, one
per cell, kept in the write transaction of every batch; statements and the cell query text.

Cypher text is built from constant fragments only; data travels as parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import neo4j

from graph.models import Facet, FacetCount
from graph.stores.common import chunks
from graph.stores.patent_counts import Cell, CellQuery, CountAttrs, deltas, tally

VERSION = 1
LABEL = "PatentCount"
SCHEMA = (
    f"CREATE CONSTRAINT patentcount_cell_unique IF NOT EXISTS FOR (c:{LABEL}) REQUIRE c.cell IS UNIQUE",
    # nulls are not indexed: the level is a property so 'all patents' cells are one seek too
    f"CREATE INDEX patentcount_level IF NOT EXISTS FOR (c:{LABEL}) ON (c.level, c.chain)",
    f"CREATE INDEX patentcount_node IF NOT EXISTS FOR (c:{LABEL}) ON (c.node)",
)
IS_CURRENT = "MATCH (s:PatentnavStore {name: 'store'}) RETURN s.patent_counts_version AS v"
MARK_CURRENT = (
    "MERGE (s:PatentnavStore {name: 'store'}) ON CREATE SET s.id = $id SET s.patent_counts_version = $v"
)
DELETE_ALL = f"MATCH (c:{LABEL}) CALL (c) {{ DELETE c }} IN TRANSACTIONS OF 10000 ROWS"
_ATTR_RETURN = (
    "RETURN p.pub_no AS pub_no, p.region_code AS region_code, p.app_year AS app_year, "
    "p.patent_type AS patent_type, p.is_valid AS is_valid, "
    "COLLECT { MATCH (p)-[:MAPPED_TO]->(c:ChainNode) RETURN [c.chain, c.key] } AS nodes"
)
READ_ATTRS = "UNWIND $pub_nos AS pub MATCH (p:Patent {pub_no: pub}) " + _ATTR_RETURN
ALL_ATTRS = "MATCH (p:Patent) " + _ATTR_RETURN
APPLY = (
    f"UNWIND $rows AS r MERGE (c:{LABEL} {{cell: r.cell}}) "
    "ON CREATE SET c.level = r.level, c.chain = r.chain, c.node = r.node, c.region4 = r.region4, "
    "c.app_year = r.app_year, c.patent_type = r.patent_type, c.validity = r.validity, c.n = 0 "
    "SET c.n = c.n + r.n WITH c WHERE c.n = 0 DELETE c"
)
ROWS_PER_STATEMENT = 5000


def level_of(cell: Cell) -> str:
    return "all" if cell.chain is None else "chain" if cell.node is None else "node"


def attrs(records: Iterable[dict[str, Any]]) -> Iterator[CountAttrs]:
    for r in records:
        yield CountAttrs(
            pub_no=r["pub_no"],
            region_code=r["region_code"],
            app_year=r["app_year"],
            patent_type=r["patent_type"],
            is_valid=r["is_valid"],
            nodes=tuple((chain, key) for chain, key in r["nodes"]),
        )


def read_attrs(tx: neo4j.ManagedTransaction, pub_nos: list[str]) -> list[CountAttrs]:
    return list(attrs(record.data() for record in tx.run(READ_ATTRS, pub_nos=pub_nos)))


def apply(tx: neo4j.ManagedTransaction, change: dict[Cell, int]) -> None:
    rows = [{**cell.row(), "level": level_of(cell), "n": n} for cell, n in change.items()]
    for part in chunks(rows, ROWS_PER_STATEMENT):
        tx.run(APPLY, rows=list(part)).consume()


def record_write(tx: neo4j.ManagedTransaction, before: list[CountAttrs], pub_nos: list[str]) -> None:
    apply(tx, deltas(before, read_attrs(tx, pub_nos)))


MOVED_NODES = (
    f"MATCH (pc:{LABEL} {{level: 'node'}}) MATCH (c:ChainNode {{key: pc.node}}) "
    "WHERE pc.chain <> c.chain RETURN count(pc) > 0 AS moved"
)


def rebuild(session: neo4j.Session, store_id: str) -> None:
    """Recount every cell (idempotent): delete the cells, tally every patent, write in bounded
    transactions, then mark the counts current (a crash before the mark rebuilds again)."""
    session.run(MARK_CURRENT, id=store_id, v=0).consume()
    session.run(DELETE_ALL).consume()
    counted = list(tally(attrs(record.data() for record in session.run(ALL_ATTRS))).items())
    for part in chunks(counted, ROWS_PER_STATEMENT * 4):
        session.execute_write(apply, dict(part))
    session.run(MARK_CURRENT, id=store_id, v=VERSION).consume()


_FACET_VALUES: dict[Facet, str] = {
    Facet.CHAIN_NODE: "c.node",
    Facet.PROVINCE: "substring(c.region4, 0, 2)",
    Facet.CITY: "c.region4",
    Facet.APP_YEAR: "toString(c.app_year)",
    Facet.PATENT_TYPE: "c.patent_type",
}


def cell_query(q: CellQuery) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {"level": q.level, "validities": list(q.validities)}
    where = ["c.level = $level", "c.validity IN $validities"]
    if q.chain:
        where.append("c.chain = $chain")
        params["chain"] = q.chain
    if q.nodes:
        where.append("c.node IN $nodes")
        params["nodes"] = list(q.nodes)
    if q.region_prefixes:
        where.append("any(pref IN $regions WHERE c.region4 STARTS WITH pref)")
        params["regions"] = list(q.region_prefixes)
    if q.patent_types:
        where.append("c.patent_type IN $types")
        params["types"] = list(q.patent_types)
    if q.year_from is not None:
        where.append("c.app_year >= $year_from")
        params["year_from"] = q.year_from
    if q.year_to is not None:
        where.append("c.app_year <= $year_to")
        params["year_to"] = q.year_to
    values = "".join(f"{_FACET_VALUES[f]} AS v{i}, " for i, f in enumerate(q.facets))
    return f"MATCH (c:{LABEL}) WHERE " + " AND ".join(where) + f" RETURN {values}sum(c.n) AS n", params


def facet_counts(rows: list[dict[str, Any]], facets: int) -> list[FacetCount]:
    return [
        FacetCount(values=tuple(r[f"v{i}"] for i in range(facets)), count=int(r["n"])) for r in rows if r["n"]
    ]
