"""Patent-pool candidates (专利池构建) for a chain node or a set of technologies.

Coverage units are what a pool must cover: the technologies (技术词) on the candidate patents,
or the IPC main group (e.g. ``ipc:H01M10``) for a patent without technologies. Holders are
compared by those units (Jaccard overlap vs complementarity); encumbrances (pledged,
exclusively licensed, near expiry) are flagged; a founding-member set is proposed by
**greedy set cover** (an ln(n) approximation, not a guaranteed minimum).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from graph.errors import InvalidQueryError
from graph.models import HolderRef, LegalEventKind, PatentFact, PatentFilter
from graph.navigation.common import (
    ToDictMixin,
    events_until,
    expiry_date,
    hhi,
    holder_shares,
    years_between,
)
from graph.navigation.pool_cover import CoverStep, HolderPair, greedy_cover, holder_pairs
from graph.store import GraphStore

logger = logging.getLogger(__name__)

COVER_NOTE = (
    "创始成员由贪心集合覆盖算法选出，近似最优而非保证最少 (greedy set cover: approximate, not minimal)"
)


@dataclass(frozen=True, slots=True)
class PoolParams:
    near_expiry_years: float = 3.0  # expiry (20y invention / 10y utility / 15y design from filing) within
    # encumbrances that keep a patent out of the cover (a pledge needs the pledgee's consent, not a bar)
    exclude_from_cover: tuple[str, ...] = ("exclusive_licence", "near_expiry")
    max_patents: int = 20000
    max_pair_holders: int = 20  # pairwise comparison among the largest holders only


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
    uncovered_units: tuple[str, ...]  # only on excluded (encumbered) patents
    notes: tuple[str, ...]


def coverage_units(fact: PatentFact) -> tuple[str, ...]:
    """Technologies, or IPC main groups when the patent has none."""
    if fact.technologies:
        return tuple(sorted(f"tech:{t}" for t in fact.technologies))
    return tuple(sorted({f"ipc:{code.split('/')[0]}" for code in fact.ipc_codes}))


def encumbrances(fact: PatentFact, as_of: date, params: PoolParams) -> tuple[str, ...]:
    """质押 / 独占许可 / 临近届满, as recorded up to ``as_of`` (releases are not recorded)."""
    events = events_until(fact, as_of)
    found = []
    if any(e.kind is LegalEventKind.PLEDGE for e in events):
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
        raise InvalidQueryError("请指定产业链节点或技术词 (give a chain node or technology keys)")
    params = params or PoolParams()
    as_of = as_of or date.today()
    flt = PatentFilter(
        chain_node_keys=(chain_node,) if chain_node else (), technology_keys=technology_keys, valid_only=True
    )
    facts = list(store.patent_facts(flt, limit=params.max_patents))
    patents = tuple(_pool_patent(f, as_of, params) for f in facts)
    holders = _pool_holders(facts, patents)
    usable_units = {
        h.holder.key: {u for p in patents if p.usable and h.holder.key in p.holders for u in p.units}
        for h in holders
    }
    usable_counts = {h.holder.key: h.usable_patents for h in holders}
    steps = greedy_cover(usable_units, usable_counts, {h.holder.key: h.holder.name for h in holders})
    all_units = tuple(sorted({u for p in patents for u in p.units}))
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
        notes=(COVER_NOTE, "质押解除未在数据中记录，质押标记偏保守 (pledge releases are not recorded)"),
    )


def _pool_patent(fact: PatentFact, as_of: date, params: PoolParams) -> PoolPatent:
    found = encumbrances(fact, as_of, params)
    expiry = expiry_date(fact)
    return PoolPatent(
        pub_no=fact.pub_no,
        title=fact.title,
        holders=tuple(h.key for h in fact.holders),
        units=coverage_units(fact),
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
