"""Patent-pool candidates (专利池构建) for a chain node or a set of technologies.

Coverage units (覆盖单元) are the technical fields a pool must cover, stated in the result:
by default the IPC main groups (``ipc:H01M10``) and the chain nodes (``node:nev/battery_pack``,
mapped at or above a stated confidence; for a node's pool, the other nodes of its chain) of the
candidate patents; optionally the technology
terms (``tech:液冷``). A unit counts only when at least ``min_unit_patents`` candidate patents
carry it (a document-frequency floor), so one patent's stray classification or text fragment
does not make its holder "complementary". Holders are compared by those units (Jaccard overlap
vs complementarity); encumbrances (pledged, exclusively licensed, near expiry) are flagged; a
founding-member set is proposed by **greedy set cover** (an ln(n) approximation, not a
guaranteed minimum) until ``target_coverage`` of the units is covered.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from graph.codes.ipc import main_group, main_group_code
from graph.errors import InvalidQueryError
from graph.event_counts import unrecorded_events
from graph.models import HolderRef, LegalEventKind, PatentFact, PatentFilter
from graph.navigation.common import (
    ToDictMixin,
    analysis_date,
    events_until,
    expiry_date,
    hhi,
    holder_shares,
    years_between,
)
from graph.navigation.pool_cover import CoverStep, HolderPair, greedy_cover, holder_pairs
from graph.store import GraphStore

logger = logging.getLogger(__name__)

COVER_NOTE = "创始成员由贪心集合覆盖算法选出，近似最优而非保证最少"
PLEDGE_NOTE = (
    "质押中的专利未经质权人同意不得许可他人使用 (民法典第四百四十四条), 不计入创始成员覆盖; "
    "导出不记录质押注销, 已解除的质押也按质押计, 标记偏保守"
)
UNIT_KINDS_ZH = {
    "ipc_main_group": "IPC 大组 (ipc:H01M10)",
    "chain_node": "产业链节点 (node:<节点键>)",
    "technology": "技术词 (tech:<词>)",
}


@dataclass(frozen=True, slots=True)
class PoolParams:
    near_expiry_years: float = 3.0  # expiry (20y invention / 10y utility / 15y design from filing) within
    # encumbrances that keep a patent out of the cover: a pledged patent cannot be licensed into the
    # pool without the pledgee's consent (民法典 Art. 444), an exclusive licence bars other licensees
    exclude_from_cover: tuple[str, ...] = ("pledged", "exclusive_licence", "near_expiry")
    max_patents: int = 20000
    max_pair_holders: int = 20  # pairwise comparison among the largest holders only
    unit_kinds: tuple[str, ...] = ("ipc_main_group", "chain_node")  # see UNIT_KINDS_ZH
    min_unit_patents: int = 3  # a unit counts when at least this many candidate patents carry it
    min_node_confidence: float = 0.5  # chain-node units: mapping confidence at least this
    target_coverage: float = 1.0  # founding members are added until this share of units is covered


@dataclass(frozen=True, slots=True)
class UnitDefinition(ToDictMixin):
    """What the coverage units are, stated with the result (覆盖单元定义)."""

    kinds: tuple[str, ...]
    kinds_zh: tuple[str, ...]
    min_unit_patents: int
    min_node_confidence: float
    target_coverage: float
    candidate_units: int  # distinct units on the candidate patents before the floor
    dropped_units: int  # below the floor
    description_zh: str = ""


@dataclass(frozen=True, slots=True)
class PoolPatent(ToDictMixin):
    pub_no: str
    title: str
    holders: tuple[str, ...]
    units: tuple[str, ...]  # coverage units
    expiry_date: str | None
    encumbrances: tuple[str, ...]  # pledged / exclusive_licence / near_expiry
    usable: bool


@dataclass(frozen=True, slots=True)
class PoolHolder(ToDictMixin):
    holder: HolderRef
    patents: int
    usable_patents: int
    encumbered_patents: int
    units: tuple[str, ...]
    unique_units: tuple[str, ...]  # covered by no other holder


@dataclass(frozen=True, slots=True)
class PoolProposal(ToDictMixin):
    chain_node: str | None
    technology_keys: tuple[str, ...]
    as_of: str
    patents: tuple[PoolPatent, ...]
    holders: tuple[PoolHolder, ...]  # most patents first
    pairs: tuple[HolderPair, ...]
    hhi: float | None
    units: tuple[str, ...]
    founding_members: tuple[CoverStep, ...]
    coverage: float | None  # share of units covered by the founding members
    uncovered_units: tuple[str, ...]  # only on excluded (encumbered) patents, or past the target
    notes: tuple[str, ...]
    unit_definition: UnitDefinition | None = None
    unit_patents: dict[str, int] = field(default_factory=dict)  # unit -> candidate patents carrying it
    chain_node_name: str | None = None  # the node's Chinese name, for titles (never the key)
    unit_labels: dict[str, str] = field(default_factory=dict)  # unit -> its Chinese label


def _unit_label(unit: str, node_names: dict[str, str]) -> str:
    kind, _, value = unit.partition(":")
    if kind == "node":
        return f"产业链节点 {node_names.get(value, value)}"
    if kind == "ipc":
        return f"IPC 大组 {value}"
    return f"技术词 {value}"


def coverage_units(
    fact: PatentFact, params: PoolParams | None = None, pool_node: str | None = None
) -> tuple[str, ...]:
    """The patent's candidate units of the kinds asked for (before the document-frequency floor)."""
    params = params or PoolParams()
    unknown = set(params.unit_kinds) - set(UNIT_KINDS_ZH)
    if unknown:
        raise InvalidQueryError(f"未知的覆盖单元类型: {sorted(unknown)}")
    units: set[str] = set()
    if "ipc_main_group" in params.unit_kinds:
        units.update(f"ipc:{main_group(code)}" for code in fact.ipc_codes if main_group_code(code))
    if "chain_node" in params.unit_kinds:
        chain = pool_node.split("/", 1)[0] + "/" if pool_node else ""
        units.update(
            f"node:{key}"
            for key, confidence in fact.chain_nodes
            if key != pool_node and key.startswith(chain) and confidence >= params.min_node_confidence
        )
    if "technology" in params.unit_kinds:
        units.update(f"tech:{t}" for t in fact.technologies)
    return tuple(sorted(units))


def encumbrances(fact: PatentFact, as_of: date, params: PoolParams) -> tuple[str, ...]:
    """质押 / 独占许可 / 临近届满, as recorded up to ``as_of`` (releases are not recorded)."""
    events = events_until(fact, as_of)
    found = []
    if any(e.kind is LegalEventKind.PLEDGE for e in events) or unrecorded_events(fact, LegalEventKind.PLEDGE):
        found.append("pledged")
    if any(e.kind is LegalEventKind.LICENCE and e.exclusive for e in events):
        found.append("exclusive_licence")
    expiry = expiry_date(fact)
    if expiry is not None and years_between(as_of, expiry) <= params.near_expiry_years:
        found.append("near_expiry")
    return tuple(found)


def propose_patent_pool(
    store: GraphStore,
    chain_node: str | None = None,
    technology_keys: tuple[str, ...] = (),
    params: PoolParams | None = None,
    as_of: date | None = None,
) -> PoolProposal:
    """Candidate patents and holders of a pool for ``chain_node`` and/or ``technology_keys``."""
    if chain_node is None and not technology_keys:
        raise InvalidQueryError("请指定产业链节点或技术词")
    params = params or PoolParams()
    as_of, _ = analysis_date(store, as_of)
    flt = PatentFilter(
        chain_node_keys=(chain_node,) if chain_node else (), technology_keys=technology_keys, valid_only=True
    )
    facts = list(store.patent_facts(flt, limit=params.max_patents))
    candidates = {f.pub_no: coverage_units(f, params, chain_node) for f in facts}
    carried = Counter(u for units in candidates.values() for u in units)
    kept = {u for u, n in carried.items() if n >= params.min_unit_patents}
    patents = tuple(
        _pool_patent(f, tuple(u for u in candidates[f.pub_no] if u in kept), as_of, params) for f in facts
    )
    holders = _pool_holders(facts, patents)
    usable_units = {
        h.holder.key: {u for p in patents if p.usable and h.holder.key in p.holders for u in p.units}
        for h in holders
    }
    usable_counts = {h.holder.key: h.usable_patents for h in holders}
    all_units = tuple(sorted(kept))
    chain = chain_node.split("/", 1)[0] if chain_node else None
    names = {n.key: n.name for n in store.chain_nodes(chain)}
    steps = greedy_cover(
        usable_units,
        usable_counts,
        {h.holder.key: h.holder.name for h in holders},
        goal=int(-(-params.target_coverage * len(all_units) // 1)),
    )
    covered = {u for s in steps for u in s.new_units}
    logger.info("pool %s: %d patents, %d holders", chain_node or technology_keys, len(patents), len(holders))
    return PoolProposal(
        chain_node=chain_node,
        technology_keys=technology_keys,
        as_of=as_of.isoformat(),
        patents=patents,
        holders=holders,
        pairs=holder_pairs([(h.holder.key, h.units) for h in holders[: params.max_pair_holders]]),
        hhi=hhi(holder_shares(facts)),
        units=all_units,
        founding_members=steps,
        coverage=len(covered) / len(all_units) if all_units else None,
        uncovered_units=tuple(u for u in all_units if u not in covered),
        notes=(
            COVER_NOTE,
            PLEDGE_NOTE,
            *_empty_cover_note(steps, len(carried), len(carried) - len(kept), params),
        ),
        chain_node_name=names.get(chain_node) if chain_node else None,
        unit_labels={u: _unit_label(u, names) for u in all_units},
        unit_definition=_unit_definition(params, len(carried), len(carried) - len(kept)),
        unit_patents={u: carried[u] for u in all_units},
    )


def _empty_cover_note(
    steps: Sequence[object], candidates: int, dropped: int, params: PoolParams
) -> tuple[str, ...]:
    """Why no founding member was chosen, when none was: the table alone would just be empty."""
    if steps:
        return ()
    if candidates and dropped == candidates:
        return (
            f"未选出创始成员: 候选专利的 {candidates} 个覆盖单元均只见于不足 {params.min_unit_patents} 件"
            "候选专利, 没有可覆盖的单元 (可降低每单元最少专利数 min_unit_patents)",
        )
    return ("未选出创始成员: 没有可用 (无负担) 的候选专利覆盖任何单元",)


def _unit_definition(params: PoolParams, candidates: int, dropped: int) -> UnitDefinition:
    kinds_zh = tuple(UNIT_KINDS_ZH[k] for k in params.unit_kinds)
    text = (
        f"覆盖单元为候选专利的{'、'.join(kinds_zh)}; "
        f"至少 {params.min_unit_patents} 件候选专利具有的单元才计入"
        f"(节点映射置信度 >= {params.min_node_confidence:g}, 节点池只计同一产业链的其他节点); "
        f"创始成员按贪心集合覆盖选至覆盖 {params.target_coverage:.0%} 的单元"
    )
    return UnitDefinition(
        kinds=params.unit_kinds,
        kinds_zh=kinds_zh,
        min_unit_patents=params.min_unit_patents,
        min_node_confidence=params.min_node_confidence,
        target_coverage=params.target_coverage,
        candidate_units=candidates,
        dropped_units=dropped,
        description_zh=text,
    )


def _pool_patent(fact: PatentFact, units: tuple[str, ...], as_of: date, params: PoolParams) -> PoolPatent:
    found = encumbrances(fact, as_of, params)
    expiry = expiry_date(fact)
    return PoolPatent(
        pub_no=fact.pub_no,
        title=fact.title,
        holders=tuple(h.key for h in fact.holders),
        units=units,
        expiry_date=expiry.isoformat() if expiry else None,
        encumbrances=found,
        usable=not set(found) & set(params.exclude_from_cover),
    )


def _pool_holders(facts: list[PatentFact], patents: tuple[PoolPatent, ...]) -> tuple[PoolHolder, ...]:
    refs = {h.key: h for f in facts for h in f.holders}
    units: dict[str, set[str]] = defaultdict(set)
    owned: dict[str, list[PoolPatent]] = defaultdict(list)
    for p in patents:
        for key in p.holders:
            owned[key].append(p)
            units[key].update(p.units)
    unit_owners: dict[str, int] = defaultdict(int)
    for key in units:
        for unit in units[key]:
            unit_owners[unit] += 1
    rows = [
        PoolHolder(
            holder=refs[key],
            patents=len(owned[key]),
            usable_patents=sum(1 for p in owned[key] if p.usable),
            encumbered_patents=sum(1 for p in owned[key] if p.encumbrances),
            units=tuple(sorted(units[key])),
            unique_units=tuple(sorted(u for u in units[key] if unit_owners[u] == 1)),
        )
        for key in owned
    ]
    rows.sort(key=lambda h: (-h.patents, h.holder.key))
    return tuple(rows)
