"""Read models of the embedded store (读取模型): patents and legal events with their links.

A chunk of publication numbers (or event rows) becomes ``PatentFact`` / ``EventFact`` objects
through one query per link kind, each over the chunk as one JSON parameter; the objects are
built by ``graph.stores.properties`` exactly as the Neo4j store builds them.
"""

# SQL text here is composed only from constant fragments and schema-derived column lists;
# data always travels as ? parameters, so the string-building warning does not apply.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from graph.models import EventFact, HolderRef, PatentFact
from graph.stores.common import chunks, holder_ref
from graph.stores.properties import (
    EVENT_FACT_PROPERTIES,
    HOLDER_REF_PROPERTIES,
    PATENT_FACT_PROPERTIES,
    event_fact,
    patent_fact,
)

Rows = Callable[[str, Sequence[object]], list[Any]]  # (sql, params) -> fetched rows

CHUNK = 500
_IN = "(SELECT value FROM json_each(?))"
HOLDER_COLUMNS = ", ".join(f"h.{name}" for name in HOLDER_REF_PROPERTIES)
EVENT_COLUMNS = ", ".join(EVENT_FACT_PROPERTIES)
_PATENT_COLUMNS = ", ".join(PATENT_FACT_PROPERTIES)
_IPC = "SELECT src, dst FROM rel_classified_as WHERE src IN " + _IN
_TECHNOLOGIES = "SELECT src, dst FROM rel_mentions WHERE src IN " + _IN
# SEI industries through the patent's codes, and through their main groups (graph.codes.ipc
# wrote main_group / is_main_group onto every IPC row).
_SEI = (
    "SELECT ca.src, ind.code FROM rel_classified_as ca JOIN rel_in_industry ii ON ii.src = ca.dst "
    "JOIN industry ind ON ind.code = ii.dst AND ind.scheme = 'sei' WHERE ca.src IN " + _IN + " UNION "
    "SELECT ca.src, ind.code FROM rel_classified_as ca JOIN ipc i ON i.code = ca.dst "
    "JOIN ipc c ON c.main_group = i.main_group AND c.is_main_group = 1 "
    "JOIN rel_in_industry ii ON ii.src = c.code JOIN industry ind ON ind.code = ii.dst "
    "AND ind.scheme = 'sei' WHERE ca.src IN " + _IN
)
_CHAIN_NODES = "SELECT src, dst, confidence FROM rel_mapped_to WHERE src IN " + _IN
_HOLDERS = (
    "SELECT hb.src, " + HOLDER_COLUMNS + " FROM rel_held_by hb JOIN holder h ON h.key = hb.dst "
    "WHERE hb.src IN " + _IN
)
_EVENTS = f"SELECT {EVENT_COLUMNS} FROM legal_event WHERE pub_no IN {_IN}"
_PATENTS = f"SELECT {_PATENT_COLUMNS} FROM patent WHERE pub_no IN {_IN} ORDER BY pub_no"
_PARTIES = {
    side: "SELECT r.src, " + HOLDER_COLUMNS + f" FROM {table} r JOIN holder h ON h.key = r.dst "
    "WHERE r.src IN " + _IN
    for side, table in (("from", "rel_from_party"), ("to", "rel_to_party"))
}


def _holder(row: Sequence[Any]) -> HolderRef:
    """A ``HOLDER_COLUMNS`` row as a holder reference."""
    return holder_ref(*row)


def _group(rows: Rows, sql: str, params: Sequence[object]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for src, *value in rows(sql, params):
        grouped.setdefault(src, []).append(value[0] if len(value) == 1 else tuple(value))
    return grouped


def patent_facts(rows: Rows, pub_nos: list[str]) -> list[PatentFact]:
    """The patents of one chunk of publication numbers, ordered by pub_no."""
    arg = (json.dumps(pub_nos, ensure_ascii=False),)
    ipc = _group(rows, _IPC, arg)
    technologies = _group(rows, _TECHNOLOGIES, arg)
    sei = _group(rows, _SEI, arg + arg)
    chain = _group(rows, _CHAIN_NODES, arg)
    holders: dict[str, list[HolderRef]] = {}
    for row in rows(_HOLDERS, arg):
        holders.setdefault(row[0], []).append(_holder(row[1:]))
    events: dict[str, list[EventFact]] = {}
    for fact in event_facts(rows, rows(_EVENTS, arg)):
        events.setdefault(fact.pub_no, []).append(fact)
    facts = []
    for row in rows(_PATENTS, arg):
        props = dict(zip(PATENT_FACT_PROPERTIES, row, strict=True))
        pub_no = props["pub_no"]
        facts.append(
            patent_fact(
                props,
                ipc_codes=ipc.get(pub_no, ()),
                holders=holders.get(pub_no, ()),
                chain_nodes=chain.get(pub_no, ()),
                sei_codes=sei.get(pub_no, ()),
                technologies=technologies.get(pub_no, ()),
                events=events.get(pub_no, ()),
            )
        )
    return facts


def event_facts(rows: Rows, event_rows: list[Any]) -> list[EventFact]:
    """``EVENT_COLUMNS`` rows as events with their parties (in the rows' order)."""
    parties: dict[tuple[str, str], list[HolderRef]] = {}
    for part in chunks([row[0] for row in event_rows], CHUNK):
        arg = (json.dumps(list(part), ensure_ascii=False),)
        for side, sql in _PARTIES.items():
            for row in rows(sql, arg):
                parties.setdefault((row[0], side), []).append(_holder(row[1:]))
    facts = []
    for row in event_rows:
        props = dict(zip(EVENT_FACT_PROPERTIES, row, strict=True))
        event_id = props["event_id"]
        facts.append(
            event_fact(props, parties.get((event_id, "from"), ()), parties.get((event_id, "to"), ()))
        )
    return facts
