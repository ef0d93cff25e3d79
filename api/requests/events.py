"""Requests on legal events (法律事件): transformation KPIs and abnormal-transfer warnings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from api.requests.base import NavigationContext, NavigationResponse, PagedRequest
from api.requests.errors import echo
from api.requests.fields import (
    LISTED,
    MAX_KPI_YEARS,
    BulkMinimum,
    Day,
    HolderKeys,
    KpiRegions,
    RegionCodes,
    WindowDays,
    Year,
    listed,
)
from api.requests.results import KpiResult
from graph.navigation import AbnormalTransferParams, AbnormalTransferReport

if TYPE_CHECKING:
    from graph.navigation import KpiTarget

KPI_DEFAULT_YEARS = 3
TARGET_FORM = "metric:measure:growth[:minimum], 如 academic_to_sme:count:0.2"
_ABNORMAL_DEFAULTS = AbnormalTransferParams()


def parse_target(value: str) -> str:
    """A target spec ``metric:measure:growth[:minimum]`` checked against the KPI metrics."""
    from graph.navigation.kpis import METRICS

    parts = [p.strip() for p in value.split(":")]
    if len(parts) > 4 or parts[0] not in METRICS:
        raise ValueError(f"目标 {echo(value)} 无效: 应为 {TARGET_FORM}; 指标: {', '.join(METRICS)}")
    if len(parts) > 1 and parts[1] not in ("count", "amount"):
        raise ValueError(f"目标 {echo(value)} 的口径应为 count 或 amount")
    for number in parts[2:]:
        try:
            float(number or 0)
        except ValueError as exc:
            raise ValueError(f"目标 {echo(value)} 的增长率与下限应为数字: {TARGET_FORM}") from exc
    return ":".join(parts)


def kpi_target(spec: str) -> KpiTarget:
    from graph.navigation import KpiTarget

    parts = [*spec.split(":"), "", "", ""]
    growth = float(parts[2]) if parts[2] else None
    minimum = float(parts[3]) if parts[3] else None
    return KpiTarget(parts[0], parts[1] or "count", growth, minimum, None, "request")


def plan_targets(prefixes: list[str]) -> tuple[list[KpiTarget], list[str]]:
    """The provincial plans' checkable targets for the provinces asked for, and notes on the rest."""
    from graph.errors import NotFoundError
    from graph.navigation.kpi_targets import kpi_targets_from_plan
    from graph.plan_targets import plan_for_province

    targets: list[KpiTarget] = []
    notes: list[str] = []
    for prefix in prefixes:
        if len(prefix) != 2:
            notes.append(f"计划目标按省核对, {prefix or '全国'} 不是省级代码")
            continue
        try:
            found, skipped = kpi_targets_from_plan(plan_for_province(prefix))
        except NotFoundError:
            notes.append(f"无 {prefix} 省的计划目标")
            continue
        targets.extend(t for t in found if t.region_prefix == prefix)
        notes.extend(f"未核对「{item.name or item.target_id}」: {item.reason}" for item in skipped)
    return targets, notes


class KpiRequest(PagedRequest):
    """转化运用指标: yearly counts and amounts per region, optionally against plan targets."""

    analysis = "kpis"
    openapi_summary = "转化运用指标"
    openapi_description = (
        "按地区、按年统计专利转让、许可、质押等转化运用的件数与金额, 可对照自定目标或各省专项计划目标。"
        f"年份范围 1-{MAX_KPI_YEARS} 年, 且 year_from 不晚于 year_to。"
        "指标行 (地区 x 年) 分页, page 给出总行数; 目标核对截至 limit 条并附 checks_total。"
    )
    result_type = KpiResult
    region: KpiRegions = Field(
        default_factory=list,
        description="地区前缀 (可重复或逗号分隔); national 或省略 = 全国",
        examples=[["22"]],
    )
    year_from: Year = Field(
        None, description=f"起始年份 (默认 year_to 前两年); 不晚于 year_to, 跨度至多 {MAX_KPI_YEARS} 年"
    )
    year_to: Year = Field(None, description="结束年份 (默认上一年)", examples=[2023])
    target: Annotated[list[Annotated[str, AfterValidator(parse_target)]], BeforeValidator(listed), LISTED] = (
        Field(default_factory=list, description=f"自定目标 (可重复或逗号分隔): {TARGET_FORM}")
    )
    plan: bool = Field(False, description="对照各省专项计划目标")

    def years(self) -> range:
        last = self.year_to or date.today().year - 1
        first = self.year_from or last - KPI_DEFAULT_YEARS + 1
        return range(first, last + 1)

    @model_validator(mode="after")
    def _year_range(self) -> KpiRequest:
        years = self.years()
        if not 1 <= len(years) <= MAX_KPI_YEARS:
            raise ValueError(
                f"年份范围须为 1 到 {MAX_KPI_YEARS} 年且起始不晚于结束, 收到 {years.start}-{years.stop - 1}"
            )
        return self

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        from graph.navigation import transformation_kpis

        prefixes = list(self.region) or [""]
        targets = [kpi_target(spec) for spec in self.target]
        notes: list[str] = []
        if self.plan:
            planned, notes = plan_targets(prefixes)
            targets.extend(planned)
        report = transformation_kpis(ctx.store, prefixes, self.years(), targets)
        rows, page = self.page(report.rows)
        result = replace(report, rows=tuple(rows)).to_dict()
        return self.respond(self.cut(result, "checks"), page, notes=notes)


class AbnormalTransferRequest(PagedRequest):
    """异常转让预警: rule-based warnings with their evidence (a prompt for review, not a verdict)."""

    analysis = "abnormal_transfers"
    openapi_summary = "异常转让预警"
    openapi_description = (
        "按规则 (批量转让、短期回转、失效前转让等) 列出需要复核的转让与许可, 附证据; "
        "这是复核提示, 不是结论。date_from 不得晚于 date_to。"
    )
    result_type = AbnormalTransferReport
    region: RegionCodes = Field(default_factory=list, description="地区代码或前缀 (可重复或逗号分隔)")
    holder: HolderKeys = Field(default_factory=list, description="权利人键 (可重复或逗号分隔)")
    date_from: Day = Field(None, description="首日 YYYY-MM-DD (不晚于 date_to)")
    date_to: Day = Field(None, description="末日 YYYY-MM-DD", examples=["2024-06-30"])
    bulk_min: BulkMinimum = Field(
        _ABNORMAL_DEFAULTS.bulk_min_patents, description="批量转让: 同日同双方至少这么多件"
    )
    round_trip_days: WindowDays = Field(
        _ABNORMAL_DEFAULTS.round_trip_days, description="回转: A->B->A 在这么多天内"
    )
    pre_lapse_days: WindowDays = Field(
        _ABNORMAL_DEFAULTS.pre_lapse_days, description="失效前转让: 失效前这么多天内"
    )
    as_of: Day = Field(None, description="分析基准日 YYYY-MM-DD")

    @model_validator(mode="after")
    def _dates_in_order(self) -> AbnormalTransferRequest:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"日期范围无效: date_from {self.date_from} 晚于 date_to {self.date_to}")
        return self

    def run(self, ctx: NavigationContext) -> NavigationResponse:
        from graph.models import EventFilter
        from graph.navigation import detect_abnormal_transfers

        ctx.require_holders(self.holder)
        params = replace(
            _ABNORMAL_DEFAULTS,
            bulk_min_patents=self.bulk_min,
            round_trip_days=self.round_trip_days,
            pre_lapse_days=self.pre_lapse_days,
        )
        flt = EventFilter(
            region_prefixes=tuple(self.region),
            holder_keys=tuple(self.holder),
            date_from=self.date_from.isoformat() if self.date_from else None,
            date_to=self.date_to.isoformat() if self.date_to else None,
        )
        report = detect_abnormal_transfers(ctx.store, flt, params, as_of=self.as_of)
        warnings, page = self.page(report.warnings)
        return self.respond(replace(report, warnings=tuple(warnings)).to_dict(), page)
