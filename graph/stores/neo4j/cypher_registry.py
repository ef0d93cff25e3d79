"""Cypher of holder lookup, full-text search and the demand registry (查询与需求库), as constants.

Labels, relationship types and keys come from ``graph.schema``; data travels as parameters.
"""

from __future__ import annotations

from graph.demand_records import MatchKind
from graph.schema import DEMAND_REPLACED_RELS, NAME_PROPERTY, NODE_KEYS, Label, RelType

HOLDERS_NAMED = (
    "CALL () { MATCH (h:Holder {key: $key}) RETURN h UNION MATCH (h:Holder {name: $name}) RETURN h } "
    "RETURN h.key AS key ORDER BY key"
)
HOLDERS_ALIASED = "MATCH (h:Holder) WHERE $name IN h.aliases RETURN h.key AS key ORDER BY key"
HOLDER_REFS = (
    "UNWIND $keys AS k MATCH (h:Holder {key: k}) RETURN h.key AS key, h.name AS name, "
    "h.holder_type AS holder_type, h.is_sme AS is_sme, h.region_code AS region_code ORDER BY key"
)
HOLDER_NAMES = "MATCH (h:Holder) RETURN h.key AS key, h.name AS name, h.aliases AS aliases ORDER BY key"
SEARCH_TITLES = (
    "UNWIND $pub_nos AS k MATCH (p:Patent {pub_no: k}) "
    "RETURN p.pub_no AS pub_no, p.title AS title, p.app_date AS app_date"
)

_DEMAND_KEY = NODE_KEYS[Label.DEMAND]
DELETE_DEMAND_LINKS = (
    f"UNWIND $rows AS row MATCH (d:Demand {{{_DEMAND_KEY}: row.key}})"
    f"-[r:{'|'.join(rel.value for rel in DEMAND_REPLACED_RELS)}]->() DELETE r"
)
MERGE_DEMAND_LINK: dict[RelType, str] = {
    rel: f"UNWIND $rows AS row MATCH (d:Demand {{{_DEMAND_KEY}: row.key}}) "
    f"MATCH (t:{target.value} {{{NODE_KEYS[target]}: row.target}}) MERGE (d)-[:{rel.value}]->(t)"
    for rel, target in DEMAND_REPLACED_RELS.items()
}
GET_DEMAND = f"MATCH (d:Demand {{{_DEMAND_KEY}: $key}}) RETURN d {{.*}} AS d"
DEMANDS = (
    "MATCH (d:Demand) WHERE $status IS NULL OR d.status = $status "
    f"RETURN d {{.*}} AS d ORDER BY d.created, d.{_DEMAND_KEY}"
)

CANDIDATE_RELS = {MatchKind.PATENT: RelType.CANDIDATE_PATENT, MatchKind.HOLDER: RelType.CANDIDATE_HOLDER}
_CANDIDATE_TARGETS = {MatchKind.PATENT: Label.PATENT, MatchKind.HOLDER: Label.HOLDER}
MERGE_CANDIDATE: dict[MatchKind, str] = {
    kind: f"UNWIND $rows AS row MATCH (d:Demand {{{_DEMAND_KEY}: row.key}}) "
    f"MATCH (t:{_CANDIDATE_TARGETS[kind].value} {{{NODE_KEYS[_CANDIDATE_TARGETS[kind]]}: row.target}}) "
    f"MERGE (d)-[r:{rel.value}]->(t) "
    "ON CREATE SET r.first_run = row.run, r.first_seen = row.seen "
    "SET r.score = row.score, r.rank = row.rank, r.holder_key = row.holder_key, "
    "r.last_run = row.run, r.last_seen = row.seen"
    for kind, rel in CANDIDATE_RELS.items()
}
ADD_MATCH_RUN = (
    f"UNWIND $rows AS row MATCH (d:Demand {{{_DEMAND_KEY}: row.key}}) "
    "SET d.match_runs = CASE WHEN row.run IN d.match_runs THEN d.match_runs ELSE d.match_runs + row.run END"
)
DEMAND_MATCHES: dict[MatchKind, str] = {
    kind: f"MATCH (d:Demand {{{_DEMAND_KEY}: $key}})-[r:{rel.value}]->(t:{_CANDIDATE_TARGETS[kind].value}) "
    f"RETURN t.{NODE_KEYS[_CANDIDATE_TARGETS[kind]]} AS target, t.{NAME_PROPERTY[_CANDIDATE_TARGETS[kind]]} "
    "AS name, r {.*} AS r"
    for kind, rel in CANDIDATE_RELS.items()
}
