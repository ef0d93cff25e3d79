"""Cypher shapes of a ``PatentFilter`` / ``EventFilter``: only the conditions a filter sets.

One catch-all ``WHERE ($x = [] OR ...)`` statement made Neo4j plan a label scan for every
question (its plan is cached per statement text, so it cannot depend on which parameters are
empty): 2-7 s per chain-gap report at 10k patents. Here the statement text depends on the
*shape* of the filter (which fields are set), a closed set of constant fragments; the most
selective set field becomes the entry point (an index seek or a walk from its nodes) and the
others stay conditions. Data still travels only as ``$parameters``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

Shape = frozenset[str]  # names of the filter parameters that constrain (see ``shape``)

_PATENT_CONDITIONS: dict[str, str] = {
    "regions": "any(pref IN $regions WHERE p.region_code STARTS WITH pref)",
    "chain_nodes": "EXISTS { MATCH (p)-[:MAPPED_TO]->(c:ChainNode) WHERE c.key IN $chain_nodes }",
    "chain": "EXISTS { MATCH (p)-[:MAPPED_TO]->(c:ChainNode) WHERE c.chain = $chain }",
    "holder_types": "EXISTS { MATCH (p)-[:HELD_BY]->(h:Holder) WHERE h.holder_type IN $holder_types }",
    "holder_keys": "EXISTS { MATCH (p)-[:HELD_BY]->(h:Holder) WHERE h.key IN $holder_keys }",
    "patent_types": "p.patent_type IN $patent_types",
    "valid_only": "p.is_valid = true",
    "year_from": "p.app_year >= $year_from",
    "year_to": "p.app_year <= $year_to",
    "pub_nos": "p.pub_no IN $pub_nos",
    "technology_keys": "EXISTS { MATCH (p)-[:MENTIONS]->(t:Technology) WHERE t.key IN $technology_keys }",
}
# Entry points, most selective first; each binds DISTINCT patents satisfying its own condition.
_PATENT_ENTRIES: tuple[tuple[str, str], ...] = (
    ("pub_nos", "UNWIND $pub_nos AS k MATCH (p:Patent {pub_no: k})"),
    ("holder_keys", "MATCH (h:Holder) WHERE h.key IN $holder_keys MATCH (p:Patent)-[:HELD_BY]->(h)"),
    ("chain_nodes", "MATCH (c:ChainNode) WHERE c.key IN $chain_nodes MATCH (p:Patent)-[:MAPPED_TO]->(c)"),
    (
        "technology_keys",
        "MATCH (t:Technology) WHERE t.key IN $technology_keys MATCH (p:Patent)-[:MENTIONS]->(t)",
    ),
    # STARTS WITH one prefix at a time is a range seek on the region_code index.
    ("regions", "UNWIND $regions AS pref MATCH (p:Patent) WHERE p.region_code STARTS WITH pref"),
    ("chain", "MATCH (c:ChainNode {chain: $chain}) MATCH (p:Patent)-[:MAPPED_TO]->(c)"),
)

_EVENT_CONDITIONS: dict[str, str] = {
    "kinds": "e.kind IN $kinds",
    "date_from": "e.date >= $date_from",
    "date_to": "e.date <= $date_to",
    "pub_nos": "e.pub_no IN $pub_nos",
    "regions": "EXISTS { MATCH (p:Patent {pub_no: e.pub_no}) "
    "WHERE any(pref IN $regions WHERE p.region_code STARTS WITH pref) }",
    "holder_keys": "EXISTS { MATCH (e)-[:FROM_PARTY|TO_PARTY]->(h:Holder) WHERE h.key IN $holder_keys }",
}
_EVENT_ENTRIES: tuple[tuple[str, str], ...] = (
    ("pub_nos", "UNWIND $pub_nos AS k MATCH (e:LegalEvent {pub_no: k})"),
    (
        "holder_keys",
        "MATCH (h:Holder) WHERE h.key IN $holder_keys MATCH (e:LegalEvent)-[:FROM_PARTY|TO_PARTY]->(h)",
    ),
    (
        "regions",
        "UNWIND $regions AS pref MATCH (p:Patent) WHERE p.region_code STARTS WITH pref "
        "WITH DISTINCT p MATCH (e:LegalEvent {pub_no: p.pub_no})",
    ),
)


def shape(params: Mapping[str, Any]) -> Shape:
    """The parameters that constrain: not None, not an empty list, not False."""
    return frozenset(name for name, value in params.items() if value not in (None, [], False))


def _compose(
    variable: str, label: str, entries: tuple[tuple[str, str], ...], conditions: dict[str, str], active: Shape
) -> str:
    unknown = active - conditions.keys()
    if unknown:
        raise ValueError(f"not a filter parameter: {sorted(unknown)}")
    entry, rest = f"MATCH ({variable}:{label})", sorted(active)
    for name, text in entries:
        if name in active:
            entry, rest = f"{text} WITH DISTINCT {variable}", sorted(active - {name})
            break
    return f"{entry} {where(conditions, rest)}".rstrip()


def where(conditions: dict[str, str], names: list[str]) -> str:
    return ("WHERE " + " AND ".join(conditions[n] for n in names)) if names else ""


@lru_cache(maxsize=512)
def match_patents(active: Shape) -> str:
    """``... WITH DISTINCT p WHERE ...``: the patents of a filter of this shape, bound to ``p``."""
    return _compose("p", "Patent", _PATENT_ENTRIES, _PATENT_CONDITIONS, active)


@lru_cache(maxsize=512)
def patent_conditions(active: Shape) -> str:
    """``WHERE ...`` over an already bound ``p`` (to follow a ``WITH``), or "" when unconstrained."""
    return where(_PATENT_CONDITIONS, sorted(active))


@lru_cache(maxsize=128)
def match_events(active: Shape) -> str:
    """The legal events of an event filter of this shape, bound to ``e``."""
    return _compose("e", "LegalEvent", _EVENT_ENTRIES, _EVENT_CONDITIONS, active)
