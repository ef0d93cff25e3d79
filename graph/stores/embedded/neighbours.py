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
from graph.schema import RELATIONSHIPS, Label, RelType
from graph.stores.common import Hop, node_id
from graph.stores.embedded.sql import NODE_EXISTS, REL_TABLES


def _queries(label: Label) -> list[tuple[RelType, bool, str, Label | None]]:
    """(rel type, node is source, SQL returning neighbour keys, neighbour label or None = in the row).

    Every query takes (label, key); tables without a src_label column ignore the label.
    """
    out: list[tuple[RelType, bool, str, Label | None]] = []
    for rel, spec in RELATIONSHIPS.items():
        table = REL_TABLES[rel]
        if not spec.labelled_source:
            source, target = spec.sources[0], spec.target
            if source is label:
                out.append((rel, True, f"SELECT dst FROM {table} WHERE ? <> '' AND src = ?", target))
            if target is label:
                out.append((rel, False, f"SELECT src FROM {table} WHERE ? <> '' AND dst = ?", source))
            continue
        if label in spec.sources:
            out.append(
                (rel, True, f"SELECT dst FROM {table} WHERE src_label = ? AND src = ?", spec.target or label)
            )
            if spec.target is None:  # the same label at both ends (PART_OF)
                out.append((rel, False, f"SELECT src FROM {table} WHERE src_label = ? AND dst = ?", label))
        if spec.target is label:
            out.append((rel, False, f"SELECT src_label, src FROM {table} WHERE ? <> '' AND dst = ?", None))
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
