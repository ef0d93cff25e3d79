"""Where a weak or missing chain link can be filled from (补链来源).

Two lists per node: external holders of the node's technology (引进: licence or transfer
in) with their available patents, and local SMEs whose patents sit on adjacent nodes
(培育: grow local firms), adjacency being the parent, children and supply edges.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from graph.models import ChainNodeRecord, HolderRef, PatentFact, PatentFilter
from graph.navigation.common import ToDictMixin, in_region, is_sme
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
    node_patents: int  # valid patents on the node
    available_patents: tuple[AvailablePatent, ...]


@dataclass(frozen=True, slots=True)
class LocalSme(ToDictMixin):
    holder: HolderRef
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
) -> tuple[ExternalHolder, ...]:
    """Holders outside the region ranked by valid patents on the node (desc, then key)."""
    facts = store.patent_facts(PatentFilter(chain_node_keys=(node_key,), valid_only=True), limit=max_scanned)
    counts: dict[str, int] = defaultdict(int)
    refs: dict[str, HolderRef] = {}
    available: dict[str, list[AvailablePatent]] = defaultdict(list)
    for fact in facts:
        kind = availability(fact, as_of, sleeping_params)
        for holder in fact.holders:
            if not _holder_is_external(holder, fact, region_prefix):
                continue
            counts[holder.key] += 1
            refs[holder.key] = holder
            if kind:
                available[holder.key].append(AvailablePatent(fact.pub_no, fact.title, kind))
    ranked = sorted(counts, key=lambda k: (-counts[k], k))[:top]
    return tuple(
        ExternalHolder(refs[k], counts[k], tuple(sorted(available[k], key=lambda p: p.pub_no)[:per_holder]))
        for k in ranked
    )


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
        LocalSme(refs[k], len(pub_nos[k]), tuple(sorted(touched[k])), tuple(sorted(pub_nos[k])))
        for k in ranked
    )
