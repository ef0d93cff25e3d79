"""SQL predicates of the embedded store: a ``PatentFilter`` / ``EventFilter`` / facet list
becomes a conjunction of constant fragments with ``?`` placeholders (lists travel as one JSON
parameter through ``json_each``), so no data ever enters the SQL text.
"""

# SQL text here is composed only from constant fragments and enum-derived table names;
# data always travels as ? parameters, so the string-building warning does not apply.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Sequence

from graph.models import EventFilter, Facet, PatentFilter

Params = list[object]

_IN = "(SELECT value FROM json_each(?))"
_PREFIX = "substr(p.region_code, 1, ?) = ?"


def _region_any(prefixes: Sequence[str], params: Params) -> str:
    """One constant ``substr`` test per prefix (cheaper per row than a json_each subquery)."""
    for prefix in prefixes:
        params.extend([len(prefix), prefix])
    return "(" + " OR ".join([_PREFIX] * len(prefixes)) + ")"


def _j(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def patent_where(flt: PatentFilter) -> tuple[str, Params]:
    """WHERE clause over ``patent p`` (always valid, ``1=1`` when unconstrained)."""
    parts: list[str] = ["1=1"]
    params: Params = []
    if flt.region_prefixes:
        parts.append(_region_any(flt.region_prefixes, params))
    # Key lists are uncorrelated IN subqueries: SQLite evaluates them once, through the dst
    # index; a correlated EXISTS re-reads the json_each list for every patent row (seconds
    # at 10k patents with a few hundred holder keys).
    if flt.chain_node_keys:
        parts.append("p.pub_no IN (SELECT m.src FROM rel_mapped_to m WHERE m.dst IN " + _IN + ")")
        params.append(_j(flt.chain_node_keys))
    if flt.chain is not None:
        parts.append(
            "p.pub_no IN (SELECT m.src FROM rel_mapped_to m JOIN chain_node c ON c.key = m.dst "
            "WHERE c.chain = ?)"
        )
        params.append(flt.chain)
    if flt.holder_types:
        parts.append(
            "EXISTS (SELECT 1 FROM rel_held_by hb JOIN holder h ON h.key = hb.dst "
            "WHERE hb.src = p.pub_no AND h.holder_type IN " + _IN + ")"
        )
        params.append(_j([t.value for t in flt.holder_types]))
    if flt.holder_keys:
        parts.append("p.pub_no IN (SELECT hb.src FROM rel_held_by hb WHERE hb.dst IN " + _IN + ")")
        params.append(_j(flt.holder_keys))
    if flt.patent_types:
        parts.append("p.patent_type IN " + _IN)
        params.append(_j([t.value for t in flt.patent_types]))
    if flt.valid_only:
        parts.append("p.is_valid = 1")
    if flt.app_year_from is not None:
        parts.append("p.app_year >= ?")
        params.append(flt.app_year_from)
    if flt.app_year_to is not None:
        parts.append("p.app_year <= ?")
        params.append(flt.app_year_to)
    if flt.pub_nos:
        parts.append("p.pub_no IN " + _IN)
        params.append(_j(flt.pub_nos))
    if flt.technology_keys:
        parts.append("p.pub_no IN (SELECT t.src FROM rel_mentions t WHERE t.dst IN " + _IN + ")")
        params.append(_j(flt.technology_keys))
    return " AND ".join(parts), params


def event_where(flt: EventFilter) -> tuple[str, Params]:
    """WHERE clause over ``legal_event e``; the region is the region of the event's patent."""
    parts: list[str] = ["1=1"]
    params: Params = []
    if flt.kinds:
        parts.append("e.kind IN " + _IN)
        params.append(_j([k.value for k in flt.kinds]))
    if flt.date_from is not None:
        parts.append("e.date >= ?")
        params.append(flt.date_from)
    if flt.date_to is not None:
        parts.append("e.date <= ?")
        params.append(flt.date_to)
    if flt.region_prefixes:
        region: Params = []
        parts.append(
            "EXISTS (SELECT 1 FROM patent p WHERE p.pub_no = e.pub_no AND "
            + _region_any(flt.region_prefixes, region)
            + ")"
        )
        params.extend(region)
    if flt.holder_keys:
        parts.append(
            "e.event_id IN (SELECT f.src FROM rel_from_party f WHERE f.dst IN " + _IN + " "
            "UNION SELECT t.src FROM rel_to_party t WHERE t.dst IN " + _IN + ")"
        )
        params.extend([_j(flt.holder_keys), _j(flt.holder_keys)])
    if flt.pub_nos:
        parts.append("e.pub_no IN " + _IN)
        params.append(_j(flt.pub_nos))
    return " AND ".join(parts), params


_ALIASES = ("f0", "f1", "f2", "f3", "f4", "f5")


def facet_query(facets: Sequence[Facet], flt: PatentFilter) -> tuple[str, Params]:
    """GROUP BY over the facets; multi-valued facets (chain node, holder type) join one row per value.

    CHAIN_NODE values are restricted to the filter's chain / chain nodes, HOLDER_TYPE values to
    the filter's holder types, when those are set; a patent with no (remaining) value has ``None``.
    """
    selects: list[str] = []
    joins: list[str] = []
    params: Params = []
    for alias, facet in zip(_ALIASES, facets, strict=False):
        expr, join, join_params = _facet_part(alias, facet, flt)
        selects.append(expr)
        if join:
            joins.append(join)
            params.extend(join_params)
    where, where_params = patent_where(flt)
    group_by = " GROUP BY " + ", ".join(str(i + 1) for i in range(len(selects))) if selects else ""
    columns = "".join(expr + ", " for expr in selects)
    sql = "SELECT " + columns + "count(*) FROM patent p " + " ".join(joins) + " WHERE " + where + group_by
    return sql, params + where_params


def _facet_part(alias: str, facet: Facet, flt: PatentFilter) -> tuple[str, str, Params]:
    if facet is Facet.PROVINCE:
        return "substr(p.region_code, 1, 2)", "", []
    if facet is Facet.CITY:
        return "substr(p.region_code, 1, 4)", "", []
    if facet is Facet.APP_YEAR:
        return "CAST(p.app_year AS TEXT)", "", []
    if facet is Facet.PATENT_TYPE:
        return "p.patent_type", "", []
    if facet is Facet.CHAIN_NODE:
        join = (
            "LEFT JOIN (SELECT m.src AS src, m.dst AS v FROM rel_mapped_to m "
            "JOIN chain_node c ON c.key = m.dst "
            "WHERE (? IS NULL OR c.chain = ?) AND (json_array_length(?) = 0 OR m.dst IN "
            + _IN
            + ")) "
            + alias
            + " ON "
            + alias
            + ".src = p.pub_no"
        )
        keys = _j(flt.chain_node_keys)
        return alias + ".v", join, [flt.chain, flt.chain, keys, keys]
    join = (
        "LEFT JOIN (SELECT DISTINCT hb.src AS src, h.holder_type AS v FROM rel_held_by hb "
        "JOIN holder h ON h.key = hb.dst WHERE json_array_length(?) = 0 OR h.holder_type IN "
        + _IN
        + ") "
        + alias
        + " ON "
        + alias
        + ".src = p.pub_no"
    )
    types = _j([t.value for t in flt.holder_types])
    return alias + ".v", join, [types, types]
