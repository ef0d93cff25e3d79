"""Parameter rows for the Neo4j store's ``UNWIND $rows`` writes (写入批次).

A batch becomes an ordered list of (statement, parameter name, rows) steps: nodes first,
then the deletion of the sets an upsert replaces, then the links (``MATCH`` skips a missing
target, as the embedded store's ``WHERE EXISTS`` does).
"""

from __future__ import annotations

from typing import Any

from graph.models import HolderRecord, PatentBatch, PatentRecord, ReferenceBatch
from graph.schema import Label, RelType
from graph.stores.common import classified_codes, dedupe_last, merge_holders, search_tokens, smallest_names
from graph.stores.neo4j import cypher
from graph.stores.properties import (
    Props,
    chain_node_properties,
    event_properties,
    holder_properties,
    industry_properties,
    ipc_code_properties,
    ipc_properties,
    patent_properties,
    provenance_props,
    region_properties,
)

Step = tuple[str, str, list[Any]]
UPSERT = cypher.UPSERT_NODE


def _node(key: str, props: Props) -> dict[str, Any]:
    return {"key": key, "props": props}


def _ipc_row(code: str) -> dict[str, Any]:
    return {"code": code, **ipc_code_properties(code)}


def reference_batch_steps(batch: ReferenceBatch) -> list[Step]:
    ipc = dedupe_last(batch.ipc, lambda r: r.code)
    industries = dedupe_last(batch.industries, lambda r: r.code)
    regions = dedupe_last(batch.regions, lambda r: r.code)
    nodes = dedupe_last(batch.chain_nodes, lambda r: r.key)
    parents = {
        Label.IPC: [(r.code, r.parent) for r in ipc],
        Label.INDUSTRY: [(r.code, r.parent) for r in industries],
        Label.REGION: [(r.code, r.parent) for r in regions],
        Label.CHAIN_NODE: [(r.key, r.parent) for r in nodes],
    }
    steps: list[Step] = [
        (UPSERT[Label.IPC], "rows", [_node(r.code, ipc_properties(r)) for r in ipc]),
        (UPSERT[Label.INDUSTRY], "rows", [_node(r.code, industry_properties(r)) for r in industries]),
        (UPSERT[Label.REGION], "rows", [_node(r.code, region_properties(r)) for r in regions]),
        (UPSERT[Label.CHAIN_NODE], "rows", [_node(r.key, chain_node_properties(r)) for r in nodes]),
    ]
    for label, pairs in parents.items():
        steps.append((cypher.DELETE_PART_OF[label], "rows", [{"child": c} for c, _ in pairs]))
        steps.append(
            (cypher.MERGE_PART_OF[label], "rows", [{"child": c, "parent": p} for c, p in pairs if p])
        )
    steps.append((cypher.DELETE_SUPPLIES, "rows", [{"key": r.key} for r in nodes]))
    steps.append(
        (cypher.MERGE_SUPPLIES, "rows", [{"src": r.key, "dst": d} for r in nodes for d in r.supplies_to])
    )
    links = batch.ipc_industry_links
    steps.append((cypher.ENSURE_IPC, "rows", [_ipc_row(c) for c in sorted({lk.ipc_code for lk in links})]))
    steps.append(
        (
            cypher.MERGE_IN_INDUSTRY,
            "rows",
            [{"ipc": lk.ipc_code, "industry": lk.industry_code, "source": lk.source} for lk in links],
        )
    )
    return [step for step in steps if step[2]]


def _patent_props(p: PatentRecord) -> Props:
    """The shared patent properties plus the full-text index's token string (Neo4j only)."""
    return patent_properties(p) | {"search_tokens": " ".join(search_tokens(p))}


def _holder_row(h: HolderRecord, aliases: tuple[str, ...]) -> dict[str, Any]:
    """Aliases are merged with the stored ones in Cypher, so they travel apart from the props."""
    props = holder_properties(h, aliases)
    return {"key": h.key, "aliases": props.pop("aliases"), "props": props}


def _link(pub_no: str, target: str, **props: Any) -> dict[str, Any]:
    return {"pub_no": pub_no, "target": target, "props": props}


def patent_batch_steps(batch: PatentBatch) -> list[Step]:
    holders = merge_holders(batch.holders)
    patents = dedupe_last(batch.patents, lambda r: r.pub_no)
    events = dedupe_last(batch.events, lambda r: r.event_id)
    steps: list[Step] = [
        (cypher.UPSERT_HOLDER, "rows", [_holder_row(h, aliases) for h, aliases in holders]),
        (cypher.DELETE_HOLDER_LOCATED_IN, "rows", [{"key": h.key} for h, _ in holders]),
        (
            cypher.MERGE_HOLDER_LOCATED_IN,
            "rows",
            [
                {"key": h.key, "region": h.region_code, "props": provenance_props(h.provenance)}
                for h, _ in holders
                if h.region_code
            ],
        ),
        (
            UPSERT[Label.INVENTOR],
            "rows",
            [_node(r.key, {"name": r.name}) for r in dedupe_last(batch.inventors, lambda r: r.key)],
        ),
        (
            cypher.UPSERT_TECHNOLOGY,
            "rows",
            [_node(r.key, {"name": r.name}) for r in smallest_names(batch.technologies)],
        ),
        (UPSERT[Label.PATENT], "rows", [_node(p.pub_no, _patent_props(p)) for p in patents]),
        (cypher.DELETE_PATENT_LINKS, "pub_nos", [p.pub_no for p in patents]),
        (
            cypher.ENSURE_IPC,
            "rows",
            [_ipc_row(c) for c in sorted({code for p in patents for code, _ in classified_codes(p)})],
        ),
    ]
    links: dict[RelType, list[dict[str, Any]]] = {rel: [] for rel in cypher.MERGE_PATENT_LINK}
    for p in patents:
        prov = provenance_props(p.provenance)
        links[RelType.APPLIED_BY] += [_link(p.pub_no, k, order=i, **prov) for i, k in enumerate(p.applicants)]
        links[RelType.HELD_BY] += [_link(p.pub_no, k, **prov) for k in p.holders]
        links[RelType.INVENTED_BY] += [_link(p.pub_no, k, **prov) for k in p.inventors]
        links[RelType.CLASSIFIED_AS] += [_link(p.pub_no, c, main=m, **prov) for c, m in classified_codes(p)]
        if p.region_code:
            links[RelType.LOCATED_IN].append(_link(p.pub_no, p.region_code, **prov))
    for lk in batch.technology_links:
        links[RelType.MENTIONS].append(
            _link(lk.pub_no, lk.technology_key, weight=lk.weight, **provenance_props(lk.provenance))
        )
    for cl in batch.chain_links:
        links[RelType.MAPPED_TO].append(
            _link(
                cl.pub_no,
                cl.node_key,
                confidence=cl.confidence,
                reason=cl.reason,
                **provenance_props(cl.provenance),
            )
        )
    steps += [
        (cypher.MERGE_PATENT_LINK[rel], "rows", rows)
        for rel, rows in links.items()
        if rel != RelType.HAS_EVENT
    ]
    steps += _event_steps(events)
    return [step for step in steps if step[2]]


def _event_steps(events: list[Any]) -> list[Step]:
    rows = [_node(e.event_id, event_properties(e)) for e in events]
    has_event = [_link(e.pub_no, e.event_id, **provenance_props(e.provenance)) for e in events]
    parties = {
        RelType.FROM_PARTY: [
            {"event_id": e.event_id, "key": k, "props": provenance_props(e.provenance)}
            for e in events
            for k in e.from_holders
        ],
        RelType.TO_PARTY: [
            {"event_id": e.event_id, "key": k, "props": provenance_props(e.provenance)}
            for e in events
            for k in e.to_holders
        ],
    }
    return [
        (UPSERT[Label.LEGAL_EVENT], "rows", rows),
        (cypher.DELETE_EVENT_LINKS, "ids", [e.event_id for e in events]),
        (cypher.MERGE_PATENT_LINK[RelType.HAS_EVENT], "rows", has_event),
        *((cypher.MERGE_PARTY[rel], "rows", party_rows) for rel, party_rows in parties.items()),
    ]
