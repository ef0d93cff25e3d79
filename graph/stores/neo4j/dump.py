"""Canonical dump of the Neo4j store (规范导出): every node and relationship as sorted JSON lines,
ends named by label and key, without the properties that name the run (``run_id``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from graph.stores.neo4j.cypher import NODE_KEYS

RUN_PROPERTIES = frozenset({"run_id"})
KEY_OF = {label.value: key for label, key in NODE_KEYS.items()}
DUMP_NODES = "MATCH (n) WHERE NOT n:PatentnavStore RETURN labels(n) AS labels, properties(n) AS props"
DUMP_RELS = (
    "MATCH (a)-[r]->(b) RETURN labels(a) AS a_labels, properties(a) AS a_props, type(r) AS type, "
    "properties(r) AS props, labels(b) AS b_labels, properties(b) AS b_props"
)


def _key(labels: list[str], props: dict[str, Any]) -> str:
    label = sorted(labels)[0]
    return f"{label}:{props.get(KEY_OF.get(label, ''))}"


def _props(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in RUN_PROPERTIES}


def canonical_lines(nodes: list[dict[str, Any]], rels: list[dict[str, Any]]) -> Iterator[str]:
    node_lines = sorted(
        f"{':'.join(sorted(r['labels']))}\t"
        + json.dumps(_props(r["props"]), ensure_ascii=False, sort_keys=True, default=str)
        for r in nodes
    )
    rel_lines = sorted(
        f"{r['type']}\t{_key(r['a_labels'], r['a_props'])}\t{_key(r['b_labels'], r['b_props'])}\t"
        + json.dumps(_props(r["props"]), ensure_ascii=False, sort_keys=True, default=str)
        for r in rels
    )
    yield from node_lines
    yield from rel_lines
