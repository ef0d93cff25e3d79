"""Canonical dump of the Neo4j store (规范导出): every node and relationship as sorted JSON lines,
ends named by label and key, without the properties that name the run (``run_id``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from graph.stores.neo4j.cypher import NODE_KEYS

RUN_PROPERTIES = frozenset({"run_id"})
KEY_OF = {label.value: key for label, key in NODE_KEYS.items()}
META_LABEL = "PatentnavStore"  # the store's own marker node, not data
DUMP_NODES = "MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props"
# ends by element id, named from the node rows: returning both ends' properties per
# relationship shipped every patent's text once per link (33 s for the demo's reference data)
DUMP_RELS = (
    "MATCH (a)-[r]->(b) RETURN elementId(a) AS a, type(r) AS type, properties(r) AS props, elementId(b) AS b"
)


def _key(labels: list[str], props: dict[str, Any]) -> str:
    label = sorted(labels)[0]
    return f"{label}:{props.get(KEY_OF.get(label, ''))}"


def _props(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in RUN_PROPERTIES}


def canonical_lines(nodes: list[dict[str, Any]], rels: list[dict[str, Any]]) -> Iterator[str]:
    key_of = {r["id"]: _key(r["labels"], r["props"]) for r in nodes}
    node_lines = sorted(
        f"{':'.join(sorted(r['labels']))}\t"
        + json.dumps(_props(r["props"]), ensure_ascii=False, sort_keys=True, default=str)
        for r in nodes
        if META_LABEL not in r["labels"]
    )
    rel_lines = sorted(
        f"{r['type']}\t{key_of[r['a']]}\t{key_of[r['b']]}\t"
        + json.dumps(_props(r["props"]), ensure_ascii=False, sort_keys=True, default=str)
        for r in rels
    )
    yield from node_lines
    yield from rel_lines
