"""Plan targets (``graph.plan_targets``) as KPI targets the KPI view can check (目标对照).

Only yearly targets computable from legal events are mapped; cumulative totals over the
plan period (累计), targets on data we do not hold (revenue, product filings, databases
built) and paid values (实际到账金额) are returned as skipped, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.navigation.common import ToDictMixin
from graph.navigation.kpis import KpiTarget
from graph.plan_targets import (
    Comparator,
    DataBasis,
    Measure,
    PlanIndicator,
    PlanTarget,
    ProvincialPlan,
    TargetUnit,
)

# plan indicator -> (KPI metric, measure, kind): kind "growth" or "minimum"
_MAPPING: dict[PlanIndicator, tuple[str, str, str]] = {
    PlanIndicator.TRANSFERS_TO_SME_GROWTH: ("sme_received", "count", "growth"),
    PlanIndicator.ACADEMIC_TRANSFERS_GROWTH: ("academic_outgoing", "count", "growth"),
    PlanIndicator.ACADEMIC_TO_SME_GROWTH: ("academic_to_sme", "count", "growth"),
    PlanIndicator.ACADEMIC_TO_SME_ANNUAL_COUNT: ("academic_to_sme", "count", "minimum"),
    PlanIndicator.LICENCE_TRANSFER_GROWTH: ("transfers_and_licences", "count", "growth"),
    PlanIndicator.PLEDGE_AMOUNT_GROWTH: ("pledges", "amount", "growth"),
    PlanIndicator.PLEDGE_COUNT_GROWTH: ("pledges", "count", "growth"),
    PlanIndicator.PLEDGE_AMOUNT_ANNUAL: ("pledges", "amount", "minimum"),
}
_WAN_PER_UNIT = {TargetUnit.CNY_100M: 10000.0}  # 亿元 -> 万元 (event amounts are in 万元)


@dataclass(frozen=True, slots=True)
class SkippedTarget(ToDictMixin):
    target_id: str
    reason: str


def kpi_targets_from_plan(plan: ProvincialPlan) -> tuple[list[KpiTarget], list[SkippedTarget]]:
    """The plan's checkable targets for its province, and the ones we cannot check."""
    targets: list[KpiTarget] = []
    skipped: list[SkippedTarget] = []
    for target in plan.targets:
        mapped = _MAPPING.get(target.indicator)
        if target.data_basis is not DataBasis.LEGAL_EVENTS or mapped is None:
            skipped.append(SkippedTarget(target.id, f"{target.indicator.value}: 非法律事件可算的年度指标"))
            continue
        targets.extend(_kpi_targets(plan.province_code, target, *mapped))
        if Measure.PAID_VALUE in target.measures:
            skipped.append(
                SkippedTarget(target.id, "实际到账金额不在专利数据中 (paid value not in the data)")
            )
    return targets, skipped


def _kpi_targets(province: str, target: PlanTarget, metric: str, measure: str, kind: str) -> list[KpiTarget]:
    measures = [measure]
    if kind == "growth" and Measure.CONTRACT_VALUE in target.measures and measure == "count":
        measures.append("amount")  # the same growth target applies to the contract value
    source = f"{target.id}: {target.quote}"
    strict = target.comparator is Comparator.MORE_THAN
    if kind == "growth":
        return [
            KpiTarget(
                metric,
                m,
                annual_growth=target.value / 100.0,
                region_prefix=province,
                source=source,
                year=target.year,
                strict=strict,
            )
            for m in measures
        ]
    value = target.value * _WAN_PER_UNIT.get(target.unit, 1.0)
    return [
        KpiTarget(
            metric,
            measure,
            annual_minimum=value,
            region_prefix=province,
            source=source,
            year=target.year,
            strict=strict,
        )
    ]
