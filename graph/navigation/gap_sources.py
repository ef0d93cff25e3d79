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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from graph.models import (
    ChainNodeRecord,
    Facet,
    HolderRef,
    HolderType,
    LegalEventKind,
    PatentFact,
    PatentFilter,
)
from graph.navigation.common import ACADEMIC_HOLDER_TYPES, ToDictMixin, in_region, is_sme, region_name
from graph.navigation.sleeping import SleepingParams, is_open_licensed, is_sleeping
from graph.store import GraphStore

_SME_TYPES = (HolderType.ENTERPRISE, HolderType.SME)  # the types ``is_sme`` can hold for
_MAX_TIED_HOLDERS = 200


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
    """The store's ``holders_outside`` rule on one fact: the holder's region, else the patent's."""
    code = holder.region_code or fact.region_code
    return not in_region(code, (region_prefix,))


def _holder_counts(store: GraphStore, flt: PatentFilter) -> dict[str, int]:
    return {c.values[0]: c.count for c in store.facet_counts([Facet.HOLDER], flt) if c.values[0]}


@dataclass(slots=True)
class _HolderTally:
    key: str
    valid: int
    relevant: int
    relevant_available: int = 0
    available: list[AvailablePatent] = field(default_factory=list)  # obtainable and relevant

    def rank_key(self) -> tuple[int, int, int, str]:
        return (-self.relevant_available, -self.relevant, -self.valid, self.key)


def _obtainable_candidates(store: GraphStore, relevant: PatentFilter, max_scanned: int) -> list[PatentFact]:
    """The relevant patents that can be sleeping (an academic holder) or open-licensed, by pub_no.

    Everything else is counted by the store without being read: only these few need the
    sleeping / open-licence rules, which are applied to them in Python (``availability``).
    """
    academic = replace(relevant, holder_types=tuple(sorted(ACADEMIC_HOLDER_TYPES)))
    licensed = replace(relevant, event_kinds=(LegalEventKind.OPEN_LICENCE,))
    facts = {f.pub_no: f for flt in (academic, licensed) for f in store.patent_facts(flt, limit=max_scanned)}
    return [facts[k] for k in sorted(facts)]


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
    """Holders outside the region, most relevant to the node first (see the module docstring).

    The valid and relevant counts per holder are the store's (facet counts by holder), so they
    are exact at any size; only the patents that can be obtainable are read as facts.
    """
    on_node = PatentFilter(chain_node_keys=(node_key,), valid_only=True, holders_outside=(region_prefix,))
    relevant_flt = replace(on_node, min_mapping_confidence=min_confidence)
    # a holder whose patents sit on the node only by weak mapping evidence is no source for it
    tallies = {k: _HolderTally(k, n, n) for k, n in _holder_counts(store, relevant_flt).items()}
    for fact in _obtainable_candidates(store, relevant_flt, max_scanned):
        kind = availability(fact, as_of, sleeping_params)
        if kind is None:
            continue
        for holder in fact.holders:
            tally = tallies.get(holder.key)
            if tally is None or not _holder_is_external(holder, fact, region_prefix):
                continue
            tally.relevant_available += 1
            tally.available.append(AvailablePatent(fact.pub_no, fact.title, kind))
    _count_valid(store, on_node, tallies, top)
    ranked = sorted(tallies.values(), key=_HolderTally.rank_key)[:top]
    refs = {h.key: h for h in store.holder_refs([t.key for t in ranked])}
    return tuple(
        ExternalHolder(
            refs[t.key],
            region_name(refs[t.key].region_code or _first_region(store, on_node, region_prefix, t.key)),
            t.relevant_available,
            t.relevant,
            t.valid,
            tuple(t.available[:per_holder]),
            _summary(t, per_holder, min_confidence),
        )
        for t in ranked
        if t.key in refs
    )


def _count_valid(
    store: GraphStore, on_node: PatentFilter, tallies: dict[str, _HolderTally], top: int
) -> None:
    """Each holder's valid patents on the node, counted for the holders that can make the top
    ``top`` only: the count is the third ranking key, so only holders tied with the last place
    on the first two keys need it (a second scan of the whole node costs as much as the first).
    """
    by_first_keys = sorted(tallies.values(), key=lambda t: (-t.relevant_available, -t.relevant))
    if not by_first_keys or top <= 0:
        return
    last = by_first_keys[min(top, len(by_first_keys)) - 1]
    bar = (-last.relevant_available, -last.relevant)
    needed = tuple(sorted(t.key for t in by_first_keys if (-t.relevant_available, -t.relevant) <= bar))
    # many holders tied at the bar: one scan of the node is cheaper than reading all their patents
    flt = on_node if len(needed) > _MAX_TIED_HOLDERS else replace(on_node, holder_keys=needed)
    for key, n in _holder_counts(store, flt).items():
        if key in tallies:
            tallies[key].valid = n


def _first_region(store: GraphStore, on_node: PatentFilter, region_prefix: str, key: str) -> str | None:
    """A holder without its own region: the region of its first counted patent (by pub_no)."""
    for fact in store.patent_facts(replace(on_node, holder_keys=(key,))):
        if not in_region(fact.region_code, (region_prefix,)):
            return fact.region_code
    return None


def _summary(t: _HolderTally, per_holder: int, min_confidence: float) -> str:
    text = f"本环节有效专利 {t.valid} 件, 其中映射置信度 >= {min_confidence:g} 的 {t.relevant} 件"
    if not t.relevant_available:
        return text + "; 均非沉睡或开放许可, 需洽谈转让或许可"
    listed = f", 列出前 {per_holder} 件" if t.relevant_available > per_holder else ""
    return text + f"; 可获得 (沉睡或开放许可) {t.relevant_available} 件{listed}"


def local_smes_from_facts(
    region_facts: Sequence[PatentFact],
    node_key: str,
    nodes: list[ChainNodeRecord],
    region_prefix: str,
    *,
    top: int,
    max_scanned: int,
) -> tuple[LocalSme, ...]:
    """``local_smes`` from the region's chain patents already read (all of them, not a prefix):
    no store query per node. The same rule, applied to the facts: a holder counts a patent on
    an adjacent node when it is an SME located in the region (its own region, else the
    patent's). ``tests/contract`` checks both ways give the same lists.
    """
    neighbours = set(adjacent_nodes(node_key, nodes))
    if not neighbours:
        return ()
    held: dict[str, set[str]] = defaultdict(set)
    touched: dict[str, set[str]] = defaultdict(set)
    refs: dict[str, HolderRef] = {}
    for fact in region_facts:
        on = {k for k, _ in fact.chain_nodes if k in neighbours}
        if not on or not in_region(fact.region_code, (region_prefix,)):
            continue
        for holder in fact.holders:
            local = not _holder_is_external(holder, fact, region_prefix)
            if holder.holder_type in _SME_TYPES and is_sme(holder) and local:
                held[holder.key].add(fact.pub_no)
                touched[holder.key].update(on)
                refs[holder.key] = holder
    ranked = sorted(held, key=lambda k: (-len(held[k]), k))[:top]
    return tuple(
        LocalSme(
            refs[k],
            region_name(refs[k].region_code),
            len(held[k]),
            tuple(sorted(touched[k])),
            tuple(sorted(held[k])[:max_scanned]),
        )
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
    region = (region_prefix,)
    flt = PatentFilter(
        chain_node_keys=neighbours,
        region_prefixes=region,
        holders_within=region,
        holder_types=_SME_TYPES,  # narrowed to ``is_sme`` below
    )
    counts = _holder_counts(store, flt)
    refs = {h.key: h for h in store.holder_refs(list(counts)) if is_sme(h)}
    ranked = sorted(refs, key=lambda k: (-counts[k], k))[:top]
    if not ranked:
        return ()
    touched: dict[str, set[str]] = defaultdict(set)
    for c in store.facet_counts([Facet.HOLDER, Facet.CHAIN_NODE], replace(flt, holder_keys=tuple(ranked))):
        if c.values[0] and c.values[1]:
            touched[c.values[0]].add(c.values[1])
    return tuple(
        LocalSme(
            refs[k],
            region_name(refs[k].region_code),
            counts[k],
            tuple(sorted(touched[k])),
            tuple(store.matching_pub_nos(replace(flt, holder_keys=(k,)), limit=max_scanned)),
        )
        for k in ranked
    )
