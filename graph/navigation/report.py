"""The navigation report's content (专利导航分析报告, GB/T 39551 part 3) for a region and chains.

Data assembly only: every figure comes from an existing analysis on the store contract (chain
gaps for the regional position, weak links, external holders and local SMEs; the sleeping-patent
screening for the supply; the high-value analysis for the high-value counts; the per-node
landscape of ``report_landscape``). The retrieval's measured 查准率/查全率 are handed in
(``MappingFigures``) by the caller, which runs the evaluation (``nlp.mapping_accuracy``).
Rendering (HTML, PDF, XLSX) is ``viz.report``'s job.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from graph.chain_evidence import MAPPING_MIN_CONFIDENCE, MAPPING_RULE_ZH
from graph.errors import InvalidQueryError, NotFoundError
from graph.models import Facet, PatentFilter
from graph.navigation.chain_gaps import ChainGapParams, ChainGapReport, find_chain_gaps
from graph.navigation.common import ToDictMixin, analysis_date, in_region, region_name
from graph.navigation.high_value import CRITERIA_ZH, PLEDGE_CAVEAT, SEI_CAVEAT
from graph.navigation.labels import chain_names
from graph.navigation.report_landscape import LandscapeParams, NodeLandscape, chain_landscape
from graph.navigation.report_summary import chain_findings, report_summary
from graph.navigation.sleeping import (
    INDICATOR_NAMES_ZH,
    SleepingParams,
    SleepingPatent,
    SleepingPatentFilter,
    screen_sleeping_patents,
)
from graph.store import GraphStore

logger = logging.getLogger(__name__)

MAX_REPORT_CHAINS = 5  # one report's cost is bounded: each chain is a full gap analysis


@dataclass(frozen=True, slots=True)
class Accuracy(ToDictMixin):
    """查准率/查全率 on the labelled items (``correct`` of ``predicted``, of ``gold``)."""

    gold: int
    predicted: int
    correct: int
    precision: float | None
    recall: float | None


@dataclass(frozen=True, slots=True)
class MappingFigures(ToDictMixin):
    """The measured accuracy of the chain mapping (the report's search strategy)."""

    items: int  # labelled patents scored
    split: str  # test = held out from the rule's development
    min_confidence: float
    overall: Accuracy  # (patent, chain) pairs
    nodes: Accuracy  # exact node keys
    by_chain: dict[str, Accuracy]
    by_node: dict[str, Accuracy]
    source: str  # where the labelled set comes from, in Chinese


@dataclass(frozen=True, slots=True)
class SearchStrategy(ToDictMixin):
    """One node's retrieval (检索策略): IPC codes and keywords, and its measured accuracy."""

    node_key: str
    name: str
    position: str
    parent_name: str | None
    downstream_names: tuple[str, ...]  # the nodes it supplies (供给关系)
    ipc_codes: tuple[str, ...]
    keywords: tuple[str, ...]
    accuracy: Accuracy | None


@dataclass(frozen=True, slots=True)
class SleepingSupply(ToDictMixin):
    """Sleeping patents on the chain (沉睡专利供给): all regions, the region's own counted apart."""

    total: int
    in_region: int
    by_level: dict[str, int]
    by_node: dict[str, int]  # node key -> patents
    by_holder: tuple[tuple[str, int], ...]  # holder name -> patents, most first
    patents: tuple[SleepingPatent, ...]  # all of them, best first (the HTML shows the head)


@dataclass(frozen=True, slots=True)
class ChainSection(ToDictMixin):
    chain: str
    chain_name: str
    strategy: tuple[SearchStrategy, ...]
    accuracy: Accuracy | None  # chain level
    gaps: ChainGapReport
    landscape: tuple[NodeLandscape, ...]
    chain_patents: int  # all regions
    region_share: float | None  # the region's share of the chain's patents
    sleeping: SleepingSupply
    findings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NavigationReport(ToDictMixin):
    title: str
    region_prefix: str
    region_name: str
    benchmark: str
    benchmark_name: str
    as_of: str
    as_of_basis: str
    data_cutoff: dict[str, str | None]
    source: str
    store: str
    patents_total: int
    region_patents: int
    mapping: MappingFigures | None
    chains: tuple[ChainSection, ...]
    summary: tuple[str, ...]
    method: dict[str, str]
    thresholds: dict[str, float | int | str]
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ReportParams:
    gaps: ChainGapParams = field(default_factory=ChainGapParams)
    landscape: LandscapeParams = field(default_factory=LandscapeParams)
    sleeping: SleepingParams = field(default_factory=SleepingParams)


def _total(store: GraphStore, flt: PatentFilter) -> int:
    return sum(c.count for c in store.facet_counts([Facet.PATENT_TYPE], flt))


def _strategy(store: GraphStore, chain: str, mapping: MappingFigures | None) -> tuple[SearchStrategy, ...]:
    nodes = store.chain_nodes(chain)
    names = {n.key: n.name for n in nodes}
    by_node = mapping.by_node if mapping else {}
    return tuple(
        SearchStrategy(
            n.key,
            n.name,
            n.position.value,
            names.get(n.parent) if n.parent else None,
            tuple(names.get(k, k) for k in n.supplies_to),
            n.ipc_codes,
            n.keywords,
            by_node.get(n.key),
        )
        for n in nodes
    )


def _sleeping(
    store: GraphStore, chain: str, region_prefix: str, as_of: date, params: SleepingParams
) -> SleepingSupply:
    patents = screen_sleeping_patents(store, as_of, SleepingPatentFilter(chain=chain), params)
    nodes: Counter[str] = Counter()
    holders: Counter[str] = Counter()
    for p in patents:
        nodes.update(k for k in p.chain_nodes if k.startswith(f"{chain}/"))
        holders.update(h.name for h in p.holders)
    return SleepingSupply(
        total=len(patents),
        in_region=sum(1 for p in patents if in_region(p.region_code, (region_prefix,))),
        by_level={level: sum(1 for p in patents if p.level == level) for level in ("A", "B", "C")},
        by_node=dict(sorted(nodes.items())),
        by_holder=tuple(sorted(holders.items(), key=lambda kv: (-kv[1], kv[0]))),
        patents=tuple(patents),
    )


def _chain_section(
    store: GraphStore,
    chain: str,
    region_prefix: str,
    benchmark: str,
    as_of: date,
    mapping: MappingFigures | None,
    params: ReportParams,
) -> ChainSection:
    gaps = find_chain_gaps(store, chain, region_prefix, benchmark, params.gaps, as_of)
    order = {g.node_key: i for i, g in enumerate(gaps.nodes)}  # up-, mid-, downstream
    nodes = sorted(store.chain_nodes(chain), key=lambda n: order[n.key])
    landscape = chain_landscape(store, chain, nodes, region_prefix, as_of, params.landscape)
    chain_patents = _total(store, PatentFilter(chain=chain))
    sleeping = _sleeping(store, chain, region_prefix, as_of, params.sleeping)
    name = chain_names().get(chain, chain)
    return ChainSection(
        chain=chain,
        chain_name=name,
        strategy=tuple(sorted(_strategy(store, chain, mapping), key=lambda n: order[n.node_key])),
        accuracy=mapping.by_chain.get(chain) if mapping else None,
        gaps=gaps,
        landscape=landscape,
        chain_patents=chain_patents,
        region_share=gaps.region_chain_patents / chain_patents if chain_patents else None,
        sleeping=sleeping,
        findings=tuple(chain_findings(name, gaps, sleeping.total, sleeping.in_region)),
    )


def _chinese_part(text: str) -> str:
    """A bilingual caveat's Chinese part: the text before its English gloss (three English words
    or more, in brackets or after a semicolon)."""
    cut = re.split(r"\s*[;；(（]?\s*[A-Za-z]+(?:[ ,]+[A-Za-z]{2,}){2,}", text, maxsplit=1)[0]
    return cut.strip().rstrip(";；,， ")


def _method(params: ReportParams, gaps: ChainGapReport | None) -> dict[str, str]:
    sleeping = params.sleeping
    weights = "、".join(f"{INDICATOR_NAMES_ZH[k]} {w:.0%}" for k, w in sleeping.weights.items())
    method = {
        "检索与映射": MAPPING_RULE_ZH + f"; 仅计入置信度 >= {MAPPING_MIN_CONFIDENCE} 的映射",
        "沉睡专利": (
            f"高校院所持有的有效专利, 授权满 {sleeping.min_years_since_grant} 年, "
            "截至基准日无转让、许可、质押、作价入股事件;"
            f" 分级指标与权重: {weights}; A 级得分 >= {sleeping.level_a_min}, "
            f"B 级 >= {sleeping.level_b_min}, 其余 C 级; 缺少数据的指标不计入权重"
        ),
        "高价值发明专利": "有效发明专利满足以下任一项: " + "; ".join(CRITERIA_ZH.values()),
        "高价值口径说明": _chinese_part(SEI_CAVEAT)
        + "; "
        + _chinese_part(PLEDGE_CAVEAT)
        + "; 一份质押合同常覆盖多件专利, 按记录中最大的单笔金额判断",
    }
    if gaps is not None:
        labels = {
            "status": "环节状态",
            "action": "补链/延链/强链/固链",
            "rta": "RTA (显示性技术优势)",
            "growth": "增长率",
            "external_holders": "外部权利人排序",
            "hhi": "集中度 (HHI)",
        }
        method.update({labels[k]: v for k, v in gaps.definitions.items() if k in labels})
    return method


def assemble_navigation_report(
    store: GraphStore,
    region_prefix: str,
    chains: Sequence[str],
    benchmark: str = "national",
    as_of: date | None = None,
    mapping: MappingFigures | None = None,
    source: str = "",
    params: ReportParams | None = None,
) -> NavigationReport:
    """Everything the report shows for ``region_prefix`` on ``chains`` against ``benchmark``."""
    params = params or ReportParams()
    chosen = list(dict.fromkeys(chains))
    if not chosen:
        raise InvalidQueryError("请至少指定一条产业链 (chain)")
    if len(chosen) > MAX_REPORT_CHAINS:
        raise InvalidQueryError(f"一份报告最多 {MAX_REPORT_CHAINS} 条产业链, 收到 {len(chosen)} 条")
    known = {n.chain for n in store.chain_nodes()}
    for chain in chosen:
        if chain not in known:
            raise NotFoundError(f"产业链不存在 {chain!r}; 可选: {', '.join(sorted(known))}")
    cutoff = store.data_cutoff()
    day, basis = analysis_date(store, as_of, cutoff)
    sections = [_chain_section(store, c, region_prefix, benchmark, day, mapping, params) for c in chosen]
    region = region_name(region_prefix) or region_prefix
    first = sections[0].gaps
    bench_name = (
        "全国"
        if first.benchmark == "national"
        else "、".join(region_name(p) or p for p in first.benchmark.split("+"))
    )
    logger.info("navigation report %s on %s: %d chains", region_prefix, ",".join(chosen), len(sections))
    names = "、".join(s.chain_name for s in sections)
    return NavigationReport(
        title=f"{region}{names}产业专利导航分析报告",
        region_prefix=region_prefix,
        region_name=region,
        benchmark=first.benchmark,
        benchmark_name=bench_name,
        as_of=day.isoformat(),
        as_of_basis=basis,
        data_cutoff=first.data_cutoff,
        source=source or "本系统图谱中已导入的专利数据",
        store=store.stats().store,
        patents_total=_total(store, PatentFilter()),
        region_patents=first.region_patents,
        mapping=mapping,
        chains=tuple(sections),
        summary=tuple(report_summary(region, bench_name, [(s.chain_name, s.gaps) for s in sections])),
        method=_method(params, first),
        thresholds=dict(first.thresholds),
        warnings=tuple(dict.fromkeys(w for s in sections for w in s.gaps.warnings)),
    )
