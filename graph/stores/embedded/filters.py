"""SQL predicates of the embedded store: a ``PatentFilter`` / ``EventFilter`` / facet list
becomes a conjunction of constant fragments with ``?`` placeholders (lists travel as one JSON
parameter through ``json_each``), so no data ever enters the SQL text.
"""

# SQL text here is composed only from constant fragments and enum-derived table names;
# data always travels as ? parameters, so the string-building warning does not apply.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import fields
from enum import StrEnum
from typing import Any

from graph.codes.regions import CITY_DIGITS, PROVINCE_DIGITS
from graph.models import EventFilter, Facet, PatentFilter
from graph.stores.common import is_set

Params = list[object]

_IN = "(SELECT value FROM json_each(?))"
_PREFIX = "substr(p.region_code, 1, ?) = ?"


_RANGE = "p.region_code >= ? AND p.region_code < ? AND "


def _region_any(prefixes: Sequence[str], params: Params) -> str:
    """One constant ``substr`` test per prefix (cheaper per row than a json_each subquery),
    behind a range on the code that the ``patent_region`` index answers: without it SQLite
    walks all patents in pub_no order (4.6 s for one province of a million, 0.2 s with it)."""
    tests = []
    for prefix in prefixes:
        if prefix:  # the codes starting with the prefix sort between it and its successor
            params.extend([prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)])
        params.extend([len(prefix), prefix])
        tests.append(("(" + _RANGE + _PREFIX + ")") if prefix else _PREFIX)
    return "(" + " OR ".join(tests) + ")"


def _j(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _enum_values(values: Sequence[StrEnum]) -> str:
    return _j([v.value for v in values])


# (set field value, params to extend, the whole filter) -> SQL condition
Translate = Callable[[Any, Params, Any], str]


def _param(sql: str, encode: Callable[[Any], object] = lambda value: value) -> Translate:
    """A condition with one ``?`` taking the field's (encoded) value."""

    def translate(value: Any, params: Params, _flt: Any) -> str:
        params.append(encode(value))
        return sql

    return translate


def _located(holder: str, prefixes: Sequence[str], params: Params) -> str:
    """The holder's own region code, else the patent's, lies in one of the prefixes (never NULL)."""
    code = f"coalesce({holder}.region_code, p.region_code, '')"
    for prefix in prefixes:
        params.extend([len(prefix), prefix])
    return "(" + " OR ".join([f"substr({code}, 1, ?) = ?"] * len(prefixes)) + ")"


def _holders_located(outside: bool) -> Translate:
    def translate(prefixes: Sequence[str], params: Params, _flt: Any) -> str:
        test = _located("h", prefixes, params)
        return (
            "EXISTS (SELECT 1 FROM rel_held_by hb JOIN holder h ON h.key = hb.dst "
            f"WHERE hb.src = p.pub_no AND {'NOT ' if outside else ''}{test})"
        )

    return translate


def _mapped_with_confidence(minimum: float, params: Params, flt: PatentFilter) -> str:
    """Mapped to the filter's nodes (or chain, or any node) at or above ``minimum``."""
    params.append(minimum)
    sql = "p.pub_no IN (SELECT m.src FROM rel_mapped_to m WHERE m.confidence >= ?"
    if flt.chain_node_keys:  # the dst index, not a scan of every mapping
        params.append(_j(flt.chain_node_keys))
        sql += " AND m.dst IN " + _IN
    if flt.chain:
        params.append(flt.chain)
        sql += " AND m.dst IN (SELECT c.key FROM chain_node c WHERE c.chain = ?)"
    return sql + ")"


def _region_of_event(prefixes: Sequence[str], params: Params, _flt: Any) -> str:
    return (
        "EXISTS (SELECT 1 FROM patent p WHERE p.pub_no = e.pub_no AND " + _region_any(prefixes, params) + ")"
    )


def _event_holders(keys: Sequence[str], params: Params, _flt: Any) -> str:
    params.extend([_j(keys), _j(keys)])
    return (
        "e.event_id IN (SELECT f.src FROM rel_from_party f WHERE f.dst IN " + _IN + " "
        "UNION SELECT t.src FROM rel_to_party t WHERE t.dst IN " + _IN + ")"
    )


# One translation per PatentFilter / EventFilter field: a field missing here fails the first
# query that sets it, and tests/unit/test_filter_translation.py checks both stores cover all.
# Key lists are uncorrelated IN subqueries: SQLite evaluates them once, through the dst index;
# a correlated EXISTS re-reads the json_each list for every patent row (seconds at 10k
# patents with a few hundred holder keys).
PATENT_CONDITIONS: dict[str, Translate] = {
    "region_prefixes": lambda prefixes, params, _flt: _region_any(prefixes, params),
    "chain_node_keys": _param(
        "p.pub_no IN (SELECT m.src FROM rel_mapped_to m WHERE m.dst IN " + _IN + ")", _j
    ),
    "chain": _param(
        "p.pub_no IN (SELECT m.src FROM rel_mapped_to m JOIN chain_node c ON c.key = m.dst WHERE c.chain = ?)"
    ),
    "holder_types": _param(
        "EXISTS (SELECT 1 FROM rel_held_by hb JOIN holder h ON h.key = hb.dst "
        "WHERE hb.src = p.pub_no AND h.holder_type IN " + _IN + ")",
        _enum_values,
    ),
    "holder_keys": _param("p.pub_no IN (SELECT hb.src FROM rel_held_by hb WHERE hb.dst IN " + _IN + ")", _j),
    "patent_types": _param("p.patent_type IN " + _IN, _enum_values),
    "valid_only": lambda _value, _params, _flt: "p.is_valid = 1",
    "app_year_from": _param("p.app_year >= ?"),
    "app_year_to": _param("p.app_year <= ?"),
    "pub_nos": _param("p.pub_no IN " + _IN, _j),
    "technology_keys": _param(
        "p.pub_no IN (SELECT t.src FROM rel_mentions t WHERE t.dst IN " + _IN + ")", _j
    ),
    "validity": _param(
        "(CASE WHEN p.is_valid = 1 THEN 'valid' WHEN p.is_valid = 0 THEN 'invalid' ELSE 'pending' END) IN "
        + _IN,
        _enum_values,
    ),
    "min_mapping_confidence": _mapped_with_confidence,
    "holders_outside": _holders_located(outside=True),
    "holders_within": _holders_located(outside=False),
    "event_kinds": _param(
        "p.pub_no IN (SELECT e.pub_no FROM legal_event e WHERE e.kind IN " + _IN + ")", _enum_values
    ),
}
EVENT_CONDITIONS: dict[str, Translate] = {
    "kinds": _param("e.kind IN " + _IN, _enum_values),
    "date_from": _param("e.date >= ?"),
    "date_to": _param("e.date <= ?"),
    "region_prefixes": _region_of_event,  # the region of the event's patent
    "holder_keys": _event_holders,  # either party
    "pub_nos": _param("e.pub_no IN " + _IN, _j),
}


def _where(flt: PatentFilter | EventFilter, conditions: dict[str, Translate]) -> tuple[str, Params]:
    parts: list[str] = ["1=1"]
    params: Params = []
    for field in fields(flt):
        value = getattr(flt, field.name)
        if is_set(value):
            parts.append(conditions[field.name](value, params, flt))
    return " AND ".join(parts), params


def patent_where(flt: PatentFilter) -> tuple[str, Params]:
    """WHERE clause over ``patent p`` (always valid, ``1=1`` when unconstrained)."""
    return _where(flt, PATENT_CONDITIONS)


def event_where(flt: EventFilter) -> tuple[str, Params]:
    """WHERE clause over ``legal_event e``; the region is the region of the event's patent."""
    return _where(flt, EVENT_CONDITIONS)


def facet_query(facets: Sequence[Facet], flt: PatentFilter) -> tuple[str, Params]:
    """GROUP BY over the facets; multi-valued facets (chain node, holder type) join one row per value.

    CHAIN_NODE values are restricted to the filter's chain / chain nodes, HOLDER_TYPE values to
    the filter's holder types, when those are set; a patent with no (remaining) value has ``None``.
    """
    selects: list[str] = []
    joins: list[str] = []
    params: Params = []
    for i, facet in enumerate(facets):
        expr, join, join_params = FACET_PARTS[facet](f"f{i}", flt)
        selects.append(expr)
        if join:
            joins.append(join)
            params.extend(join_params)
    where, where_params = patent_where(flt)
    group_by = " GROUP BY " + ", ".join(str(i + 1) for i in range(len(selects))) if selects else ""
    columns = "".join(expr + ", " for expr in selects)
    sql = "SELECT " + columns + "count(*) FROM patent p " + " ".join(joins) + " WHERE " + where + group_by
    return sql, params + where_params


FacetPart = Callable[[str, PatentFilter], tuple[str, str, Params]]  # (alias, filter) -> (value, join, params)


def _column(expr: str) -> FacetPart:
    return lambda _alias, _flt: (expr, "", [])


def _chain_node_part(alias: str, flt: PatentFilter) -> tuple[str, str, Params]:
    """The patent's chain nodes, restricted to the filter's chain, nodes and mapping confidence.

    Joined per patent through the (src, dst) key: a derived table of all mappings would be
    materialised whole for every request.
    """
    params: Params = []
    node = f"EXISTS (SELECT 1 FROM chain_node {alias}c WHERE {alias}c.key = {alias}.dst"
    if flt.chain:
        node += f" AND {alias}c.chain = ?"
        params.append(flt.chain)
    on = [f"{alias}.src = p.pub_no", node + ")"]
    if flt.chain_node_keys:
        on.append(f"{alias}.dst IN {_IN}")
        params.append(_j(flt.chain_node_keys))
    if flt.min_mapping_confidence is not None:
        on.append(f"{alias}.confidence >= ?")
        params.append(flt.min_mapping_confidence)
    return f"{alias}.dst", f"LEFT JOIN rel_mapped_to {alias} ON " + " AND ".join(on), params


def _holder_type_part(alias: str, flt: PatentFilter) -> tuple[str, str, Params]:
    join = (
        "LEFT JOIN (SELECT DISTINCT hb.src AS src, h.holder_type AS v FROM rel_held_by hb "
        f"JOIN holder h ON h.key = hb.dst WHERE json_array_length(?) = 0 OR h.holder_type IN {_IN}) "
        f"{alias} ON {alias}.src = p.pub_no"
    )
    types = _enum_values(flt.holder_types)
    return alias + ".v", join, [types, types]


def _holder_part(alias: str, flt: PatentFilter) -> tuple[str, str, Params]:
    """The patent's current holders meeting every holder condition of the filter."""
    holder = f"{alias}h"
    params: Params = []
    conditions = []
    if flt.holder_types:
        conditions.append(f"{holder}.holder_type IN {_IN}")
        params.append(_enum_values(flt.holder_types))
    if flt.holder_keys:
        conditions.append(f"{holder}.key IN {_IN}")
        params.append(_j(flt.holder_keys))
    if flt.holders_outside:
        conditions.append("NOT " + _located(holder, flt.holders_outside, params))
    if flt.holders_within:
        conditions.append(_located(holder, flt.holders_within, params))
    # a correlated EXISTS in the ON clause: a parenthesised join here is materialised whole
    test = (
        f" AND EXISTS (SELECT 1 FROM holder {holder} WHERE {holder}.key = {alias}.dst AND "
        + " AND ".join(conditions)
        + ")"
        if conditions
        else ""
    )
    return f"{alias}.dst", f"LEFT JOIN rel_held_by {alias} ON {alias}.src = p.pub_no{test}", params


FACET_PARTS: dict[Facet, FacetPart] = {
    Facet.CHAIN_NODE: _chain_node_part,
    Facet.PROVINCE: _column(f"substr(p.region_code, 1, {PROVINCE_DIGITS})"),
    Facet.CITY: _column(f"substr(p.region_code, 1, {CITY_DIGITS})"),
    Facet.APP_YEAR: _column("CAST(p.app_year AS TEXT)"),
    Facet.HOLDER_TYPE: _holder_type_part,
    Facet.PATENT_TYPE: _column("p.patent_type"),
    Facet.HOLDER: _holder_part,
}
