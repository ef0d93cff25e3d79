"""One breadth-first step of the embedded store's ``neighbourhood`` (邻域子图).

For each frontier node, every relationship table where its label can be the source or the
target is read; the neighbour's display name comes from its node table.
"""

# SQL text here is composed only from constant fragments and enum-derived table names;
# data always travels as ? parameters, so the string-building warning does not apply.
# ruff: noqa: S608

from __future__ import annotations

import sqlite3

from graph.models import NodeView
from graph.schema import Label, RelType
from graph.stores.common import Hop, node_id
from graph.stores.embedded.sql import NODE_EXISTS, REL_ENDPOINTS, REL_TABLES

# Relationship tables with a src_label column (several source labels).
_LABELLED_SOURCE = {RelType.LOCATED_IN, RelType.PART_OF}


def _queries(label: Label) -> list[tuple[RelType, bool, str, Label | None]]:
    """(rel type, node is source, SQL returning neighbour keys, neighbour label or None = same)."""
    out: list[tuple[RelType, bool, str, Label | None]] = []
    for rel, (source, target) in REL_ENDPOINTS.items():
        table = REL_TABLES[rel]
        if rel is RelType.PART_OF:
            if label in (Label.IPC, Label.INDUSTRY, Label.REGION, Label.CHAIN_NODE):
                out.append((rel, True, f"SELECT dst FROM {table} WHERE src_label = ? AND src = ?", label))
                out.append((rel, False, f"SELECT src FROM {table} WHERE src_label = ? AND dst = ?", label))
            continue
        if rel is RelType.LOCATED_IN:
            if label in (Label.PATENT, Label.HOLDER):
                out.append((rel, True, f"SELECT dst FROM {table} WHERE src_label = ? AND src = ?", target))
            if label is Label.REGION:
                out.append(
                    (rel, False, f"SELECT src_label, src FROM {table} WHERE ? <> '' AND dst = ?", None)
                )
            continue
        if source is label:
            out.append((rel, True, f"SELECT dst FROM {table} WHERE ? <> '' AND src = ?", target))
        if target is label:
            out.append((rel, False, f"SELECT src FROM {table} WHERE ? <> '' AND dst = ?", source))
    return out


_EXPANSIONS = {label: _queries(label) for label in Label}


def expand_nodes(conn: sqlite3.Connection, frontier: list[str]) -> list[Hop]:
    hops: list[Hop] = []
    names: dict[str, NodeView] = {}
    for node in frontier:
        label_text, key = node.split(":", 1)
        label = Label(label_text)
        for rel, outgoing, sql, other in _EXPANSIONS[label]:
            for row in conn.execute(sql, (label.value, key)):
                other_label = Label(row[0]) if other is None else other
                other_key = row[-1]
                view = names.get(node_id(other_label.value, other_key))
                if view is None:
                    view = _view(conn, other_label, other_key)
                    names[view.id] = view
                source, target = (node, view.id) if outgoing else (view.id, node)
                hops.append(Hop(source=source, target=target, rel_type=rel.value, neighbour=view))
    return hops


def _view(conn: sqlite3.Connection, label: Label, key: str) -> NodeView:
    row = conn.execute(NODE_EXISTS[label], (key,)).fetchone()
    name = "" if row is None or row[1] is None else str(row[1])
    return NodeView(id=node_id(label.value, key), label=label.value, key=key, name=name)
