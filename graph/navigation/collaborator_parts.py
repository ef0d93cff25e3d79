"""Score parts, reasons and explanation paths for collaborator discovery (合作对象评分构成)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from graph.models import EventFact, HolderRef
from graph.navigation.common import ToDictMixin, is_sme, parse_date, region_proximity
from graph.navigation.scoring import saturating, weighted_overlap

PART_NAMES_ZH = {
    "text_relevance": "文本相关度",
    "technology_overlap": "技术重合度",
    "chain_fit": "产业链环节契合度",
    "availability": "可获得性(沉睡/开放许可)",
    "transfer_record": "向中小企业转化记录",
    "distance": "地理距离",
}


@dataclass(frozen=True, slots=True)
class MatchedPatent(ToDictMixin):
    pub_no: str
    title: str
    matched_terms: tuple[str, ...]
    relevance: float  # IDF-weighted share of the query terms the patent matches
    availability: str | None  # sleeping / open_licence / sleeping+open_licence
    chain_nodes: tuple[str, ...]
    technologies: tuple[str, ...]


@dataclass(slots=True)
class HolderEvidence:
    """What the graph says about one candidate holder, gathered before scoring."""

    holder: HolderRef
    chain_node: str | None
    adjacent: tuple[str, ...]
    patents: list[MatchedPatent] = field(default_factory=list)


def sme_transfer_counts(events: Sequence[EventFact], as_of: date) -> dict[str, list[str]]:
    """Per holder: transfers / licences / equity deals it made to SMEs up to ``as_of``."""
    found: dict[str, list[str]] = defaultdict(list)
    for event in events:
        day = parse_date(event.date)
        if day is not None and day > as_of:
            continue
        smes = [h for h in event.to_holders if is_sme(h)]
        if not smes:
            continue
        for giver in event.from_holders:
            found[giver.key].append(
                f"(Holder {giver.name})<-FROM_PARTY-(LegalEvent {event.kind.value} {event.date} "
                f"{event.pub_no})-TO_PARTY->(Holder {smes[0].name})"
            )
    return found


def part_values(
    ev: HolderEvidence,
    terms: Sequence[str],
    weights: Mapping[str, float],
    transfers: int,
    region: str | None,
    transfer_saturation: int,
) -> dict[str, float]:
    """Each part in [0, 1]; definitions in the docstring of ``discover_collaborators``' module."""
    union_terms = sorted({t for p in ev.patents for t in p.matched_terms})
    technologies = {t for p in ev.patents for t in p.technologies}
    best = max((p.relevance for p in ev.patents), default=0.0)
    available = sum(1 for p in ev.patents if p.availability)
    return {
        # half the best single patent, half the query coverage of all matched patents together
        "text_relevance": 0.5 * best + 0.5 * weighted_overlap(union_terms, weights),
        "technology_overlap": weighted_overlap([t for t in terms if t in technologies], weights),
        "chain_fit": _chain_fit(ev),
        "availability": available / len(ev.patents) if ev.patents else 0.0,
        "transfer_record": saturating(transfers, transfer_saturation),
        "distance": region_proximity(ev.holder.region_code, region),
    }


def _chain_fit(ev: HolderEvidence) -> float:
    """Mean over matched patents: 1 on the wanted node, 0.5 on an adjacent node, else 0."""
    if ev.chain_node is None or not ev.patents:
        return 0.0
    fits = [
        1.0 if ev.chain_node in p.chain_nodes else 0.5 if set(p.chain_nodes) & set(ev.adjacent) else 0.0
        for p in ev.patents
    ]
    return sum(fits) / len(fits)


def holder_reasons(
    ev: HolderEvidence, values: Mapping[str, float], transfers: Sequence[str], region: str | None
) -> tuple[str, ...]:
    terms = sorted({t for p in ev.patents for t in p.matched_terms})
    reasons = [f"匹配技术词: {', '.join(terms)} ({len(ev.patents)} 件相关专利)"]
    available = [p.pub_no for p in ev.patents if p.availability]
    if available:
        reasons.append(f"可获得专利 {len(available)} 件 (沉睡或开放许可): {', '.join(sorted(available)[:5])}")
    if transfers:
        reasons.append(f"曾向中小企业转让/许可/作价入股 {len(transfers)} 次")
    if ev.chain_node and values.get("chain_fit", 0.0) > 0:
        reasons.append(f"专利位于产业链环节 {ev.chain_node} 或其相邻环节")
    if region and values.get("distance", 0.0) > 0:
        reasons.append("同城" if values["distance"] >= 1.0 else "同省")
    return tuple(reasons)


def holder_paths(
    ev: HolderEvidence,
    patents: Sequence[MatchedPatent],
    transfers: Sequence[str],
    region: str | None,
    chain_node: str | None,
) -> tuple[str, ...]:
    """Graph paths that explain the match, e.g. ``[Need]-terms{a,b}->(Patent CN1)-HELD_BY->(Holder X)``."""
    name = ev.holder.name
    paths = []
    for p in patents:
        path = f"[Need]-terms{{{','.join(p.matched_terms)}}}->(Patent {p.pub_no})-HELD_BY->(Holder {name})"
        if chain_node and chain_node in p.chain_nodes:
            path += f" ; (Patent {p.pub_no})-MAPPED_TO->(ChainNode {chain_node})"
        paths.append(path)
    if region and ev.holder.region_code:
        paths.append(f"(Holder {name})-LOCATED_IN->(Region {ev.holder.region_code})")
    paths.extend(transfers[:3])
    return tuple(paths)
