"""Where a weak or missing chain link can be filled from (补链来源).

Two lists per node: external holders of the node's technology (引进: licence or transfer
in) with their available patents, ranked by relevance to the node (valid patents mapped with
high confidence that can be obtained, then valid high-confidence patents, then all valid ones;
a holder needs at least one valid high-confidence patent there to be listed, and only those
patents are offered as obtainable, so the count and the list agree),
and local SMEs whose patents sit on adjacent nodes (培育: grow local firms), adjacency being the
parent, children and supply edges. Each holder carries its region's NBS name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from graph.models import ChainNodeRecord, HolderRef, PatentFact, PatentFilter
from graph.navigation.common import ToDictMixin, in_region, is_sme, region_name
from graph.navigation.sleeping import SleepingParams, is_open_licensed, is_sleeping
from graph.store import GraphStore


@dataclass(frozen=True, slots=True)
class AvailablePatent(ToDictMixin):
    pub_no: str
    title: str
    availability: str  # sleeping / open_licence / sleeping+open_licence


@dataclass(frozen=True, slots=True)
class ExternalHolder(ToDictMixin):
    holder: HolderRef
    region_name: str | None  # NBS name of the holder's (or its patent's) region
    relevant_available_patents: int  # valid, mapped with high confidence, sleeping or open-licensed
    relevant_patents: int  # valid and mapped to the node with high confidence
    node_patents: int  # valid patents on the node
    available_patents: tuple[AvailablePatent, ...]  # the first obtainable relevant ones (at most per_holder)
    summary_zh: str = ""  # the counts in one Chinese sentence, as the page and the report print them


@dataclass(frozen=True, slots=True)
class LocalSme(ToDictMixin):
    holder: HolderRef
    region_name: str | None
    adjacent_patents: int
    adjacent_nodes: tuple[str, ...]
    pub_nos: tuple[str, ...]


def availability(fact: PatentFact, as_of: date, params: SleepingParams | None = None) -> str | None:
    """How a patent can be obtained: sleeping (沉睡) and/or open-licensed (开放许可), else None."""
    kinds = [
        name
        for name, flag in (
            ("sleeping", is_sleeping(fact, as_of, params)),
            ("open_licence", is_open_licensed(fact, as_of)),
        )
        if flag
    ]
    return "+".join(kinds) or None


def adjacent_nodes(node_key: str, nodes: list[ChainNodeRecord]) -> tuple[str, ...]:
    """Parent, children, suppliers and customers of a node (相邻环节), sorted."""
    by_key = {n.key: n for n in nodes}
    node = by_key.get(node_key)
    found: set[str] = set()
    if node is not None:
        found.update(k for k in (node.parent,) if k)
        found.update(node.supplies_to)
    for other in nodes:
        if other.parent == node_key or node_key in other.supplies_to:
            found.add(other.key)
    found.discard(node_key)
    return tuple(sorted(found))


def _holder_is_external(holder: HolderRef, fact: PatentFact, region_prefix: str) -> bool:
    code = holder.region_code or fact.region_code
    return not in_region(code, (region_prefix,))


@dataclass(slots=True)
class _HolderTally:
    holder: HolderRef
    region_code: str | None
    relevant_available: int = 0
    relevant: int = 0
    valid: int = 0
    available: list[AvailablePatent] = field(default_factory=list)  # obtainable and relevant

    def rank_key(self) -> tuple[int, int, int, str]:
        return (-self.relevant_available, -self.relevant, -self.valid, self.holder.key)


def external_holders(
    store: GraphStore,
    node_key: str,
    region_prefix: str,
    as_of: date,
    *,
    top: int,
    per_holder: int,
    max_scanned: int,
    sleeping_params: SleepingParams,
    min_confidence: float,
) -> tuple[ExternalHolder, ...]:
    """Holders outside the region, most relevant to the node first (see the module docstring)."""
    facts = store.patent_facts(PatentFilter(chain_node_keys=(node_key,), valid_only=True), limit=max_scanned)
    tallies: dict[str, _HolderTally] = {}
    for fact in facts:
        kind = availability(fact, as_of, sleeping_params)
        relevant = dict(fact.chain_nodes).get(node_key, 0.0) >= min_confidence
        for holder in fact.holders:
            if not _holder_is_external(holder, fact, region_prefix):
                continue
            tally = tallies.setdefault(
                holder.key, _HolderTally(holder, holder.region_code or fact.region_code)
            )
            tally.valid += 1
            tally.relevant += relevant
            if kind and relevant:
                tally.relevant_available += 1
                tally.available.append(AvailablePatent(fact.pub_no, fact.title, kind))
    # a holder whose patents sit on the node only by weak mapping evidence is no source for it
    ranked = sorted((t for t in tallies.values() if t.relevant), key=_HolderTally.rank_key)[:top]
    return tuple(
        ExternalHolder(
            t.holder,
            region_name(t.region_code),
            t.relevant_available,
            t.relevant,
            t.valid,
            tuple(sorted(t.available, key=lambda p: p.pub_no)[:per_holder]),
            _summary(t, per_holder, min_confidence),
        )
        for t in ranked
    )


def _summary(t: _HolderTally, per_holder: int, min_confidence: float) -> str:
    text = f"本环节有效专利 {t.valid} 件, 其中映射置信度 >= {min_confidence:g} 的 {t.relevant} 件"
    if not t.relevant_available:
        return text + "; 均非沉睡或开放许可, 需洽谈转让或许可"
    listed = f", 列出前 {per_holder} 件" if t.relevant_available > per_holder else ""
    return text + f"; 可获得 (沉睡或开放许可) {t.relevant_available} 件{listed}"


def local_smes(
    store: GraphStore,
    node_key: str,
    nodes: list[ChainNodeRecord],
    region_prefix: str,
    *,
    top: int,
    max_scanned: int,
) -> tuple[LocalSme, ...]:
    """SMEs in the region with patents on nodes adjacent to ``node_key`` (desc count, then key)."""
    neighbours = adjacent_nodes(node_key, nodes)
    if not neighbours:
        return ()
    flt = PatentFilter(chain_node_keys=neighbours, region_prefixes=(region_prefix,))
    pub_nos: dict[str, list[str]] = defaultdict(list)
    touched: dict[str, set[str]] = defaultdict(set)
    refs: dict[str, HolderRef] = {}
    for fact in store.patent_facts(flt, limit=max_scanned):
        on = {k for k, _ in fact.chain_nodes if k in neighbours}
        for holder in fact.holders:
            if is_sme(holder) and not _holder_is_external(holder, fact, region_prefix):
                refs[holder.key] = holder
                pub_nos[holder.key].append(fact.pub_no)
                touched[holder.key].update(on)
    ranked = sorted(pub_nos, key=lambda k: (-len(pub_nos[k]), k))[:top]
    return tuple(
        LocalSme(
            refs[k],
            region_name(refs[k].region_code),
            len(pub_nos[k]),
            tuple(sorted(touched[k])),
            tuple(sorted(pub_nos[k])),
        )
        for k in ranked
    )
