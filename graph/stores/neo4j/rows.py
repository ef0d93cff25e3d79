"""Parameter rows for the Neo4j store's ``UNWIND $rows`` writes (写入批次).

A batch becomes an ordered list of (statement, parameter name, rows) steps: nodes first,
then the deletion of the sets an upsert replaces, then the links (``MATCH`` skips a missing
target, as the embedded store's ``WHERE EXISTS`` does).
"""

from __future__ import annotations

from typing import Any

from graph.models import PatentBatch, PatentRecord, ReferenceBatch
from graph.schema import Label, RelType
from graph.stores.common import (
    app_year,
    classified_codes,
    dedupe_last,
    ipc_main_group,
    is_main_group,
    merge_holders,
    provenance_props,
    search_tokens,
)
from graph.stores.neo4j import cypher

Step = tuple[str, str, list[Any]]


def _ipc_row(code: str) -> dict[str, Any]:
    return {"code": code, "main_group": ipc_main_group(code), "is_main_group": is_main_group(code)}


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
        (
            cypher.UPSERT_IPC,
            "rows",
            [
                {
                    "code": r.code,
                    "props": {"level": r.level, "title_zh": r.title_zh, "parent": r.parent}
                    | _ipc_row(r.code),
                }
                for r in ipc
            ],
        ),
        (
            cypher.UPSERT_INDUSTRY,
            "rows",
            [
                {"code": r.code, "props": {"scheme": r.scheme.value, "name": r.name, "parent": r.parent}}
                for r in industries
            ],
        ),
        (
            cypher.UPSERT_REGION,
            "rows",
            [
                {"code": r.code, "props": {"name": r.name, "level": r.level.value, "parent": r.parent}}
                for r in regions
            ],
        ),
        (
            cypher.UPSERT_CHAIN_NODE,
            "rows",
            [
                {
                    "key": r.key,
                    "props": {
                        "chain": r.chain,
                        "name": r.name,
                        "position": r.position.value,
                        "parent": r.parent,
                        "ipc_codes": list(r.ipc_codes),
                        "keywords": list(r.keywords),
                        "supplies_to": list(r.supplies_to),
                    },
                }
                for r in nodes
            ],
        ),
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


def _patent_props(p: PatentRecord) -> dict[str, Any]:
    return {
        "app_no": p.app_no,
        "patent_type": p.patent_type.value,
        "title": p.title,
        "abstract": p.abstract,
        "claims": p.claims,
        "app_date": p.app_date,
        "app_year": app_year(p.app_date),
        "pub_date": p.pub_date,
        "grant_date": p.grant_date,
        "lapse_date": p.lapse_date,
        "legal_status": p.legal_status,
        "is_valid": p.is_valid,
        "ipc_main": p.ipc_main,
        "region_code": p.region_code,
        "claims_count": p.claims_count,
        "citations_count": p.citations_count,
        "family_size": p.family_size,
        "overseas_family": p.overseas_family,
        "award": p.award,
        "tokens": p.tokens,
        "search_tokens": " ".join(search_tokens(p)),
        "keywords": list(p.keywords),
        "synthetic_fields": list(p.synthetic_fields),
        **provenance_props(p.provenance),
    }


def _link(pub_no: str, target: str, **props: Any) -> dict[str, Any]:
    return {"pub_no": pub_no, "target": target, "props": props}


def patent_batch_steps(batch: PatentBatch) -> list[Step]:
    holders = merge_holders(batch.holders)
    patents = dedupe_last(batch.patents, lambda r: r.pub_no)
    events = dedupe_last(batch.events, lambda r: r.event_id)
    steps: list[Step] = [
        (
            cypher.UPSERT_HOLDER,
            "rows",
            [
                {
                    "key": h.key,
                    "aliases": list(aliases),
                    "props": {
                        "name": h.name,
                        "holder_type": h.holder_type.value,
                        "type_reason": h.type_reason,
                        "is_sme": h.is_sme,
                        "sme_reason": h.sme_reason,
                        "region_code": h.region_code,
                        **provenance_props(h.provenance),
                    },
                }
                for h, aliases in holders
            ],
        ),
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
            cypher.UPSERT_INVENTOR,
            "rows",
            [{"key": r.key, "name": r.name} for r in dedupe_last(batch.inventors, lambda r: r.key)],
        ),
        (
            cypher.UPSERT_TECHNOLOGY,
            "rows",
            [{"key": r.key, "name": r.name} for r in dedupe_last(batch.technologies, lambda r: r.key)],
        ),
        (cypher.UPSERT_PATENT, "rows", [{"pub_no": p.pub_no, "props": _patent_props(p)} for p in patents]),
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
    rows = [
        {
            "event_id": e.event_id,
            "props": {
                "pub_no": e.pub_no,
                "kind": e.kind.value,
                "date": e.date,
                "amount": e.amount,
                "exclusive": e.exclusive,
                "synthetic": e.synthetic,
                **provenance_props(e.provenance),
            },
        }
        for e in events
    ]
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
        (cypher.UPSERT_EVENT, "rows", rows),
        (cypher.DELETE_EVENT_LINKS, "ids", [e.event_id for e in events]),
        (cypher.MERGE_PATENT_LINK[RelType.HAS_EVENT], "rows", has_event),
        *((cypher.MERGE_PARTY[rel], "rows", party_rows) for rel, party_rows in parties.items()),
    ]
