"""Patents offered, secondary score parts, reasons and paths of collaborator discovery (合作对象).

What a candidate holder offers is its relevant patents, each with its legal status and how it
can be obtained. By default only patents in force and pending applications are offered
(``is_offered``); an open licence or a sleeping grade counts only while the patent is in force.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from graph.models import ACADEMIC_HOLDER_TYPES, EventFact, HolderRef, LegalEventKind, PatentFact
from graph.navigation.common import ToDictMixin, events_until, is_sme, parse_date, region_proximity
from graph.navigation.gap_sources import availability as gap_availability
from graph.navigation.scoring import saturating
from graph.navigation.sleeping import SleepingParams

PART_NAMES_ZH = {
    "text_relevance": "文本相关度",
    "availability": "可获得性(沉睡/开放许可)",
    "transfer_record": "向中小企业转化记录",
    "distance": "地理距离",
    "chain_fit": "产业链环节契合度",
}
VALIDITY_ZH = {"valid": "有效", "pending": "审中", "invalid": "失效", "unknown": "状态未知"}


@dataclass(frozen=True, slots=True)
class MatchedPatent(ToDictMixin):
    pub_no: str
    title: str
    legal_status: str | None  # the export's wording (法律状态)
    is_valid: bool | None
    validity: str  # valid / pending / invalid / unknown (VALIDITY_ZH)
    availability: str | None  # sleeping / open_licence / sleeping+open_licence, only while in force
    open_licence_fee: float | None  # 万元, where the open-licence declaration states it
    relevance: float  # ranking score on the coverage scale (relevance.py)
    coverage: float  # idf-weighted share of the need's words the patent covers
    matched_terms: tuple[str, ...]  # need words the patent holds
    related_terms: tuple[str, ...]  # feedback words (from similar patents) the patent holds
    chain_nodes: tuple[str, ...]
    transferred_to: tuple[str, ...] = ()  # current holders when the candidate assigned it away (已转让)


@dataclass(slots=True)
class HolderEvidence:
    """What the graph says about one candidate holder, gathered before scoring."""

    holder: HolderRef
    chain_node: str | None
    adjacent: tuple[str, ...]
    patents: list[MatchedPatent] = field(default_factory=list)


def patent_holders(fact: PatentFact) -> list[tuple[HolderRef, bool]]:
    """(holder, still holds it): current right holders, then universities and institutes that
    assigned it away (转让人).

    The institution that developed a patent it has since transferred is still the team that
    knows the technology; it is offered as a collaborator, the patent as no longer its own.
    A company that passed a patent on is not (it may only have traded it).
    """
    current = {h.key for h in fact.holders}
    found = [(h, True) for h in fact.holders]
    for event in fact.events:
        if event.kind is LegalEventKind.TRANSFER:
            for giver in event.from_holders:
                if giver.key not in current and giver.holder_type in ACADEMIC_HOLDER_TYPES:
                    current.add(giver.key)
                    found.append((giver, False))
    return found


def as_transferred(patent: MatchedPatent, fact: PatentFact) -> MatchedPatent:
    """The patent as offered by a former holder: not obtainable from it."""
    return replace(patent, availability=None, transferred_to=tuple(h.name for h in fact.holders))


def validity(fact: PatentFact) -> str:
    if fact.is_valid is True:
        return "valid"
    if fact.is_valid is False:
        return "invalid"
    return "pending" if fact.legal_status else "unknown"


def is_offered(fact: PatentFact, include_lapsed: bool) -> bool:
    """Patents in force and pending applications; lapsed, rejected or withdrawn ones only on request."""
    return include_lapsed or fact.is_valid is not False


def obtainable(fact: PatentFact, as_of: date, sleeping: SleepingParams) -> str | None:
    """Sleeping / open-licensed, but never for a patent no longer in force (失效专利不可许可)."""
    return None if fact.is_valid is False else gap_availability(fact, as_of, sleeping)


def open_licence_fee(fact: PatentFact, as_of: date) -> float | None:
    fees = [e.amount for e in events_until(fact, as_of) if e.kind is LegalEventKind.OPEN_LICENCE]
    return fees[-1] if fees and fees[-1] is not None else None


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


def secondary_values(
    ev: HolderEvidence, transfers: int, region: str | None, transfer_saturation: int
) -> dict[str, float]:
    """The parts that are not the need's text, each in [0, 1]."""
    available = sum(1 for p in ev.patents if p.availability)
    return {
        "availability": available / len(ev.patents) if ev.patents else 0.0,
        "transfer_record": saturating(transfers, transfer_saturation),
        "distance": region_proximity(ev.holder.region_code, region),
        "chain_fit": _chain_fit(ev),
    }


def _chain_fit(ev: HolderEvidence) -> float:
    """Mean over offered patents: 1 on the wanted node, 0.5 on an adjacent node, else 0."""
    if ev.chain_node is None or not ev.patents:
        return 0.0
    fits = [
        1.0 if ev.chain_node in p.chain_nodes else 0.5 if set(p.chain_nodes) & set(ev.adjacent) else 0.0
        for p in ev.patents
    ]
    return sum(fits) / len(fits)


def holder_reasons(
    ev: HolderEvidence,
    patents: Sequence[MatchedPatent],
    values: Mapping[str, float],
    transfers: Sequence[str],
    region: str | None,
) -> tuple[str, ...]:
    """Why this holder, in Chinese: the matched need words and the titles of its patents."""
    best = patents[0]
    terms = sorted({t for p in ev.patents for t in p.matched_terms})
    reasons = [
        f"相关专利 {len(ev.patents)} 件, 最相关: 《{best.title}》"
        f"({best.pub_no}, {VALIDITY_ZH[best.validity]})",
        f"匹配需求词: {'、'.join(terms)}" if terms else "未含完整的需求词, 仅部分字词相同 (弱相关)",
    ]
    moved = [p for p in patents if p.transferred_to]
    if moved:
        reasons.append(
            "已转让的相关专利 (研发团队仍在): "
            + "、".join(f"《{p.title}》现属 {'、'.join(p.transferred_to)}" for p in moved[:2])
        )
    # the feedback's related character pairs (油的, 车零 ...) are scoring features, not words: they
    # stay in each patent's ``related_terms`` and are not put into the reasons a user reads
    others = [f"《{p.title}》" for p in patents[1:3]]
    if others:
        reasons.append("其他相关专利: " + "、".join(others))
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
