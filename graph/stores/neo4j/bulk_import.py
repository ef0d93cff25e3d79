"""A first load through ``neo4j-admin database import`` (批量首次导入): the same write steps as
the MERGE path (``rows.patent_batch_steps`` / ``reference_batch_steps``), applied to a graph
held here instead of sent to the server, then written as import CSVs (``import_csv``).

Each step's statement is read with the meaning it has in Cypher (``MERGE`` on the key, ``SET
+=`` where a null removes, ``MATCH`` skipping a missing end, the aliases union, the smallest
technology name, ``ON CREATE`` for IPC codes), so a graph imported from these files dumps
(``canonical_dump``) exactly as one loaded by ``UNWIND ... MERGE``; a statement without a
meaning here is an error, never silently dropped.

Patents and legal events are the bulk: they (and their outgoing links) go to the files at the
end of each batch and only their keys stay in memory. A first load meets each patent once
(the ingest runner drops duplicates of the run), so a second upsert of one is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import neo4j

from graph.errors import PatentnavError
from graph.models import PatentBatch, ReferenceBatch
from graph.schema import (
    NODE_KEYS,
    PATENT_LINKS,
    PATENT_REPLACED_RELS,
    Label,
    RelType,
    property_names,
    rel_property_names,
)
from graph.stores.neo4j import cypher
from graph.stores.neo4j.import_csv import ImportFile, ImportTables
from graph.stores.neo4j.rows import Step, patent_batch_steps, reference_batch_steps
from graph.stores.neo4j.store import Neo4jStore

STREAMED = frozenset({Label.PATENT, Label.LEGAL_EVENT})
STORE_LABEL = "PatentnavStore"  # the identity node of cypher.STORE_ID
NodeId = tuple[Label, str]
RelId = tuple[RelType, NodeId, NodeId]
Props = dict[str, Any]
COUNT_GRAPH_NODES = "MATCH (n) WHERE NOT n:PatentnavStore RETURN count(n) AS n"


class BulkImportError(PatentnavError):
    """A first load that cannot go through neo4j-admin import (message in Chinese)."""


def _set_props(target: Props, props: Mapping[str, Any]) -> None:
    """``SET x += $props``: a null removes the property."""
    for name, value in props.items():
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value


def _node_columns(label: Label) -> tuple[str, ...]:
    key = NODE_KEYS[label]
    extra = ("search_tokens",) if label is Label.PATENT else ()  # rows._patent_props
    return tuple(n for n in (*property_names(label), *extra) if n != key)


def _rel_columns(rel: RelType) -> tuple[str, ...]:
    return rel_property_names(rel)


def empty_list_steps(empty_lists: Mapping[tuple[str, str], list[str]]) -> list[Step]:
    """``SET n.p = []`` for the empty lists the import could not carry (label and property
    from the schema's closed names, keys as parameters)."""
    steps: list[Step] = []
    for (label_name, prop), keys in sorted(empty_lists.items()):
        label = Label(label_name)
        if prop not in _node_columns(label):
            raise BulkImportError(f"{label_name}.{prop}: 不在图模式中的属性 (not a schema property)")
        statement = f"UNWIND $keys AS k MATCH (n:{label.value} {{{NODE_KEYS[label]}: k}}) SET n.{prop} = []"
        steps.append((statement, "keys", keys))
    return steps


class ImportGraph:
    """The graph a first load builds, step by step, and its import files."""

    def __init__(self, directory: Path) -> None:
        self.tables = ImportTables(directory)
        self.nodes: dict[NodeId, Props] = {}  # kept labels: written at ``finish``
        self.rels: dict[RelId, Props] = {}
        self.out: dict[NodeId, set[RelId]] = {}  # kept links by start node (for the DELETE steps)
        self.streamed: set[NodeId] = set()  # patents and events already in the files
        self.batch_nodes: dict[NodeId, Props] = {}
        self.batch_rels: dict[RelId, Props] = {}
        self.handlers = self._handlers()

    # -- the statements' meaning
    def _handlers(self) -> dict[str, Callable[[list[Any]], None]]:
        h: dict[str, Callable[[list[Any]], None]] = {}
        for label, statement in cypher.UPSERT_NODE.items():
            h[statement] = partial(self._upsert, label)
        h[cypher.UPSERT_TECHNOLOGY] = self._upsert_technology
        h[cypher.UPSERT_HOLDER] = self._upsert_holder
        h[cypher.ENSURE_IPC] = self._ensure_ipc
        none: Callable[[Mapping[str, Any]], Props] = lambda row: {}  # noqa: E731
        own: Callable[[Mapping[str, Any]], Props] = lambda row: dict(row["props"])  # noqa: E731
        for label in cypher.PART_OF_LABELS:
            h[cypher.DELETE_PART_OF[label]] = partial(self._delete_out, label, "child", (RelType.PART_OF,))
            h[cypher.MERGE_PART_OF[label]] = partial(
                self._merge, RelType.PART_OF, (label, "child"), (label, "parent"), none
            )
        h[cypher.DELETE_SUPPLIES] = partial(self._delete_out, Label.CHAIN_NODE, "key", (RelType.SUPPLIES,))
        h[cypher.MERGE_SUPPLIES] = partial(
            self._merge, RelType.SUPPLIES, (Label.CHAIN_NODE, "src"), (Label.CHAIN_NODE, "dst"), none
        )
        h[cypher.MERGE_IN_INDUSTRY] = partial(
            self._merge,
            RelType.IN_INDUSTRY,
            (Label.IPC, "ipc"),
            (Label.INDUSTRY, "industry"),
            lambda row: {"source": row["source"]},
        )
        h[cypher.DELETE_HOLDER_LOCATED_IN] = partial(
            self._delete_out, Label.HOLDER, "key", (RelType.LOCATED_IN,)
        )
        h[cypher.MERGE_HOLDER_LOCATED_IN] = partial(
            self._merge, RelType.LOCATED_IN, (Label.HOLDER, "key"), (Label.REGION, "region"), own
        )
        h[cypher.DELETE_PATENT_LINKS] = self._delete_patent_links
        for rel, target in PATENT_LINKS.items():
            h[cypher.MERGE_PATENT_LINK[rel]] = partial(
                self._merge, rel, (Label.PATENT, "pub_no"), (target, "target"), own
            )
        h[cypher.DELETE_EVENT_LINKS] = self._delete_event_links
        for rel, statement in cypher.MERGE_PARTY.items():
            h[statement] = partial(
                self._merge, rel, (Label.LEGAL_EVENT, "event_id"), (Label.HOLDER, "key"), own
            )
        return h

    def apply(self, steps: Iterable[Step]) -> None:
        for statement, _param, rows in steps:
            handler = self.handlers.get(statement)
            if handler is None:
                raise BulkImportError(f"批量导入不认识这条写入语句 (no import meaning): {statement[:80]}")
            handler(rows)

    def _live(self, node: NodeId) -> Props | None:
        """The node's properties if it exists now (a streamed one of an earlier batch: refused)."""
        if node[0] in STREAMED:
            if node in self.streamed:
                raise BulkImportError(
                    f"{node[0].value} {node[1]} 在多个批次中出现: 批量首次导入要求每件只写一次 "
                    "(written twice; load it with MERGE instead)"
                )
            return self.batch_nodes.get(node)
        return self.nodes.get(node)

    def _exists(self, node: NodeId) -> bool:
        return node in self.streamed or self._live(node) is not None

    def _created(self, node: NodeId) -> Props:
        """MERGE on the key: the node's properties, created empty if new."""
        props = self._live(node)
        if props is None:
            props = {}
            (self.batch_nodes if node[0] in STREAMED else self.nodes)[node] = props
        return props

    def _upsert(self, label: Label, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            _set_props(self._created((label, row["key"])), row["props"])

    def _upsert_technology(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            props = self._created((Label.TECHNOLOGY, row["key"]))
            name = row["props"]["name"]
            if props.get("name") is None or name < props["name"]:
                props["name"] = name

    def _upsert_holder(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            props = self._created((Label.HOLDER, row["key"]))
            aliases = list(props.get("aliases") or [])
            _set_props(props, row["props"])
            props["aliases"] = aliases + [a for a in dict.fromkeys(row["aliases"]) if a not in aliases]

    def _ensure_ipc(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if self._live((Label.IPC, row["code"])) is None:
                self.nodes[(Label.IPC, row["code"])] = {
                    "level": "unknown",
                    "title_zh": "",
                    "main_group": row["main_group"],
                    "is_main_group": row["is_main_group"],
                }

    def _rels_of(self, start: NodeId) -> dict[RelId, Props]:
        return self.batch_rels if start[0] in STREAMED else self.rels

    def _merge(
        self,
        rel: RelType,
        start: tuple[Label, str],
        end: tuple[Label, str],
        props_of: Callable[[Mapping[str, Any]], Props],
        rows: list[dict[str, Any]],
    ) -> None:
        for row in rows:
            a, b = (start[0], row[start[1]]), (end[0], row[end[1]])
            if self._exists(a) and self._exists(b):  # MATCH both ends, else the row does nothing
                rid = (rel, a, b)
                if a[0] not in STREAMED:
                    self.out.setdefault(a, set()).add(rid)
                _set_props(self._rels_of(a).setdefault(rid, {}), props_of(row))

    def _delete_out(
        self, label: Label, field: str, types: tuple[RelType, ...], rows: list[dict[str, Any]]
    ) -> None:
        starts = {(label, row[field]) for row in rows}
        if label in STREAMED:
            for start in starts:
                self._live(start)  # refuses a streamed node of an earlier batch
            self._drop_batch(lambda rid: rid[0] in types and rid[1] in starts)
            return
        for start in starts:
            for rid in [rid for rid in self.out.get(start, ()) if rid[0] in types]:
                self.out[start].discard(rid)
                del self.rels[rid]

    def _delete_patent_links(self, pub_nos: list[str]) -> None:
        self._delete_out(Label.PATENT, "k", PATENT_REPLACED_RELS, [{"k": k} for k in pub_nos])

    def _delete_event_links(self, event_ids: list[str]) -> None:
        events = {(Label.LEGAL_EVENT, k) for k in event_ids}
        for event in events:
            self._live(event)
        parties = (RelType.FROM_PARTY, RelType.TO_PARTY)
        self._drop_batch(
            lambda rid: (
                (rid[0] in parties and rid[1] in events) or (rid[0] is RelType.HAS_EVENT and rid[2] in events)
            )
        )

    def _drop_batch(self, doomed: Callable[[RelId], bool]) -> None:
        """Links of this batch's patents and events (earlier ones are refused by ``_live``)."""
        for rid in [rid for rid in self.batch_rels if doomed(rid)]:
            del self.batch_rels[rid]

    # -- files
    def end_batch(self) -> None:
        """Patents and events of the batch, and their outgoing links, go to the files."""
        for node, props in self.batch_nodes.items():
            self._write_node(node, props)
            self.streamed.add(node)
        for rid, props in self.batch_rels.items():
            self._write_rel(rid, props)
        self.batch_nodes.clear()
        self.batch_rels.clear()

    def finish(self, store_id: str) -> list[ImportFile]:
        """Every other node and link, the store's identity node; the files to import."""
        self.end_batch()
        for node, props in self.nodes.items():
            self._write_node(node, props)
        for rid, props in self.rels.items():
            self._write_rel(rid, props)
        self.tables.plain_node(STORE_LABEL, {"name": "store", "id": store_id})
        return self.tables.close()

    def _write_node(self, node: NodeId, props: Props) -> None:
        label, key = node
        self.tables.node(label.value, NODE_KEYS[label], key, props, _node_columns(label))

    def _write_rel(self, rid: RelId, props: Props) -> None:
        rel, (a_label, a_key), (b_label, b_key) = rid
        self.tables.relationship(
            rel.value, (a_label.value, a_key), (b_label.value, b_key), props, _rel_columns(rel)
        )


class ImportStagingStore(Neo4jStore):
    """The Neo4j store of a first load by import: writes build the import files, reads go to
    the (empty) database, schema waits for the import. ``finish`` returns the files."""

    name = "neo4j"

    def __init__(self, driver: neo4j.Driver, database: str, directory: Path) -> None:
        super().__init__(driver, database)
        self.graph = ImportGraph(directory)
        self.patent_count = 0

    def graph_node_count(self) -> int:
        """Nodes of the graph in the database (the identity node not counted)."""
        return int(self._read(COUNT_GRAPH_NODES)[0]["n"])

    def ensure_schema(self) -> None:
        """Deferred: constraints and indexes are built after the import (``ensure_schema``)."""

    def upsert_reference(self, batch: ReferenceBatch) -> None:
        self.graph.apply(reference_batch_steps(batch))

    def upsert_patents(self, batch: PatentBatch) -> None:
        self.graph.apply(patent_batch_steps(batch))
        self.graph.end_batch()

    def existing_pub_nos(self, pub_nos: Any) -> set[str]:
        """Patents written to the files so far (the database itself is empty)."""
        return {k for k in pub_nos if (Label.PATENT, k) in self.graph.streamed}

    def finish(self) -> list[ImportFile]:
        return self.graph.finish(self.store_id())


class ImportedStore(Neo4jStore):
    """The Neo4j store just after the import: ``complete`` does what the import cannot."""

    def complete(self, empty_lists: Mapping[tuple[str, str], list[str]]) -> None:
        """Constraints, indexes and full-text as ``ensure_schema``; then the empty lists."""
        self.ensure_schema()
        self._write_steps(empty_list_steps(empty_lists))
