"""Every Cypher statement of the Neo4j store, as constants with ``$parameters``.

Labels, relationship types and key properties are interpolated only from the closed enums
in ``graph.schema`` when this module is imported; data always travels as parameters.
Writes are ``UNWIND $rows AS row MERGE ...`` batches.
"""

from __future__ import annotations

from functools import lru_cache

from graph.codes.regions import CITY_DIGITS, PROVINCE_DIGITS
from graph.models import Facet
from graph.schema import (
    NAME_PROPERTY,
    NODE_KEYS,
    PATENT_LINKS,
    PATENT_REPLACED_RELS,
    RELATIONSHIPS,
    Label,
    RelType,
)
from graph.stores.neo4j.filters import (
    HOLDER_IN_OUTSIDE,
    HOLDER_IN_WITHIN,
    Shape,
    match_events,
    match_patents,
    patent_conditions,
)
from graph.stores.properties import EVENT_FACT_PROPERTIES, HOLDER_REF_PROPERTIES, PATENT_FACT_PROPERTIES

FULLTEXT_INDEX = "patent_tokens"

# ----------------------------------------------------------------------------- schema

CONSTRAINTS: tuple[str, ...] = tuple(
    f"CREATE CONSTRAINT {label.value.lower()}_{key}_unique IF NOT EXISTS "
    f"FOR (n:{label.value}) REQUIRE n.{key} IS UNIQUE"
    for label, key in NODE_KEYS.items()
)
_INDEXED: tuple[tuple[Label, str], ...] = (
    (Label.PATENT, "app_year"),
    (Label.PATENT, "app_date"),
    (Label.PATENT, "pub_date"),  # the data cut-off: the latest date is an index seek
    (Label.PATENT, "grant_date"),
    (Label.PATENT, "region_code"),
    (Label.PATENT, "patent_type"),
    (Label.PATENT, "is_valid"),
    (Label.HOLDER, "holder_type"),
    (Label.HOLDER, "name"),  # holder lookup by name
    (Label.LEGAL_EVENT, "kind"),
    (Label.LEGAL_EVENT, "date"),
    (Label.LEGAL_EVENT, "pub_no"),
    (Label.CHAIN_NODE, "chain"),
    (Label.INDUSTRY, "scheme"),
)
INDEXES: tuple[str, ...] = (
    *(
        f"CREATE INDEX {label.value.lower()}_{prop} IF NOT EXISTS FOR (n:{label.value}) ON (n.{prop})"
        for label, prop in _INDEXED
    ),
    # The main group of an IPC node: one seek on both properties (written from graph.codes.ipc).
    "CREATE INDEX ipc_main_group_node IF NOT EXISTS FOR (n:IPC) ON (n.main_group, n.is_main_group)",
    # Whitespace analyzer: tokens are pre-segmented, so a query term matches whole tokens only.
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Patent) ON EACH [n.search_tokens] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}",
)
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"
# Relationships first, then nodes, each in bounded transactions: DETACH DELETE of 10,000 nodes
# that include hubs (a region, an IPC class) with ~100k links each exceeded the transaction
# memory pool on a 100k-patent graph (MemoryPoolOutOfMemoryError in the query bench).
CLEAR = (
    "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
    "MATCH (n) WHERE NOT n:PatentnavStore CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS",
)
# The database's identity: one node outside the graph's labels (not counted, not dumped).
STORE_ID = "MERGE (s:PatentnavStore {name: 'store'}) ON CREATE SET s.id = $id RETURN s.id AS id"

# ----------------------------------------------------------------------------- reference writes

# Every node upsert: MERGE on the label's key (graph.schema), then its properties.
UPSERT_NODE: dict[Label, str] = {
    label: f"UNWIND $rows AS row MERGE (n:{label.value} {{{key}: row.key}}) SET n += row.props"
    for label, key in NODE_KEYS.items()
    if label is not Label.HOLDER
}
# a technology keeps the smallest display name ever written (graph.stores.common)
UPSERT_TECHNOLOGY = (
    "UNWIND $rows AS row MERGE (n:Technology {key: row.key}) "
    "SET n.name = CASE WHEN n.name IS NULL OR row.props.name < n.name THEN row.props.name ELSE n.name END"
)
ENSURE_IPC = (
    "UNWIND $rows AS row MERGE (n:IPC {code: row.code}) "
    "ON CREATE SET n.level = 'unknown', n.title_zh = '', n.main_group = row.main_group, "
    "n.is_main_group = row.is_main_group"
)
PART_OF_LABELS = RELATIONSHIPS[RelType.PART_OF].sources
DELETE_PART_OF: dict[Label, str] = {
    label: f"UNWIND $rows AS row MATCH (c:{label.value} {{{NODE_KEYS[label]}: row.child}})"
    f"-[r:{RelType.PART_OF.value}]->() DELETE r"
    for label in PART_OF_LABELS
}
MERGE_PART_OF: dict[Label, str] = {
    label: f"UNWIND $rows AS row MATCH (c:{label.value} {{{NODE_KEYS[label]}: row.child}}) "
    f"MATCH (p:{label.value} {{{NODE_KEYS[label]}: row.parent}}) MERGE (c)-[:{RelType.PART_OF.value}]->(p)"
    for label in PART_OF_LABELS
}
DELETE_SUPPLIES = "UNWIND $rows AS row MATCH (c:ChainNode {key: row.key})-[r:SUPPLIES]->() DELETE r"
MERGE_SUPPLIES = (
    "UNWIND $rows AS row MATCH (a:ChainNode {key: row.src}) MATCH (b:ChainNode {key: row.dst}) "
    "MERGE (a)-[:SUPPLIES]->(b)"
)
MERGE_IN_INDUSTRY = (
    "UNWIND $rows AS row MATCH (i:IPC {code: row.ipc}) MATCH (d:Industry {code: row.industry}) "
    "MERGE (i)-[r:IN_INDUSTRY]->(d) SET r.source = row.source"
)

# ----------------------------------------------------------------------------- patent writes

UPSERT_HOLDER = (
    "UNWIND $rows AS row MERGE (h:Holder {key: row.key}) SET h += row.props, "
    "h.aliases = reduce(acc = coalesce(h.aliases, []), a IN row.aliases | "
    "CASE WHEN a IN acc THEN acc ELSE acc + a END)"
)
DELETE_HOLDER_LOCATED_IN = "UNWIND $rows AS row MATCH (h:Holder {key: row.key})-[r:LOCATED_IN]->() DELETE r"
MERGE_HOLDER_LOCATED_IN = (
    "UNWIND $rows AS row MATCH (h:Holder {key: row.key}) MATCH (g:Region {code: row.region}) "
    "MERGE (h)-[r:LOCATED_IN]->(g) SET r += row.props"
)
# The outgoing sets a patent upsert replaces (no stale links after a corrected row).
DELETE_PATENT_LINKS = (
    "UNWIND $pub_nos AS k MATCH (p:Patent {pub_no: k})"
    f"-[r:{'|'.join(rel.value for rel in PATENT_REPLACED_RELS)}]->() DELETE r"
)
MERGE_PATENT_LINK: dict[RelType, str] = {
    rel: f"UNWIND $rows AS row MATCH (p:Patent {{pub_no: row.pub_no}}) "
    f"MATCH (t:{label.value} {{{NODE_KEYS[label]}: row.target}}) MERGE (p)-[r:{rel.value}]->(t) "
    "SET r += row.props"
    for rel, label in PATENT_LINKS.items()
}
DELETE_EVENT_LINKS = (
    "UNWIND $ids AS k MATCH (e:LegalEvent {event_id: k}) "
    "CALL (e) { MATCH (e)-[r:FROM_PARTY|TO_PARTY]->() DELETE r } "
    "CALL (e) { MATCH ()-[r:HAS_EVENT]->(e) DELETE r }"
)
MERGE_PARTY: dict[RelType, str] = {
    rel: "UNWIND $rows AS row MATCH (e:LegalEvent {event_id: row.event_id}) MATCH (h:Holder {key: row.key}) "
    f"MERGE (e)-[r:{rel.value}]->(h) SET r += row.props"
    for rel in (RelType.FROM_PARTY, RelType.TO_PARTY)
}

# ----------------------------------------------------------------------------- reads

# One round trip; each branch is answered from Neo4j's count store (a count grouped by
# constant columns would scan the label instead, hence the WITH).
STATS = " UNION ALL ".join(
    [
        *(
            f"MATCH (n:{label.value}) WITH count(n) AS n RETURN 'node' AS kind, '{label.value}' AS name, n"
            for label in Label
        ),
        *(
            f"MATCH ()-[r:{rel.value}]->() WITH count(r) AS n RETURN 'rel' AS kind, '{rel.value}' AS name, n"
            for rel in RelType
        ),
    ]
)


@lru_cache(maxsize=512)
def filtered_pub_nos_query(active: Shape) -> str:
    """Publication numbers of the patents a filter of this shape selects, in order, up to ``$limit``."""
    return f"{match_patents(active)} RETURN p.pub_no AS pub_no ORDER BY pub_no LIMIT $limit"


@lru_cache(maxsize=64)
def patent_texts_query(active: Shape) -> str:
    """Title, abstract and holder types of the patents a filter of this shape selects, in order."""
    return (
        f"{match_patents(active)} RETURN p.pub_no AS pub_no, p.title AS title, p.abstract AS abstract, "
        "COLLECT { MATCH (p)-[:HELD_BY|APPLIED_BY]->(h:Holder) RETURN DISTINCT h.holder_type } "
        "AS holder_types "
        "ORDER BY pub_no"
    )


_HOLDER_MAP = "h {" + ", ".join(f".{name}" for name in HOLDER_REF_PROPERTIES) + "}"
# Only what a PatentFact holds: claims and token strings would triple the bytes sent per patent.
_PATENT_MAP = "p {" + ", ".join(f".{name}" for name in PATENT_FACT_PROPERTIES) + "}"
# The main group of i: the IPC node with i's main group that is a main group (both properties are
# derived from the code by graph.codes.ipc when written), one seek on the composite index.
PATENT_FACTS = f"""
UNWIND $pub_nos AS k MATCH (p:Patent {{pub_no: k}})
RETURN {_PATENT_MAP} AS p,
  COLLECT {{ MATCH (p)-[:CLASSIFIED_AS]->(i:IPC) RETURN i.code }} AS ipc_codes,
  COLLECT {{ MATCH (p)-[:HELD_BY]->(h:Holder) RETURN {_HOLDER_MAP} }} AS holders,
  COLLECT {{ MATCH (p)-[r:MAPPED_TO]->(c:ChainNode) RETURN [c.key, r.confidence] }} AS chain_nodes,
  COLLECT {{ MATCH (p)-[:MENTIONS]->(t:Technology) RETURN t.key }} AS technologies,
  COLLECT {{ MATCH (p)-[:CLASSIFIED_AS]->(:IPC)-[:IN_INDUSTRY]->(d:Industry {{scheme: 'sei'}})
             RETURN d.code }}
  + COLLECT {{ MATCH (p)-[:CLASSIFIED_AS]->(i:IPC)
               MATCH (c:IPC {{main_group: i.main_group, is_main_group: true}})
               MATCH (c)-[:IN_INDUSTRY]->(d:Industry {{scheme: 'sei'}})
               RETURN d.code }} AS sei_codes
"""
_EVENT_RETURN = f"""
RETURN {", ".join(f"e.{name} AS {name}" for name in EVENT_FACT_PROPERTIES)},
  COLLECT {{ MATCH (e)-[:FROM_PARTY]->(h:Holder) RETURN {_HOLDER_MAP} }} AS from_holders,
  COLLECT {{ MATCH (e)-[:TO_PARTY]->(h:Holder) RETURN {_HOLDER_MAP} }} AS to_holders
"""
EVENTS_OF_PATENTS = "UNWIND $pub_nos AS k MATCH (e:LegalEvent {pub_no: k}) " + _EVENT_RETURN


@lru_cache(maxsize=128)
def events_query(active: Shape) -> str:
    """The legal events an event filter of this shape selects, with their parties."""
    return match_events(active) + _EVENT_RETURN


GET_HOLDER = """
MATCH (h:Holder {key: $key})
RETURN h {.*} AS h, size(COLLECT { MATCH (p:Patent)-[:APPLIED_BY|HELD_BY]->(h) RETURN DISTINCT p }) AS n
"""
EXISTING_PUB_NOS = "UNWIND $pub_nos AS k MATCH (p:Patent {pub_no: k}) RETURN p.pub_no AS pub_no"
CHAIN_NODES = "MATCH (c:ChainNode) WHERE $chain IS NULL OR c.chain = $chain RETURN c {.*} AS c ORDER BY c.key"
COUNT_PATENTS = "MATCH (p:Patent) RETURN count(p) AS n"
# Latest of each date by an index-backed ORDER BY ... LIMIT 1 (max() would read every patent).
DATA_CUTOFF = (
    " ".join(
        f"CALL () {{ OPTIONAL MATCH (p:Patent) WHERE p.{prop} IS NOT NULL "
        f"RETURN p.{prop} AS {name} ORDER BY p.{prop} DESC LIMIT 1 }}"
        for prop, name in (("app_date", "app"), ("pub_date", "pub"), ("grant_date", "granted"))
    )
    + " RETURN app, pub, granted"
)


@lru_cache(maxsize=256)
def match_terms_query(active: Shape) -> str:
    """(needle, pub_no) pairs: full-text token hits and MENTIONS links, both under the filter."""
    keep = f"WITH needle, p {patent_conditions(active)} RETURN needle.needle AS needle, p.pub_no AS pub_no"
    return (
        "UNWIND $needles AS needle "
        f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', needle.lucene) YIELD node AS p {keep} UNION "
        f"UNWIND $needles AS needle MATCH (p:Patent)-[:MENTIONS]->(:Technology {{key: needle.needle}}) {keep}"
    )


TERM_FREQUENCIES = f"""
UNWIND $needles AS needle
CALL (needle) {{
  CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', needle.lucene) YIELD node
  RETURN node AS p
  UNION
  MATCH (p:Patent)-[:MENTIONS]->(:Technology {{key: needle.needle}})
  RETURN p
}}
RETURN needle.needle AS needle, count(DISTINCT p) AS n
"""

# ----------------------------------------------------------------------------- neighbourhood

_KEY_CASE = (
    "CASE labels(m)[0] " + " ".join(f"WHEN '{lb.value}' THEN m.{k}" for lb, k in NODE_KEYS.items()) + " END"
)
_NAME_CASE = (
    "CASE labels(m)[0] "
    + " ".join(f"WHEN '{lb.value}' THEN m.{prop}" for lb, prop in NAME_PROPERTY.items())
    + " END"
)
NODE_NAME: dict[Label, str] = {
    label: f"MATCH (n:{label.value} {{{NODE_KEYS[label]}: $key}}) RETURN n.{NAME_PROPERTY[label]} AS name"
    for label in Label
}
EXPAND: dict[Label, str] = {
    label: f"UNWIND $keys AS k MATCH (n:{label.value} {{{NODE_KEYS[label]}: k}})-[r]-(m) "
    f"RETURN k AS key, type(r) AS rel, startNode(r) = n AS outgoing, labels(m)[0] AS label, "
    f"{_KEY_CASE} AS mkey, coalesce({_NAME_CASE}, '') AS mname"
    for label in Label
}

# ----------------------------------------------------------------------------- facets

_FACET_LISTS: dict[Facet, str] = {
    Facet.PROVINCE: f"[substring(p.region_code, 0, {PROVINCE_DIGITS})]",
    Facet.CITY: f"[substring(p.region_code, 0, {CITY_DIGITS})]",
    Facet.APP_YEAR: "[toString(p.app_year)]",
    Facet.PATENT_TYPE: "[p.patent_type]",
    Facet.CHAIN_NODE: "COLLECT { MATCH (p)-[m:MAPPED_TO]->(c:ChainNode) "
    "WHERE ($chain IS NULL OR c.chain = $chain) AND ($chain_nodes = [] OR c.key IN $chain_nodes) "
    "AND ($min_confidence IS NULL OR m.confidence >= $min_confidence) RETURN DISTINCT c.key }",
    Facet.HOLDER_TYPE: "COLLECT { MATCH (p)-[:HELD_BY]->(h:Holder) "
    "WHERE ($holder_types = [] OR h.holder_type IN $holder_types) RETURN DISTINCT h.holder_type }",
    Facet.HOLDER: "COLLECT { MATCH (p)-[:HELD_BY]->(h:Holder) "
    "WHERE ($holder_types = [] OR h.holder_type IN $holder_types) "
    "AND ($holder_keys = [] OR h.key IN $holder_keys) "
    f"AND ($holders_outside = [] OR NOT {HOLDER_IN_OUTSIDE}) "
    f"AND ($holders_within = [] OR {HOLDER_IN_WITHIN}) RETURN DISTINCT h.key }}",
}


@lru_cache(maxsize=256)
def facet_counts_query(facets: tuple[Facet, ...], active: Shape = frozenset()) -> str:
    """The facet-count statement for these facets under a filter of this shape (enum-built text)."""
    if not facets:
        return match_patents(active) + " RETURN count(p) AS n"
    lists = ", ".join(f"{_FACET_LISTS[f]} AS l{i}" for i, f in enumerate(facets))
    unwinds = " ".join(
        f"UNWIND (CASE WHEN size(l{i}) = 0 THEN [null] ELSE l{i} END) AS v{i}" for i in range(len(facets))
    )
    values = ", ".join(f"v{i}" for i in range(len(facets)))
    return f"{match_patents(active)} WITH p, {lists} {unwinds} RETURN {values}, count(DISTINCT p) AS n"
