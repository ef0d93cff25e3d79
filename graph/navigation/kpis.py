"""Transformation KPIs (专利转化运用指标) per region and year, against plan targets.

What each metric counts, between whom and in whose region is defined once in
``kpi_metrics`` and returned with the report. Amounts are in 万元 (shown as 万元/亿元), counts
in 件. Targets (``KpiTarget``) are of five kinds:

* growth (年均增幅): with a ``baseline_year`` the compound annual growth from the baseline,
  ``(v_y / v_base) ** (1 / (y - base)) - 1``; without one, year on year;
* minimum: the year's value against a floor (年均300件以上, 2023年达到200亿元);
* cumulative (累计): the sum over the plan period up to the year, against the total; before the
  period ends an unreached total is "in progress", not failed;
* stock: a patent stock such as the sleeping-patent database (沉睡专利数据库), counted by the
  sleeping-patent screening at the end of the year;
* not computable: targets on data patents do not hold, listed with the reason.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from graph.errors import InvalidQueryError
from graph.models import EventFact, EventFilter
from graph.navigation.common import ToDictMixin, growth_rate
from graph.navigation.kpi_checks import STOCK_METRICS, KpiTarget, TargetCheck, amount_text, judge_target
from graph.navigation.kpi_metrics import METRICS, units_of
from graph.navigation.quantities import AMOUNT_UNIT, COUNT_UNIT
from graph.navigation.region_names import region_name
from graph.store import GraphStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class KpiValue(ToDictMixin):
    metric: str
    metric_zh: str
    count: int  # 件 (pledges: projects)
    amount: float  # 万元, events with an amount only
    growth_count: float | None  # year on year
    growth_amount: float | None
    count_unit: str = COUNT_UNIT
    amount_unit: str = AMOUNT_UNIT
    amount_display: str = ""  # "无金额记录" when there were events but none with an amount, never "0 万元"
    priced: int = 0  # of ``count``, the ones with a recorded amount


@dataclass(frozen=True, slots=True)
class KpiRow(ToDictMixin):
    region_prefix: str
    year: int
    values: tuple[KpiValue, ...]
    region_name: str | None = None
    complete: bool = True  # False when the data end before the year does

    def value(self, metric: str) -> KpiValue:
        return next(v for v in self.values if v.metric == metric)


@dataclass(frozen=True, slots=True)
class KpiReport(ToDictMixin):
    years: tuple[int, ...]
    rows: tuple[KpiRow, ...]  # region, then year (baseline years included when a target needs them)
    checks: tuple[TargetCheck, ...]
    notes: tuple[str, ...]
    definitions: dict[str, str] = field(default_factory=dict)  # metric -> 口径, in Chinese
    unplaced: dict[str, int] = field(default_factory=dict)  # metric -> events whose party has no region
    data_cutoff: str | None = None  # where the data end (_data_end): later years are incomplete


def transformation_kpis(
    store: GraphStore,
    region_prefixes: Sequence[str],
    years: Sequence[int],
    targets: Sequence[KpiTarget] = (),
) -> KpiReport:
    """Yearly KPI rows for each region prefix ("" = national) and the target checks."""
    if not years:
        raise InvalidQueryError("请指定年份")
    for target in targets:
        if (
            target.metric not in METRICS
            and target.metric not in STOCK_METRICS
            and target.not_computable is None
        ):
            raise InvalidQueryError(f"未知指标: {target.metric!r}")
    span = sorted(set(years))
    first = min([span[0] - 1, *_needed_years(targets)])
    flt = EventFilter(date_from=f"{first}-01-01", date_to=f"{span[-1]}-12-31")
    by_year: dict[int, list[EventFact]] = defaultdict(list)
    for event in store.events(flt):
        if event.date:
            by_year[int(event.date[:4])].append(event)
    cutoff = _data_end(store, max((e.date for evs in by_year.values() for e in evs if e.date), default=None))
    table = _Table(by_year, first, span[-1])
    shown = sorted({*span, *(y for y in _needed_years(targets) if y < span[0])})
    rows = tuple(table.row(prefix, y, cutoff) for prefix in region_prefixes for y in shown)
    checks = tuple(
        check
        for prefix in region_prefixes
        for target in targets
        for check in _target_checks(store, table, prefix, span, target, cutoff)
    )
    logger.info("kpis: %d rows, %d target checks", len(rows), len(checks))
    return KpiReport(
        years=tuple(span),
        rows=rows,
        checks=checks,
        notes=_notes(cutoff),
        definitions={m.name: m.definition_zh for m in METRICS.values()},
        unplaced=table.unplaced(),
        data_cutoff=cutoff,
    )


def _notes(cutoff: str | None) -> tuple[str, ...]:
    return (
        "按专利计数 (每件专利的每个事件计一次); 质押按项目计 (同日、同一出质人与质权人); "
        "金额单位万元, 展示为万元/亿元; 金额只合计有金额记录的事件, 全无金额记录时写 无金额记录, 不写 0",
        "计划目标为全省 (全市) 统计口径; 指标只统计本库已入库的专利及其法律事件, 本库未覆盖该地区全部专利时, "
        "实际值是下限, 未达标只说明库内数据未达到, 不能直接作为全省结论",
        "地区: 中小企业受让类指标取受让企业所在地, 其他指标取转让方/许可方/出质人所在地; "
        "无地址的权利人按名称开头的行政区划定位, 无法定位的只计入全国",
        "中小企业: 入库时依中小企业名录认定, 无名录时按保守的名称规则估计 "
        "(名称以行政区划开头、无集团/股份/控股标志)",
        "无日期的法律事件不计入年度指标",
        f"数据截止日 {cutoff or '未知'} (库中最新的申请、公开、授权或法律事件日期); "
        "截止日所在年份若未满一年, 数据不完整 (表中标注), 其目标不作判定",
    )


def _data_end(store: GraphStore, latest_event: str | None) -> str | None:
    """Where the data end: the store's latest application, publication or grant date, or a later
    event read. Not the events alone: they are read for the years asked, so the last of those
    would always look cut short."""
    found = store.data_cutoff()
    dates = (found.latest_app_date, found.latest_pub_date, found.latest_grant_date, latest_event)
    return max(filter(None, dates), default=None)


def year_complete(year: int, cutoff: str | None) -> bool:
    """The data reach the year's end (no events read: nothing says otherwise)."""
    return cutoff is None or cutoff >= f"{year}-12-31"


def incomplete_year(prefix: str, year: int, target: KpiTarget, cutoff: str | None) -> TargetCheck:
    """A target is not judged on a year the data end inside: a half year is no year's figure."""
    reason = f"数据截至 {cutoff}, {year} 年数据不完整, 不作判定"
    return TargetCheck(prefix, year, target, None, None, None, reason, target.unit, "incomplete")


def _needed_years(targets: Sequence[KpiTarget]) -> list[int]:
    found = [t.baseline_year for t in targets if t.baseline_year is not None]
    return found + [t.period_start for t in targets if t.period_start is not None]


class _Table:
    """(prefix, year, metric) -> (count, amount), computed once per key."""

    def __init__(self, by_year: dict[int, list[EventFact]], first: int, last: int) -> None:
        self._by_year, self._first, self._last = by_year, first, last
        self._cache: dict[tuple[str, int, str], tuple[int, float, int]] = {}

    def get(self, prefix: str, year: int, metric: str) -> tuple[int, float, int]:
        key = (prefix, year, metric)
        if key not in self._cache:
            spec = METRICS[metric]
            events = [
                e
                for e in self._by_year.get(year, [])
                if spec.matches(e) and (not prefix or any(r.startswith(prefix) for r in spec.regions(e)))
            ]
            parts = units_of(spec, events)
            amount = round(sum(a for _, a in parts if a is not None), 4)
            priced = sum(c for c, a in parts if a is not None)
            self._cache[key] = (sum(c for c, _ in parts), amount, priced)
        return self._cache[key]

    def row(self, prefix: str, year: int, cutoff: str | None) -> KpiRow:
        values = []
        for name, spec in METRICS.items():
            count, amount, priced = self.get(prefix, year, name)
            before = self.get(prefix, year - 1, name) if year - 1 >= self._first else None
            values.append(
                KpiValue(
                    metric=name,
                    metric_zh=spec.name_zh,
                    count=count,
                    amount=amount,
                    growth_count=growth_rate(count, before[0]) if before else None,
                    growth_amount=growth_rate(amount, before[1]) if before else None,
                    amount_display=amount_text(count, amount, priced),
                    priced=priced,
                )
            )
        complete = year_complete(year, cutoff)
        return KpiRow(prefix, year, tuple(values), region_name(prefix) if prefix else "全国", complete)

    def unplaced(self) -> dict[str, int]:
        return {
            name: sum(
                1
                for year in range(self._first, self._last + 1)
                for e in self._by_year.get(year, [])
                if spec.matches(e) and not spec.regions(e)
            )
            for name, spec in METRICS.items()
        }


def _target_checks(
    store: GraphStore, table: _Table, prefix: str, span: list[int], target: KpiTarget, cutoff: str | None
) -> list[TargetCheck]:
    if target.region_prefix is not None and target.region_prefix != prefix:
        return []
    if target.kind == "not_computable":
        reason = f"无法由专利数据核对: {target.not_computable}"
        return [
            TargetCheck(prefix, span[-1], target, None, None, None, reason, target.unit, "not_computable")
        ]
    return [
        judge_target(store, table.get, prefix, year, target)
        if year_complete(year, cutoff)
        else incomplete_year(prefix, year, target, cutoff)
        for year in span
        if target.year is None or target.year == year
        if target.baseline_year is None or year > target.baseline_year
        if target.period_start is None or year >= target.period_start
        if target.period_end is None or year <= target.period_end  # a period's total is judged once
    ]


__all__ = ["KpiReport", "KpiRow", "KpiTarget", "KpiValue", "TargetCheck", "transformation_kpis"]
