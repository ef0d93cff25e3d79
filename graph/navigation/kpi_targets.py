"""Plan targets (``graph.plan_targets``) as KPI targets the KPI view checks (目标对照).

Every target of a plan becomes a ``KpiTarget``: growth targets compound from the plan's
``baseline_year``; cumulative totals (累计) are summed over the plan period; the sleeping-patent
database (沉睡专利数据库) is counted by the sleeping-patent screening; the SMEs' receipts count
only the givers a plan names (山东: 高校、科研院所、国有企业). Targets on data patents do not hold
(revenue, product filings, activities, paid values) are returned too, marked not computable with
the reason, so a report lists every target of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from graph.models import HolderType
from graph.navigation.common import ToDictMixin
from graph.navigation.kpi_checks import STOCK_METRICS, KpiTarget
from graph.navigation.kpi_metrics import METRICS
from graph.navigation.quantities import WAN_PER_YI
from graph.plan_targets import (
    Comparator,
    DataBasis,
    Measure,
    PlanIndicator,
    PlanTarget,
    ProvincialPlan,
    TargetUnit,
)

PI = PlanIndicator
# plan indicator -> (KPI metric, measure, kind): kind growth | minimum | cumulative | stock
_MAPPING: dict[PlanIndicator, tuple[str, str, str]] = {
    PI.TRANSFERS_TO_SME_GROWTH: ("sme_received", "count", "growth"),
    PI.ACADEMIC_TRANSFERS_GROWTH: ("academic_outgoing", "count", "growth"),
    PI.ACADEMIC_TO_SME_GROWTH: ("academic_to_sme", "count", "growth"),
    PI.ACADEMIC_TO_SME_ANNUAL_COUNT: ("academic_to_sme", "count", "minimum"),
    PI.SOE_SHARED_PATENTS_ANNUAL: ("soe_to_sme", "count", "minimum"),
    PI.LICENCE_TRANSFER_GROWTH: ("transfers_and_licences", "count", "growth"),
    PI.PLEDGE_AMOUNT_GROWTH: ("pledges", "amount", "growth"),
    PI.PLEDGE_COUNT_GROWTH: ("pledges", "count", "growth"),
    PI.PLEDGE_AMOUNT_ANNUAL: ("pledges", "amount", "minimum"),
    PI.SME_RECEIVED_TOTAL: ("sme_received", "count", "cumulative"),
    PI.ACADEMIC_TRANSFERS_TOTAL: ("academic_outgoing", "count", "cumulative"),
    PI.PLEDGE_AMOUNT_TOTAL: ("pledges", "amount", "cumulative"),
    PI.PLEDGE_COUNT_TOTAL: ("pledges", "count", "cumulative"),
    PI.SLEEPING_PATENT_DATABASE_SIZE: ("sleeping_patents", "count", "stock"),
}
# a plan that names its givers (高校、科研院所、国有企业) -> the metric counting only those
_GIVER_METRICS = {
    ("sme_received", frozenset({HolderType.UNIVERSITY, HolderType.INSTITUTE, HolderType.SOE})): (
        "sme_received_from_academic_soe"
    ),
}
_WAN_PER_UNIT = {TargetUnit.CNY_100M: WAN_PER_YI}  # 亿元 -> 万元 (event amounts are in 万元)


@dataclass(frozen=True, slots=True)
class SkippedTarget(ToDictMixin):
    target_id: str
    reason: str
    name: str = ""  # the plan's own words for the target, shown instead of the id


def kpi_targets_from_plan(plan: ProvincialPlan) -> tuple[list[KpiTarget], list[SkippedTarget]]:
    """Every target of the plan for its province, and (again, for a notice) the ones that
    cannot be checked from patent data, which are in the first list as not computable."""
    targets: list[KpiTarget] = []
    skipped: list[SkippedTarget] = []
    for target in plan.targets:
        mapped = _MAPPING.get(target.indicator)
        source = f"{target.id}: {target.quote}"
        if target.data_basis is DataBasis.EXTERNAL or mapped is None:
            reason = "该指标的计划口径不是专利数据, 本库无法计算"
            skipped.append(SkippedTarget(target.id, reason, _quoted_name(target)))
            targets.append(_not_computable(plan, target, source, reason, _quoted_name(target)))
            continue
        metric, measure, kind = mapped
        metric = _GIVER_METRICS.get((metric, frozenset(target.givers)), metric) if target.givers else metric
        targets.extend(_kpi_targets(plan, target, source, metric, measure, kind))
        if Measure.PAID_VALUE in target.measures:
            reason = "实际到账金额不在专利数据中"
            name = f"{METRICS[metric].name_zh if metric in METRICS else _quoted_name(target)} (实际到账金额)"
            skipped.append(SkippedTarget(target.id, reason, name))
            targets.append(_not_computable(plan, target, source + " [实际到账金额]", reason, name))
    return targets, skipped


def _quoted_name(target: PlanTarget) -> str:
    """A target without a KPI metric is named by the plan's own words (its first clause)."""
    clause = target.quote.split("，")[0].split(",")[0].strip()
    return clause[:40] or target.indicator.value


def _not_computable(
    plan: ProvincialPlan, target: PlanTarget, source: str, reason: str, name: str
) -> KpiTarget:
    return KpiTarget(
        target.indicator.value,
        metric_zh=name,
        region_prefix=plan.province_code,
        source=source,
        year=target.year,
        target_id=target.id,
        not_computable=reason,
    )


def _kpi_targets(
    plan: ProvincialPlan, target: PlanTarget, source: str, metric: str, measure: str, kind: str
) -> list[KpiTarget]:
    base = KpiTarget(
        metric,
        measure,
        metric_zh=METRICS[metric].name_zh if metric in METRICS else STOCK_METRICS.get(metric, metric),
        region_prefix=plan.province_code,
        source=source,
        year=target.year,
        strict=target.comparator is Comparator.MORE_THAN,
        target_id=target.id,
    )
    if kind == "growth":
        growth = replace(base, annual_growth=target.value / 100.0, baseline_year=plan.baseline_year)
        if Measure.CONTRACT_VALUE in target.measures and measure == "count":
            return [growth, replace(growth, measure="amount")]  # the same growth for the contract value
        return [growth]
    value = target.value * _WAN_PER_UNIT.get(target.unit, 1.0)
    if kind == "cumulative":
        first, last = (target.year, target.year) if target.year else (plan.period_start, plan.period_end)
        return [replace(base, cumulative_minimum=value, period_start=first, period_end=last)]
    if kind == "stock":
        return [replace(base, stock_minimum=value)]
    return [replace(base, annual_minimum=value)]
