"""Industry-chain gap analysis (产业链补链强链延链分析): where is a region missing or weak?

Per chain node the region's patents are counted by the store (``facet_counts``), compared
with a benchmark (national, one region, or a peer group of regions) through the share and
the RTA with its confidence interval, classified strong / weak / missing / insufficient
evidence / no benchmark activity, and given an action (补链 / 延链 / 强链 / 固链, or none with
the reason). The rules live in ``gap_status`` and are written into every result. For nodes that
are not strong we list who holds the technology elsewhere and which local SMEs work next to it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from graph.chain_evidence import HIGH_MAPPING_CONFIDENCE, MAPPING_MIN_CONFIDENCE
from graph.errors import InvalidQueryError, NotFoundError
from graph.models import (
    ChainNodeRecord,
    ChainPosition,
    PatentFact,
    PatentFilter,
)
from graph.navigation.common import (
    ToDictMixin,
    analysis_date,
    concentration_ratio,
    growth_rate,
    hhi,
    holder_shares,
    parse_date,
    region_name,
    safe_ratio,
)
from graph.navigation.gap_counts import GapCounts, comparison_warnings
from graph.navigation.gap_sources import (
    ExternalHolder,
    LocalSme,
    external_holders,
    local_smes,
    local_smes_from_facts,
)
from graph.navigation.gap_status import (
    STATUS_ZH,
    EvidenceRules,
    GapStatus,
    assign_actions,
    classify,
    definitions,
    growth_window,
    rta_estimate,
)
from graph.navigation.high_value import HighValueParams, assess_high_value
from graph.navigation.sleeping import SleepingParams
from graph.store import GraphStore

logger = logging.getLogger(__name__)

_POSITION_ORDER = {ChainPosition.UPSTREAM: 0, ChainPosition.MIDSTREAM: 1, ChainPosition.DOWNSTREAM: 2}
# Statuses whose node gets source lists (who could fill it): not strong, and someone has it.
_NEEDS_SOURCES = frozenset(
    {GapStatus.MISSING, GapStatus.WEAK, GapStatus.PARITY, GapStatus.INSUFFICIENT_EVIDENCE}
)
MIN_EVIDENCE_FLOOR = 5  # the minimum-evidence rule may be raised, never lowered below this


@dataclass(frozen=True, slots=True)
class ChainGapParams:
    """Thresholds of the status and action rules (``gap_status.definitions`` states them)."""

    min_local_patents: int = 5  # below: 样本不足, never strong or weak
    min_benchmark_patents: int = 5  # benchmark below: 对标无活动, never missing
    # 0 local patents is 缺失 only if the benchmark's intensity predicts >= 3 there: P(0) = exp(-3) = 5 %,
    # unlikely by chance at the 95 % level (at 1 expected P(0) would be 37 %)
    min_expected_patents: float = 3.0
    missing_max_patents: int = 0
    weak_rta: float = 0.8
    strong_rta: float = 1.0  # strong needs RTA at or above this; between the two: 持平 (parity)
    weak_share_ratio: float = 0.8
    confidence_level: float = 0.95  # of the RTA interval
    recent_years: int = 5
    publication_lag_months: int = 18  # 发明专利申请公布滞后 (CN: 18 months from filing/priority)
    benchmark_self_share: float = 0.9  # warn when the region holds this share of the benchmark
    holder_min_confidence: float = HIGH_MAPPING_CONFIDENCE  # "relevant" external holder patents
    top_external_holders: int = 5
    available_patents_per_holder: int = 5
    local_smes: int = 5
    max_patents_scanned: int = 20000  # per node, for the holder lists
    sleeping: SleepingParams = field(default_factory=SleepingParams)
    high_value: HighValueParams = field(default_factory=HighValueParams)

    def rules(self) -> EvidenceRules:
        if self.min_local_patents < MIN_EVIDENCE_FLOOR:
            raise InvalidQueryError(
                f"min_local_patents={self.min_local_patents}: 最少样本数不得低于 {MIN_EVIDENCE_FLOOR}"
            )
        if not 0 <= self.missing_max_patents < self.min_local_patents:
            raise InvalidQueryError(
                f"missing_max_patents={self.missing_max_patents} must be >= 0 and < min_local_patents"
            )
        if self.strong_rta < self.weak_rta:
            raise InvalidQueryError(f"strong_rta={self.strong_rta} must be >= weak_rta={self.weak_rta}")
        if not 0 < self.confidence_level < 1:
            raise InvalidQueryError(f"confidence_level={self.confidence_level} must be in (0, 1)")
        return EvidenceRules(
            self.min_local_patents,
            self.min_benchmark_patents,
            self.min_expected_patents,
            self.missing_max_patents,
            self.weak_rta,
            self.strong_rta,
            self.weak_share_ratio,
            self.confidence_level,
        )


@dataclass(frozen=True, slots=True)
class NodeGap(ToDictMixin):
    node_key: str
    name: str
    position: str
    parent: str | None
    patents: int  # region's patents mapped to the node
    valid_inventions: int
    recent_patents: int  # filed in the recent complete application years (``growth_years``)
    previous_patents: int  # filed in the as many years before
    growth: float | None
    high_value_patents: int
    share: float | None  # of the region's chain patents
    benchmark_patents: int
    benchmark_share: float | None  # of the benchmark's chain patents
    expected_patents: float | None  # the region's patents at the benchmark's intensity
    rta: float | None
    rta_ci_low: float | None
    rta_ci_high: float | None
    rta_significance: str | None  # above / below / not_significant (vs 1)
    hhi: float | None  # holder concentration in the region, 0-1
    cr3: float | None
    status: str  # strong / parity / weak / missing / insufficient_evidence / no_benchmark_activity
    status_zh: str
    reasons: tuple[str, ...]
    action: str | None = None  # 补链 / 延链 / 强链 / 固链, or None (see action_reason)
    action_reason: str = ""
    external_holders: tuple[ExternalHolder, ...] = ()
    local_smes: tuple[LocalSme, ...] = ()


@dataclass(frozen=True, slots=True)
class ChainGapReport(ToDictMixin):
    chain: str
    region_prefix: str
    region_name: str | None
    benchmark: str  # "national" or the prefixes joined by "+"
    as_of: str
    as_of_basis: str  # where as_of came from (the data cut-off unless given)
    data_cutoff: dict[str, str | None]
    growth_years: dict[str, str]
    publication_lag_months: int
    region_patents: int
    region_chain_patents: int
    benchmark_patents: int
    benchmark_chain_patents: int
    thresholds: dict[str, float]
    definitions: dict[str, str]
    warnings: tuple[str, ...]
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
    """Per-node figures, status and action for ``region_prefix`` on ``chain`` against ``benchmark``.

    ``as_of`` defaults to the data cut-off (the latest application, publication or grant date in
    the store), never to today: a corpus that ends years ago would otherwise look like collapse.
    """
    params = params or ChainGapParams()
    rules = params.rules()
    nodes = sorted(store.chain_nodes(chain), key=lambda n: (_POSITION_ORDER[n.position], n.key))
    if not nodes:
        raise NotFoundError(f"产业链不存在或未定义节点 ({chain!r})")
    cutoff = store.data_cutoff()
    as_of, basis = analysis_date(store, as_of, cutoff)
    window = growth_window(
        as_of, parse_date(cutoff.latest_pub_date), params.recent_years, params.publication_lag_months
    )
    region = (region_prefix,)
    bench = benchmark_prefixes(benchmark)
    counts = GapCounts.load(store, chain, region, bench, window)
    region_facts = list(
        store.patent_facts(
            PatentFilter(chain=chain, region_prefixes=region), limit=params.max_patents_scanned
        )
    )
    complete = len(region_facts) < params.max_patents_scanned
    if not complete:
        logger.warning(
            "chain gaps: region facts truncated at %d; HHI and high-value counts are partial",
            params.max_patents_scanned,
        )
    gaps = [
        _node_gap(
            node,
            [f for f in region_facts if any(k == node.key for k, _ in f.chain_nodes)],
            counts,
            params,
            as_of,
        )
        for node in nodes
    ]
    absent = frozenset(
        g.node_key
        for g in gaps
        if g.patents <= params.missing_max_patents and g.benchmark_patents >= params.min_benchmark_patents
    )
    actions = assign_actions(
        {g.node_key: GapStatus(g.status) for g in gaps}, counts.bench_nodes, nodes, rules, absent
    )
    gaps = [replace(g, action=actions[g.node_key][0], action_reason=actions[g.node_key][1]) for g in gaps]
    gaps = [
        _with_sources(store, g, nodes, region_prefix, params, as_of, region_facts if complete else None)
        if g.status in _NEEDS_SOURCES
        else g
        for g in gaps
    ]
    logger.info("chain gaps %s in %s: %d nodes", chain, region_prefix, len(gaps))
    return ChainGapReport(
        chain=chain,
        region_prefix=region_prefix,
        region_name=region_name(region_prefix),
        benchmark="+".join(bench) or "national",
        as_of=as_of.isoformat(),
        as_of_basis=basis,
        data_cutoff={
            "latest_application_date": cutoff.latest_app_date,
            "latest_publication_date": cutoff.latest_pub_date,
            "latest_grant_date": cutoff.latest_grant_date,
        },
        growth_years=window.to_dict(),
        publication_lag_months=params.publication_lag_months,
        region_patents=counts.region_total,
        region_chain_patents=counts.region_chain_total,
        benchmark_patents=counts.bench_total,
        benchmark_chain_patents=counts.bench_chain_total,
        thresholds={
            "min_local_patents": params.min_local_patents,
            "min_benchmark_patents": params.min_benchmark_patents,
            "min_expected_patents": params.min_expected_patents,
            "missing_max_patents": params.missing_max_patents,
            "weak_rta": params.weak_rta,
            "strong_rta": params.strong_rta,
            "weak_share_ratio": params.weak_share_ratio,
            "confidence_level": params.confidence_level,
            "mapping_min_confidence": MAPPING_MIN_CONFIDENCE,
            "holder_min_confidence": params.holder_min_confidence,
            "benchmark_self_share": params.benchmark_self_share,
        },
        definitions=definitions(rules, params.publication_lag_months, params.holder_min_confidence),
        warnings=tuple(
            comparison_warnings(
                region_prefix, bench, counts, params.benchmark_self_share, params.min_local_patents
            )
        ),
        nodes=tuple(gaps),
    )


def _node_gap(
    node: ChainNodeRecord,
    facts: list[PatentFact],
    counts: GapCounts,
    params: ChainGapParams,
    as_of: date,
) -> NodeGap:
    patents = counts.region_nodes.get(node.key, 0)
    bench_patents = counts.bench_nodes.get(node.key, 0)
    share = safe_ratio(patents, counts.region_chain_total)
    bench_share = safe_ratio(bench_patents, counts.bench_chain_total)
    rta = rta_estimate(
        patents, counts.region_total, bench_patents, counts.bench_total, params.confidence_level
    )
    bench_intensity = safe_ratio(bench_patents, counts.bench_total)
    expected = None if bench_intensity is None else bench_intensity * counts.region_total
    status, reasons = classify(patents, bench_patents, share, bench_share, rta, params.rules(), expected)
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
        # a rate on a handful of filings (4 vs 2: +100 %) is noise: counts are shown, the rate is not
        growth=growth_rate(recent, previous) if recent + previous >= params.min_local_patents else None,
        high_value_patents=sum(
            1 for f in facts if assess_high_value(f, as_of, params.high_value).is_high_value
        ),
        share=share,
        benchmark_patents=bench_patents,
        benchmark_share=bench_share,
        expected_patents=expected,
        rta=rta.value,
        rta_ci_low=rta.low,
        rta_ci_high=rta.high,
        rta_significance=rta.significance,
        hhi=hhi(shares),
        cr3=concentration_ratio(shares, 3),
        status=status.value,
        status_zh=STATUS_ZH[status],
        reasons=tuple(reasons),
    )


def _with_sources(
    store: GraphStore,
    gap: NodeGap,
    nodes: list[ChainNodeRecord],
    region_prefix: str,
    params: ChainGapParams,
    as_of: date,
    region_facts: list[PatentFact] | None,
) -> NodeGap:
    """The node's external holders and local SMEs; the SMEs from ``region_facts`` when the
    region's chain patents were all read (one pass, no query per node), else from the store."""
    if region_facts is not None:
        smes = local_smes_from_facts(
            region_facts,
            gap.node_key,
            nodes,
            region_prefix,
            top=params.local_smes,
            max_scanned=params.max_patents_scanned,
        )
    else:
        smes = local_smes(
            store,
            gap.node_key,
            nodes,
            region_prefix,
            top=params.local_smes,
            max_scanned=params.max_patents_scanned,
        )
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
            min_confidence=params.holder_min_confidence,
        ),
        local_smes=smes,
    )
