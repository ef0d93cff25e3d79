"""Status and action rules of the chain-gap analysis (环节状态与补链/强链/延链/固链 规则).

Each rule is defined once here and written into every result (``definitions``) in Chinese, so an
analyst can quote it in a navigation report. The thresholds come from ``ChainGapParams``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from statistics import NormalDist

from graph.chain_evidence import MAPPING_RULE_ZH
from graph.models import ChainNodeRecord
from graph.navigation.common import add_months
from graph.navigation.gap_sources import adjacent_nodes


class GapStatus(StrEnum):
    STRONG = "strong"  # 强
    PARITY = "parity"  # 持平
    WEAK = "weak"  # 弱
    MISSING = "missing"  # 缺失
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"  # 样本不足
    NO_BENCHMARK_ACTIVITY = "no_benchmark_activity"  # 对标无活动


STATUS_ZH = {
    GapStatus.STRONG: "强",
    GapStatus.PARITY: "持平",
    GapStatus.WEAK: "弱",
    GapStatus.MISSING: "缺失",
    GapStatus.INSUFFICIENT_EVIDENCE: "样本不足",
    GapStatus.NO_BENCHMARK_ACTIVITY: "对标无活动",
}


class GapAction(StrEnum):
    FILL = "补链"  # the region lacks the link, the benchmark has it: bring in holders / technology
    EXTEND = "延链"  # a missing link next to a link where the region is strong: extend from there
    STRENGTHEN = "强链"  # present but weak: cultivate
    CONSOLIDATE = "固链"  # strong: keep


@dataclass(frozen=True, slots=True)
class EvidenceRules:
    """The thresholds of ``classify`` (the ``ChainGapParams`` fields of the same names)."""

    min_local_patents: int
    min_benchmark_patents: int
    min_expected_patents: float
    missing_max_patents: int
    weak_rta: float
    strong_rta: float
    weak_share_ratio: float
    confidence_level: float


@dataclass(frozen=True, slots=True)
class RtaEstimate:
    """RTA with a two-sided confidence interval (Katz log method) and its reading against 1."""

    value: float | None
    low: float | None
    high: float | None
    significance: str | None  # above / below / not_significant (vs RTA = 1); None without an interval


def rta_estimate(node: int, total: int, bench_node: int, bench_total: int, level: float) -> RtaEstimate:
    """RTA = (node / total) / (bench_node / bench_total), CI exp(ln RTA +- z * se).

    se = sqrt(1/node - 1/total + 1/bench_node - 1/bench_total) treats region and benchmark as
    independent samples; when the region is part of the benchmark the true interval is narrower,
    so this one is conservative. No interval when either node count is 0.
    """
    if not total or not bench_total or not bench_node:
        return RtaEstimate(None, None, None, None)
    value = (node / total) / (bench_node / bench_total)
    if not node:
        return RtaEstimate(value, None, None, None)
    variance = max(0.0, 1 / node - 1 / total + 1 / bench_node - 1 / bench_total)
    spread = NormalDist().inv_cdf(0.5 + level / 2) * math.sqrt(variance)
    low, high = value * math.exp(-spread), value * math.exp(spread)
    significance = "above" if low > 1 else "below" if high < 1 else "not_significant"
    return RtaEstimate(value, low, high, significance)


def _rta_text(rta: RtaEstimate) -> str:
    if rta.value is None:
        return "RTA 无法计算"
    if rta.low is None or rta.high is None:
        return f"RTA {rta.value:.2f}"
    reading = {"above": "显著高于 1", "below": "显著低于 1"}.get(rta.significance or "", "与 1 无显著差异")
    return f"RTA {rta.value:.2f} (95% 置信区间 {rta.low:.2f}-{rta.high:.2f}, {reading})"


def classify(
    patents: int,
    bench_patents: int,
    share: float | None,
    bench_share: float | None,
    rta: RtaEstimate,
    rules: EvidenceRules,
    expected: float | None = None,
) -> tuple[GapStatus, list[str]]:
    """The node's status and the reasons, in the order of the rules written in ``definitions``.

    ``expected``: the region's patents at the benchmark's intensity; a zero count is evidence of a
    gap only when some are expected (Poisson: P(0) = exp(-expected), stated in the reason)."""
    counts = f"本地区 {patents} 件, 对标 {bench_patents} 件"
    if patents <= rules.missing_max_patents:
        if bench_patents < rules.min_benchmark_patents:
            return GapStatus.NO_BENCHMARK_ACTIVITY, [
                f"{counts}: 对标也不足 {rules.min_benchmark_patents} 件, 无从判断缺失"
            ]
        outlook = ""
        if expected is not None:
            outlook = f"; 按对标强度预期 {expected:.1f} 件, 全无的概率 {math.exp(-expected):.0%} (泊松)"
        if expected is not None and expected < rules.min_expected_patents:
            return GapStatus.INSUFFICIENT_EVIDENCE, [
                f"{counts}{outlook}: 预期不足 {rules.min_expected_patents:g} 件, 本地区规模太小, 不能判为缺失"
            ]
        return GapStatus.MISSING, [
            f"{counts}: 本地区 <= {rules.missing_max_patents} 件而对标 >= {rules.min_benchmark_patents} 件"
            + outlook
        ]
    if patents < rules.min_local_patents:
        return GapStatus.INSUFFICIENT_EVIDENCE, [
            f"{counts}: 本地区不足 {rules.min_local_patents} 件, 不判强弱; {_rta_text(rta)}"
        ]
    if bench_patents < rules.min_benchmark_patents:
        return GapStatus.NO_BENCHMARK_ACTIVITY, [
            f"{counts}: 对标不足 {rules.min_benchmark_patents} 件, 无从比较"
        ]
    reasons = []
    if rta.value is not None and rta.value < rules.weak_rta:
        reasons.append(f"{_rta_text(rta)} < {rules.weak_rta} (相对技术劣势)")
    if share is not None and bench_share is not None and share < rules.weak_share_ratio * bench_share:
        reasons.append(f"占本地区产业链专利 {share:.1%} < {rules.weak_share_ratio} x 对标 {bench_share:.1%}")
    if reasons:
        return GapStatus.WEAK, [counts, *reasons]
    if rta.value is not None and rta.value < rules.strong_rta:
        return GapStatus.PARITY, [
            f"{counts}; {_rta_text(rta)} 在 {rules.weak_rta} 与 {rules.strong_rta} 之间"
        ]
    if rta.significance == "not_significant":
        # a high RTA on few patents whose interval still contains 1 is not an advantage yet
        return GapStatus.PARITY, [f"{counts}; {_rta_text(rta)}: 置信区间含 1, 优势不显著, 按持平"]
    return GapStatus.STRONG, [f"{counts}; {_rta_text(rta)} >= {rules.strong_rta}, 占比不低于对标"]


def assign_actions(
    statuses: Mapping[str, GapStatus],
    bench_counts: Mapping[str, int],
    nodes: Sequence[ChainNodeRecord],
    rules: EvidenceRules,
    absent: frozenset[str] = frozenset(),
) -> dict[str, tuple[GapAction | None, str]]:
    """补链 / 延链 / 强链 / 固链 (or None with the reason) for every node, by the rules in ``definitions``.

    ``absent``: nodes where the region has no patent (at most ``missing_max_patents``) while the
    benchmark is active. 延链 needs only that absence next to a strong link: it recommends growing
    from a strength, not closing a proven gap; 补链 needs the absence to be 缺失 (unlikely by chance).
    """
    names = {n.key: n.name for n in nodes}
    actions: dict[str, tuple[GapAction | None, str]] = {}
    for key, status in statuses.items():
        strong = [k for k in adjacent_nodes(key, list(nodes)) if statuses.get(k) is GapStatus.STRONG]
        if (status is GapStatus.MISSING or key in absent) and strong:
            actions[key] = (
                GapAction.EXTEND,
                "本地区无该环节专利, 相邻环节 "
                + "、".join(names.get(k, k) for k in strong)
                + " 本地区为强, 可由此延伸",
            )
        elif status is GapStatus.MISSING:
            actions[key] = (
                GapAction.FILL,
                f"本地区无该环节专利, 对标 {bench_counts.get(key, 0)} 件: 引进技术或主体",
            )
        elif status is GapStatus.WEAK:
            actions[key] = (GapAction.STRENGTHEN, "本地区有布局但相对对标偏弱: 培育本地主体")
        elif status is GapStatus.PARITY:
            actions[key] = (GapAction.STRENGTHEN, "本地区与对标大致持平, 尚未形成优势: 培育本地主体")
        elif status is GapStatus.STRONG:
            actions[key] = (GapAction.CONSOLIDATE, "本地区相对对标为强: 巩固优势")
        elif key in absent:
            actions[key] = (
                None,
                f"本地区无该环节专利, 但按对标强度预期不足 {rules.min_expected_patents:g} 件, "
                "全无可能出于偶然, 不判缺失, 不给出补链建议",
            )
        elif status is GapStatus.INSUFFICIENT_EVIDENCE:
            actions[key] = (None, f"样本不足 (本地区专利少于 {rules.min_local_patents} 件), 不给出建议")
        else:
            actions[key] = (None, "对标无活动, 不给出建议")
    return actions


@dataclass(frozen=True, slots=True)
class GrowthWindow:
    """Application years compared by the growth figure: complete years only."""

    recent_from: int
    recent_to: int
    previous_from: int
    previous_to: int
    reference_date: date  # the date completeness is judged at

    def to_dict(self) -> dict[str, str]:
        return {
            "recent": f"{self.recent_from}-{self.recent_to}",
            "previous": f"{self.previous_from}-{self.previous_to}",
            "reference_date": self.reference_date.isoformat(),
        }


def growth_window(as_of: date, latest_pub: date | None, years: int, lag_months: int) -> GrowthWindow:
    """The last ``years`` complete application years and the ``years`` before them.

    A filing year is complete when its 31 December plus the publication lag is on or before the
    reference date: ``as_of``, or the store's latest publication date if that is earlier (nothing
    filed later can have been published yet).
    """
    reference = min(as_of, latest_pub) if latest_pub else as_of
    last = reference.year
    while add_months(date(last, 12, 31), lag_months) > reference:
        last -= 1
    return GrowthWindow(last - years + 1, last, last - 2 * years + 1, last - years, reference)


def definitions(rules: EvidenceRules, lag_months: int, holder_min_confidence: float) -> dict[str, str]:
    """The rules of this result in Chinese (结果中写明的判定规则)."""
    level = f"{rules.confidence_level:.0%}"
    return {
        "status": (
            f"缺失: 本地区该环节专利 <= {rules.missing_max_patents} 件, "
            f"对标 >= {rules.min_benchmark_patents} 件, "
            f"且按对标强度本地区预期 >= {rules.min_expected_patents:g} 件, 即偶然全无的概率 "
            f"P(0) = exp(-预期) <= {math.exp(-rules.min_expected_patents):.0%} (泊松, 理由中给出); "
            f"对标无活动: 对标不足 {rules.min_benchmark_patents} 件; "
            f"样本不足: 本地区 1 至 {rules.min_local_patents - 1} 件, 或本地区为 0 件但预期不足 "
            f"{rules.min_expected_patents:g} 件, 不判强弱与缺失 (计数照常给出); "
            f"弱: 本地区 >= {rules.min_local_patents} 件且 RTA < {rules.weak_rta}, "
            f"或占本地区产业链专利比例 < {rules.weak_share_ratio} x 对标占比; "
            f"持平: 不弱且 RTA < {rules.strong_rta}, "
            f"或 RTA >= {rules.strong_rta} 但置信区间含 1 (优势不显著); "
            f"强: RTA >= {rules.strong_rta} 且置信区间下限 > 1"
        ),
        "action": (
            "补链: 缺失环节 (本地区无、对标有), 引进技术或主体; "
            "延链: 本地区无专利而对标有活动的环节 (缺失, 或预期不足而样本不足) 与本地区为强的环节相邻 "
            "(上下游供给关系或上下级), 由强环节延伸; "
            "强链: 弱或持平的环节, 培育本地主体; 固链: 强环节, 巩固优势; "
            "无建议: 样本不足或对标无活动, 附原因"
        ),
        "rta": (
            "RTA = (本地区该环节专利 / 本地区全部专利) / (对标该环节专利 / 对标全部专利); "
            f"{level} 置信区间用 Katz 对数法, se = sqrt(1/a - 1/A + 1/b - 1/B), 按独立样本计算; "
            "本地区包含在对标中时区间偏宽 (保守)"
        ),
        "share": (
            "占比 = 该环节专利 / 本地区 (或对标) 产业链专利; 一件专利可映射到多个环节, "
            "各环节占比之和可超过 100%"
        ),
        "growth": (
            "增长率 = (近期完整申请年份的申请量 - 前期同样年数的申请量) / 前期申请量; "
            f"某申请年的 12 月 31 日加公开滞后 {lag_months} 个月不晚于参考日"
            " (基准日与库中最新公开日的较早者) 才算完整年份, 不完整年份不计入;"
            f" 两期合计不足 {rules.min_local_patents} 件时不计算增长率, 只给件数"
        ),
        "external_holders": (
            f"本地区以外的权利人, 按相关度排序: 先比有效、映射置信度 >= {holder_min_confidence} 且可获得 "
            "(沉睡或开放许可) 的该环节专利数, 再比有效且高置信度的专利数, 再比有效专利总数"
        ),
        "mapping": MAPPING_RULE_ZH,
        "hhi": "本地区该环节权利人专利份额平方和, 0-1",
    }
