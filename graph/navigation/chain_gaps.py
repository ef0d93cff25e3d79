"""Industry-chain gap analysis (产业链补链强链分析): where is a region missing or weak?

Per chain node the region's patents are counted by the store (``facet_counts``), compared
with a benchmark (national, one region, or a peer group of regions) through the share and
the RTA, and classified strong / weak / missing with the thresholds in ``ChainGapParams``.
For weak and missing nodes we list who holds the technology elsewhere (with their available
patents) and which local SMEs already work next to the node.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from graph.errors import NotFoundError
from graph.models import ChainNodeRecord, ChainPosition, Facet, PatentFact, PatentFilter, PatentType
from graph.navigation.common import (
    ToDictMixin,
    concentration_ratio,
    growth_rate,
    hhi,
    holder_shares,
    safe_ratio,
)
from graph.navigation.gap_sources import ExternalHolder, LocalSme, external_holders, local_smes
from graph.navigation.high_value import HighValueParams, assess_high_value
from graph.navigation.sleeping import SleepingParams
from graph.store import GraphStore

logger = logging.getLogger(__name__)

GROWTH_DEFINITION = (
    "growth = (patents filed in the last 5 application years incl. the as_of year - the 5 years "
    "before) / the 5 years before; recent years are incomplete (18-month publication lag)"
)
RTA_DEFINITION = (
    "RTA = (region's patents in node / all region's patents) / "
    "(benchmark patents in node / all benchmark patents)"
)
STATUS_ZH = {"strong": "强", "weak": "弱", "missing": "缺失"}
_POSITION_ORDER = {ChainPosition.UPSTREAM: 0, ChainPosition.MIDSTREAM: 1, ChainPosition.DOWNSTREAM: 2}


@dataclass(frozen=True, slots=True)
class ChainGapParams:
    """Status rules: missing if patents <= ``missing_max_patents``; weak if RTA < ``weak_rta``
    or share < ``weak_share_ratio`` x benchmark share; strong otherwise."""

    missing_max_patents: int = 0
    weak_rta: float = 0.8
    weak_share_ratio: float = 0.8
    recent_years: int = 5
    top_external_holders: int = 5
    available_patents_per_holder: int = 5
    local_smes: int = 5
    max_patents_scanned: int = 20000  # per node, for the holder lists
    sleeping: SleepingParams = field(default_factory=SleepingParams)
    high_value: HighValueParams = field(default_factory=HighValueParams)


@dataclass(frozen=True, slots=True)
class NodeGap(ToDictMixin):
    node_key: str
    name: str
    position: str
    parent: str | None
    patents: int  # region's patents mapped to the node
    valid_inventions: int
    recent_patents: int  # filed in the last ``recent_years`` application years
    previous_patents: int  # the ``recent_years`` before that
    growth: float | None
    high_value_patents: int
    share: float | None  # of the region's chain patents
    benchmark_patents: int
    benchmark_share: float | None  # of the benchmark's chain patents
    rta: float | None
    hhi: float | None  # holder concentration in the region, 0-1
    cr3: float | None
    status: str  # strong / weak / missing
    status_zh: str
    reasons: tuple[str, ...]
    external_holders: tuple[ExternalHolder, ...] = ()
    local_smes: tuple[LocalSme, ...] = ()


@dataclass(frozen=True, slots=True)
class ChainGapReport(ToDictMixin):
    chain: str
    region_prefix: str
    benchmark: str  # "national" or the prefixes joined by "+"
    as_of: str
    region_patents: int
    region_chain_patents: int
    benchmark_patents: int
    benchmark_chain_patents: int
    thresholds: dict[str, float]
    definitions: dict[str, str]
    nodes: tuple[NodeGap, ...]


def benchmark_prefixes(benchmark: str | Sequence[str] | None) -> tuple[str, ...]:
    """None / "national" -> () (all patents); "51" -> ("51",); a peer group -> its prefixes."""
    if benchmark is None or benchmark == "national":
        return ()
    if isinstance(benchmark, str):
        return tuple(p.strip() for p in benchmark.split("+") if p.strip())
    return tuple(benchmark)


def find_chain_gaps(
    store: GraphStore,
    chain: str,
    region_prefix: str,
    benchmark: str | Sequence[str] | None = None,
    params: ChainGapParams | None = None,
    as_of: date | None = None,
) -> ChainGapReport:
    """Per-node figures and status for ``region_prefix`` on ``chain`` against ``benchmark``."""
    params = params or ChainGapParams()
    as_of = as_of or date.today()
    nodes = sorted(store.chain_nodes(chain), key=lambda n: (_POSITION_ORDER[n.position], n.key))
    if not nodes:
        raise NotFoundError(f"产业链不存在或未定义节点 (unknown chain {chain!r})")
    region = (region_prefix,)
    bench = benchmark_prefixes(benchmark)
    counts = _Counts.load(store, chain, region, bench, as_of, params.recent_years)
    region_facts = list(
        store.patent_facts(
            PatentFilter(chain=chain, region_prefixes=region), limit=params.max_patents_scanned
        )
    )
    if len(region_facts) >= params.max_patents_scanned:
        logger.warning(
            "chain gaps: region facts truncated at %d; HHI and high-value counts are partial",
            params.max_patents_scanned,
        )
    gaps = []
    for node in nodes:
        facts = [f for f in region_facts if any(k == node.key for k, _ in f.chain_nodes)]
        gap = _node_gap(node, facts, counts, params, as_of)
        if gap.status != "strong":
            gap = _with_sources(store, gap, nodes, region_prefix, params, as_of)
        gaps.append(gap)
    logger.info("chain gaps %s in %s: %d nodes", chain, region_prefix, len(gaps))
    return ChainGapReport(
        chain=chain,
        region_prefix=region_prefix,
        benchmark="+".join(bench) or "national",
        as_of=as_of.isoformat(),
        region_patents=counts.region_total,
        region_chain_patents=counts.region_chain_total,
        benchmark_patents=counts.bench_total,
        benchmark_chain_patents=counts.bench_chain_total,
        thresholds={
            "missing_max_patents": params.missing_max_patents,
            "weak_rta": params.weak_rta,
            "weak_share_ratio": params.weak_share_ratio,
        },
        definitions={
            "rta": RTA_DEFINITION,
            "growth": GROWTH_DEFINITION,
            "hhi": "sum of squared holder shares, 0-1",
        },
        nodes=tuple(gaps),
    )


@dataclass(slots=True)
class _Counts:
    """Everything counted by the store (``facet_counts``), keyed by node."""

    region_total: int
    region_chain_total: int
    bench_total: int
    bench_chain_total: int
    region_nodes: dict[str, int]
    region_valid_inventions: dict[str, int]
    bench_nodes: dict[str, int]
    recent: dict[str, int]
    previous: dict[str, int]

    @classmethod
    def load(
        cls,
        store: GraphStore,
        chain: str,
        region: tuple[str, ...],
        bench: tuple[str, ...],
        as_of: date,
        recent_years: int,
    ) -> _Counts:
        def total(flt: PatentFilter) -> int:
            return sum(c.count for c in store.facet_counts([Facet.PATENT_TYPE], flt))

        def by_node(flt: PatentFilter) -> dict[str, int]:
            return {
                str(c.values[0]): c.count for c in store.facet_counts([Facet.CHAIN_NODE], flt) if c.values[0]
            }

        first = as_of.year - 2 * recent_years + 1
        split = as_of.year - recent_years + 1
        recent: dict[str, int] = {}
        previous: dict[str, int] = {}
        year_flt = PatentFilter(
            chain=chain, region_prefixes=region, app_year_from=first, app_year_to=as_of.year
        )
        for c in store.facet_counts([Facet.CHAIN_NODE, Facet.APP_YEAR], year_flt):
            node, year = c.values
            if node is None or year is None:
                continue
            target = recent if int(year) >= split else previous
            target[node] = target.get(node, 0) + c.count
        return cls(
            region_total=total(PatentFilter(region_prefixes=region)),
            region_chain_total=total(PatentFilter(chain=chain, region_prefixes=region)),
            bench_total=total(PatentFilter(region_prefixes=bench)),
            bench_chain_total=total(PatentFilter(chain=chain, region_prefixes=bench)),
            region_nodes=by_node(PatentFilter(chain=chain, region_prefixes=region)),
            region_valid_inventions=by_node(
                PatentFilter(
                    chain=chain, region_prefixes=region, patent_types=(PatentType.INVENTION,), valid_only=True
                )
            ),
            bench_nodes=by_node(PatentFilter(chain=chain, region_prefixes=bench)),
            recent=recent,
            previous=previous,
        )


def _node_gap(
    node: ChainNodeRecord,
    facts: list[PatentFact],
    counts: _Counts,
    params: ChainGapParams,
    as_of: date,
) -> NodeGap:
    patents = counts.region_nodes.get(node.key, 0)
    bench_patents = counts.bench_nodes.get(node.key, 0)
    share = safe_ratio(patents, counts.region_chain_total)
    bench_share = safe_ratio(bench_patents, counts.bench_chain_total)
    region_intensity = safe_ratio(patents, counts.region_total)
    bench_intensity = safe_ratio(bench_patents, counts.bench_total)
    rta = (
        safe_ratio(region_intensity, bench_intensity)
        if region_intensity is not None and bench_intensity
        else None
    )
    status, reasons = _classify(patents, share, bench_share, rta, params)
    shares = holder_shares(facts)
    recent, previous = counts.recent.get(node.key, 0), counts.previous.get(node.key, 0)
    return NodeGap(
        node_key=node.key,
        name=node.name,
        position=node.position.value,
        parent=node.parent,
        patents=patents,
        valid_inventions=counts.region_valid_inventions.get(node.key, 0),
        recent_patents=recent,
        previous_patents=previous,
        growth=growth_rate(recent, previous),
        high_value_patents=sum(
            1 for f in facts if assess_high_value(f, as_of, params.high_value).is_high_value
        ),
        share=share,
        benchmark_patents=bench_patents,
        benchmark_share=bench_share,
        rta=rta,
        hhi=hhi(shares),
        cr3=concentration_ratio(shares, 3),
        status=status,
        status_zh=STATUS_ZH[status],
        reasons=tuple(reasons),
    )


def _classify(
    patents: int, share: float | None, bench_share: float | None, rta: float | None, params: ChainGapParams
) -> tuple[str, list[str]]:
    if patents <= params.missing_max_patents:
        return "missing", [
            f"本地区该环节专利 {patents} 件 <= {params.missing_max_patents} (no or too few patents)"
        ]
    reasons = []
    if rta is not None and rta < params.weak_rta:
        reasons.append(f"RTA {rta:.2f} < {params.weak_rta} (relative technological weakness)")
    if share is not None and bench_share is not None and share < params.weak_share_ratio * bench_share:
        reasons.append(
            f"占本地区产业链专利 {share:.1%} < {params.weak_share_ratio} x 对标 {bench_share:.1%} "
            "(share below benchmark)"
        )
    if reasons:
        return "weak", reasons
    return "strong", [
        f"本地区专利 {patents} 件, RTA {'n/a' if rta is None else f'{rta:.2f}'} (not below thresholds)"
    ]


def _with_sources(
    store: GraphStore,
    gap: NodeGap,
    nodes: list[ChainNodeRecord],
    region_prefix: str,
    params: ChainGapParams,
    as_of: date,
) -> NodeGap:
    return replace(
        gap,
        external_holders=external_holders(
            store,
            gap.node_key,
            region_prefix,
            as_of,
            top=params.top_external_holders,
            per_holder=params.available_patents_per_holder,
            max_scanned=params.max_patents_scanned,
            sleeping_params=params.sleeping,
        ),
        local_smes=local_smes(
            store,
            gap.node_key,
            nodes,
            region_prefix,
            top=params.local_smes,
            max_scanned=params.max_patents_scanned,
        ),
    )
