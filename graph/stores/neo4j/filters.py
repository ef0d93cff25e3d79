"""Cypher shapes of a ``PatentFilter`` / ``EventFilter``: only the conditions a filter sets.

One catch-all ``WHERE ($x = [] OR ...)`` statement made Neo4j plan a label scan for every
question (its plan is cached per statement text, so it cannot depend on which parameters are
empty): 2-7 s per chain-gap report at 10k patents. Here the statement text depends on the
*shape* of the filter (which fields are set), a closed set of constant fragments; the most
selective set field becomes the entry point (an index seek or a walk from its nodes) and the
others stay conditions. Data still travels only as ``$parameters``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from enum import StrEnum
from functools import lru_cache
from typing import Any

from graph.models import EventFilter, PatentFilter
from graph.stores.common import is_set

Shape = frozenset[str]  # names of the filter parameters that constrain (see ``shape``)


def _holder_located(param: str) -> str:
    """The holder ``h``'s own region code, else the patent's, starts with one of ``$param``."""
    return f"any(pref IN ${param} WHERE coalesce(h.region_code, p.region_code, '') STARTS WITH pref)"


HOLDER_IN_OUTSIDE = _holder_located("holders_outside")
HOLDER_IN_WITHIN = _holder_located("holders_within")
PATENT_CONDITIONS: dict[str, str] = {
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
    "validity": "(CASE p.is_valid WHEN true THEN 'valid' WHEN false THEN 'invalid' ELSE 'pending' END) "
    "IN $validity",
    "min_confidence": "EXISTS { MATCH (p)-[m:MAPPED_TO]->(c:ChainNode) WHERE m.confidence >= $min_confidence "
    "AND ($chain_nodes = [] OR c.key IN $chain_nodes) AND ($chain IS NULL OR c.chain = $chain) }",
    "holders_outside": "EXISTS { MATCH (p)-[:HELD_BY]->(h:Holder) WHERE NOT " + HOLDER_IN_OUTSIDE + " }",
    "holders_within": "EXISTS { MATCH (p)-[:HELD_BY]->(h:Holder) WHERE " + HOLDER_IN_WITHIN + " }",
    "event_kinds": "EXISTS { MATCH (p)-[:HAS_EVENT]->(e:LegalEvent) WHERE e.kind IN $event_kinds }",
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

EVENT_CONDITIONS: dict[str, str] = {
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


def _as_is(value: Any) -> Any:
    return value


def _values(values: Sequence[StrEnum]) -> list[str]:
    return [v.value for v in values]


# One Cypher parameter per PatentFilter / EventFilter field (name, encoding): a field missing
# here fails the first query, and tests/unit/test_filter_translation.py checks every field is
# translated here and in the embedded store, and every parameter has its condition.
ParamTable = dict[str, tuple[str, Callable[[Any], Any]]]  # field -> (Cypher parameter, encoding)
PATENT_PARAMS: ParamTable = {
    "region_prefixes": ("regions", list),
    "chain_node_keys": ("chain_nodes", list),
    "chain": ("chain", _as_is),
    "holder_types": ("holder_types", _values),
    "holder_keys": ("holder_keys", list),
    "patent_types": ("patent_types", _values),
    "valid_only": ("valid_only", _as_is),
    "app_year_from": ("year_from", _as_is),
    "app_year_to": ("year_to", _as_is),
    "pub_nos": ("pub_nos", list),
    "technology_keys": ("technology_keys", list),
    "validity": ("validity", _values),
    "min_mapping_confidence": ("min_confidence", _as_is),
    "holders_outside": ("holders_outside", list),
    "holders_within": ("holders_within", list),
    "event_kinds": ("event_kinds", _values),
}
EVENT_PARAMS: ParamTable = {
    "kinds": ("kinds", _values),
    "date_from": ("date_from", _as_is),
    "date_to": ("date_to", _as_is),
    "region_prefixes": ("regions", list),
    "holder_keys": ("holder_keys", list),
    "pub_nos": ("pub_nos", list),
}


def _params(
    flt: PatentFilter | EventFilter, table: dict[str, tuple[str, Callable[[Any], Any]]]
) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for field in fields(flt):
        name, encode = table[field.name]
        params[name] = encode(getattr(flt, field.name))
    return params


def filter_params(flt: PatentFilter) -> dict[str, Any]:
    """The Cypher parameters of a patent filter (every one present; ``shape`` says which constrain)."""
    return _params(flt, PATENT_PARAMS)


def event_filter_params(flt: EventFilter) -> dict[str, Any]:
    return _params(flt, EVENT_PARAMS)


def shape(params: Mapping[str, Any]) -> Shape:
    """The parameters that constrain: not None, not an empty list, not False."""
    return frozenset(name for name, value in params.items() if is_set(value))


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
    return _compose("p", "Patent", _PATENT_ENTRIES, PATENT_CONDITIONS, active)


@lru_cache(maxsize=512)
def patent_conditions(active: Shape) -> str:
    """``WHERE ...`` over an already bound ``p`` (to follow a ``WITH``), or "" when unconstrained."""
    return where(PATENT_CONDITIONS, sorted(active))


@lru_cache(maxsize=128)
def match_events(active: Shape) -> str:
    """The legal events of an event filter of this shape, bound to ``e``."""
    return _compose("e", "LegalEvent", _EVENT_ENTRIES, EVENT_CONDITIONS, active)
