"""The property rows both stores write, and the read models both build (属性行).

Each ``*_properties`` function turns a record into the properties ``graph.schema.LABELS`` lists
for its label (plain values: enums as their value, tuples as lists), so the embedded store's
columns and the Neo4j store's ``SET n += row.props`` carry the same data. ``patent_fact`` and
``event_fact`` build the read models from stored properties, sorted as the contract says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import Any

from graph.codes.ipc import is_main_group, main_group
from graph.demand_records import DemandMatchView, DemandRecord, DemandStatus, MatchKind
from graph.models import (
    ChainNodeRecord,
    EventFact,
    HolderRecord,
    HolderRef,
    IndustryRecord,
    IpcRecord,
    LegalEventKind,
    LegalEventRecord,
    PatentFact,
    PatentRecord,
    PatentType,
    Provenance,
    RegionRecord,
)
from graph.schema import NODE_KEYS, Label, RelType, property_names
from graph.stores.common import event_sort_key

Props = dict[str, Any]

# The PatentFact fields read straight from the patent's own properties (the rest are links).
PATENT_FACT_PROPERTIES: tuple[str, ...] = tuple(
    f.name
    for f in fields(PatentFact)
    if f.name == NODE_KEYS[Label.PATENT] or f.name in property_names(Label.PATENT)
)
EVENT_FACT_PROPERTIES: tuple[str, ...] = tuple(
    f.name
    for f in fields(EventFact)
    if f.name == NODE_KEYS[Label.LEGAL_EVENT] or f.name in property_names(Label.LEGAL_EVENT)
)


HOLDER_REF_PROPERTIES: tuple[str, ...] = tuple(f.name for f in fields(HolderRef))


def app_year(app_date: str | None) -> int | None:
    """申请年: ``int(app_date[:4])`` for ISO dates."""
    if not app_date or len(app_date) < 4 or not app_date[:4].isdigit():
        return None
    return int(app_date[:4])


def provenance_props(provenance: Provenance | None) -> dict[str, str | int | None]:
    if provenance is None:
        return {"source_file": None, "row": None, "run_id": None}
    return {"source_file": provenance.source_file, "row": provenance.row, "run_id": provenance.run_id}


def patent_properties(p: PatentRecord) -> Props:
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
        "transfer_count": p.transfer_count,
        "licence_count": p.licence_count,
        "pledge_count": p.pledge_count,
        "tokens": p.tokens,
        "keywords": list(p.keywords),
        "synthetic_fields": list(p.synthetic_fields),
        **provenance_props(p.provenance),
    }


def holder_properties(h: HolderRecord, aliases: Iterable[str]) -> Props:
    return {
        "name": h.name,
        "holder_type": h.holder_type.value,
        "type_reason": h.type_reason,
        "aliases": sorted(aliases),
        "is_sme": h.is_sme,
        "sme_reason": h.sme_reason,
        "region_code": h.region_code,
        **provenance_props(h.provenance),
    }


def event_properties(e: LegalEventRecord) -> Props:
    return {
        "pub_no": e.pub_no,
        "kind": e.kind.value,
        "date": e.date,
        "amount": e.amount,
        "exclusive": e.exclusive,
        "synthetic": e.synthetic,
        **provenance_props(e.provenance),
    }


def ipc_code_properties(code: str) -> Props:
    """What an IPC node's code implies: its main group and whether it is one (graph.codes.ipc)."""
    return {"main_group": main_group(code), "is_main_group": is_main_group(code)}


def ipc_properties(r: IpcRecord) -> Props:
    return {"level": r.level, "title_zh": r.title_zh, "parent": r.parent, **ipc_code_properties(r.code)}


def industry_properties(r: IndustryRecord) -> Props:
    return {"scheme": r.scheme.value, "name": r.name, "parent": r.parent}


def region_properties(r: RegionRecord) -> Props:
    return {"name": r.name, "level": r.level.value, "parent": r.parent}


def chain_node_properties(r: ChainNodeRecord) -> Props:
    return {
        "chain": r.chain,
        "name": r.name,
        "position": r.position.value,
        "parent": r.parent,
        "ipc_codes": list(r.ipc_codes),
        "keywords": list(r.keywords),
        "supplies_to": list(r.supplies_to),
    }


def _opt_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def event_fact(
    props: Mapping[str, Any], from_holders: Iterable[HolderRef], to_holders: Iterable[HolderRef]
) -> EventFact:
    """An event read model from its stored properties (``EVENT_FACT_PROPERTIES``) and parties."""
    return EventFact(
        event_id=props["event_id"],
        pub_no=props["pub_no"],
        kind=LegalEventKind(props["kind"]),
        date=props["date"],
        from_holders=tuple(sorted(from_holders, key=lambda h: h.key)),
        to_holders=tuple(sorted(to_holders, key=lambda h: h.key)),
        amount=props["amount"],
        exclusive=_opt_bool(props["exclusive"]),
    )


def patent_fact(
    props: Mapping[str, Any],
    *,
    ipc_codes: Iterable[str],
    holders: Iterable[HolderRef],
    chain_nodes: Iterable[tuple[str, float]],
    sei_codes: Iterable[str],
    technologies: Iterable[str],
    events: Iterable[EventFact],
) -> PatentFact:
    """A patent read model from its stored properties (``PATENT_FACT_PROPERTIES``) and links."""
    get = props.get
    return PatentFact(
        pub_no=props["pub_no"],
        app_no=get("app_no"),
        patent_type=PatentType(props["patent_type"]),
        title=props["title"],
        abstract=props["abstract"],
        app_date=get("app_date"),
        grant_date=get("grant_date"),
        lapse_date=get("lapse_date"),
        legal_status=get("legal_status"),
        is_valid=_opt_bool(get("is_valid")),
        ipc_codes=tuple(sorted(ipc_codes)),
        holders=tuple(sorted(holders, key=lambda h: h.key)),
        region_code=get("region_code"),
        chain_nodes=tuple(sorted((key, float(confidence)) for key, confidence in chain_nodes)),
        sei_codes=tuple(sorted(set(sei_codes))),
        technologies=tuple(sorted(technologies)),
        events=tuple(sorted(events, key=event_sort_key)),
        claims_count=get("claims_count"),
        citations_count=get("citations_count"),
        family_size=get("family_size"),
        overseas_family=_opt_bool(get("overseas_family")),
        award=get("award"),
        transfer_count=get("transfer_count"),
        licence_count=get("licence_count"),
        pledge_count=get("pledge_count"),
    )


def demand_properties(d: DemandRecord) -> Props:
    return {
        "need": d.need,
        "sme": d.sme,
        "status": d.status.value,
        "created": d.created,
        "terms": list(d.terms),
        "sme_key": d.sme_key,
        "region_code": d.region_code,
        "chain_node": d.chain_node,
        "contact": d.contact,
        "updated": d.updated,
        "closed": d.closed,
        "close_reason": d.close_reason,
        "match_runs": list(d.match_runs),
    }


def demand_record(props: Mapping[str, Any]) -> DemandRecord:
    """A demand from its stored properties (lists as lists)."""
    get = props.get
    return DemandRecord(
        demand_id=props["demand_id"],
        need=props["need"],
        sme=props["sme"],
        status=DemandStatus(props["status"]),
        created=props["created"],
        terms=tuple(get("terms") or ()),
        sme_key=get("sme_key"),
        region_code=get("region_code"),
        chain_node=get("chain_node"),
        contact=get("contact"),
        updated=get("updated"),
        closed=get("closed"),
        close_reason=get("close_reason"),
        match_runs=tuple(get("match_runs") or ()),
    )


def demand_links(d: DemandRecord) -> dict[RelType, list[str]]:
    """The targets of the links a demand upsert replaces (missing targets are skipped when written)."""
    return {
        RelType.SEEKS: sorted({t.strip().lower() for t in d.terms if t.strip()}),
        RelType.TARGETS: [d.chain_node] if d.chain_node else [],
        RelType.LOCATED_IN: [d.region_code] if d.region_code else [],
    }


def demand_match_view(props: Mapping[str, Any], kind: str, target: str, name: str | None) -> DemandMatchView:
    return DemandMatchView(
        kind=MatchKind(kind),
        target=target,
        name=name or "",
        score=float(props["score"]),
        rank=int(props["rank"]),
        holder_key=props.get("holder_key"),
        first_run=props["first_run"],
        first_seen=props["first_seen"],
        last_run=props["last_run"],
        last_seen=props["last_seen"],
    )
