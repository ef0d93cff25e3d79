"""Plan-target checks for the KPI view (目标对照): growth, minimum, cumulative, stock targets.

Every check states its basis in Chinese with units (件, 万元/亿元, %), keeps the numbers as
numbers, and says why a target cannot be judged yet (no base, period not over) or at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from graph.navigation.common import ToDictMixin
from graph.navigation.quantities import AMOUNT_UNIT, COUNT_UNIT, format_growth, format_quantity
from graph.store import GraphStore

STOCK_METRICS = {"sleeping_patents": "沉睡专利数据库 (高校院所授权满3年、无转化运用事件的有效专利)"}
# (prefix, year, metric) -> (count, amount, priced: how many of count have a recorded amount)
Lookup = Callable[[str, int, str], tuple[int, float, int]]


@dataclass(frozen=True, slots=True)
class KpiTarget(ToDictMixin):
    """A plan target for one metric and measure (count | amount)."""

    metric: str
    measure: str = "count"
    annual_growth: float | None = None  # 0.20 = +20 %/year
    annual_minimum: float | None = None
    region_prefix: str | None = None  # None: applies to every region analysed
    source: str = ""
    year: int | None = None  # a target for one year only (2023年达到 ...)
    strict: bool = False  # 超过 (more than) rather than 以上 (at least)
    baseline_year: int | None = None  # growth compounded from this year (年均增幅), else year on year
    cumulative_minimum: float | None = None  # total over period_start..period_end (累计)
    period_start: int | None = None
    period_end: int | None = None
    stock_minimum: float | None = None  # a stock at the end of the year (STOCK_METRICS)
    target_id: str = ""
    not_computable: str | None = None  # why the target cannot be checked from patent data
    metric_zh: str = ""  # the metric's Chinese name, for pages and reports (never the code)

    @property
    def kind(self) -> str:
        if self.not_computable is not None:
            return "not_computable"
        if self.stock_minimum is not None:
            return "stock"
        if self.cumulative_minimum is not None:
            return "cumulative"
        return "growth" if self.annual_growth is not None else "minimum"

    @property
    def unit(self) -> str:
        return AMOUNT_UNIT if self.measure == "amount" else COUNT_UNIT


@dataclass(frozen=True, slots=True)
class TargetCheck(ToDictMixin):
    region_prefix: str
    year: int
    target: KpiTarget
    actual: float | None  # in ``unit``; None when not computable
    actual_growth: float | None
    met: bool | None  # None: no growth base, period not over, or not computable
    reason: str
    unit: str = COUNT_UNIT
    status: str = ""  # met | not_met | no_base | in_progress | no_amount | not_computable | incomplete
    actual_display: str = ""
    target_display: str = ""


def amount_text(count: int, amount: float, priced: int) -> str:
    """An amount as a report prints it: 无金额记录 when events had none (not 0 万元), a lower bound
    when only some had one."""
    if count and not priced:
        return "无金额记录"
    shown = format_quantity(amount, AMOUNT_UNIT)
    return f"{shown} (仅 {priced}/{count} 项有金额记录)" if priced < count else shown


def judge_target(store: GraphStore, lookup: Lookup, prefix: str, year: int, target: KpiTarget) -> TargetCheck:
    """One target for one region and year."""
    if target.kind == "stock":
        return _stock(store, prefix, year, target)
    if target.measure == "amount":
        unpriced = _unpriced_years(lookup, prefix, year, target)
        if unpriced:
            reason = f"{'、'.join(str(y) for y in unpriced)}年有相关事件但均无金额记录, 金额目标无法核对"
            return TargetCheck(prefix, year, target, None, None, None, reason, target.unit, "no_amount")
    if target.kind == "cumulative":
        return _cumulative(lookup, prefix, year, target)
    value = _measure(lookup(prefix, year, target.metric), target)
    if target.kind == "minimum":
        assert target.annual_minimum is not None
        met = _reaches(value, target.annual_minimum, target.strict)
        reason = (
            f"{year}年 {format_quantity(value, target.unit)}, 目标 {_goal(target, target.annual_minimum)}"
        )
        return _check(prefix, year, target, value, None, met, reason, target.annual_minimum)
    return _growth(lookup, prefix, year, target, value)


def _growth(lookup: Lookup, prefix: str, year: int, target: KpiTarget, value: float) -> TargetCheck:
    assert target.annual_growth is not None
    base_year = target.baseline_year if target.baseline_year is not None else year - 1
    base = _measure(lookup(prefix, base_year, target.metric), target)
    years = year - base_year
    growth = (value / base) ** (1 / years) - 1 if base > 0 and years > 0 else None
    basis = f"较基准年{base_year}年的年均增幅(复合)" if target.baseline_year is not None else "较上年增幅"
    before, now = format_quantity(base, target.unit), format_quantity(value, target.unit)
    shown = f"{base_year}年 {before} -> {year}年 {now}"
    goal = f"{'>' if target.strict else '>='} {target.annual_growth:+.0%}"
    if growth is None:
        reason = f"{shown}; 基准为0, {basis}无法计算 (目标 {goal})"
        return _check(prefix, year, target, value, None, None, reason, None, "no_base")
    met = _reaches(growth, target.annual_growth, target.strict)
    reason = f"{shown}; {basis} {format_growth(growth)}, 目标 {goal}"
    return _check(prefix, year, target, value, growth, met, reason, None)


def _cumulative(lookup: Lookup, prefix: str, year: int, target: KpiTarget) -> TargetCheck:
    assert target.cumulative_minimum is not None and target.period_start is not None
    end = target.period_end or year
    last = min(year, end)
    total = sum(
        _measure(lookup(prefix, y, target.metric), target) for y in range(target.period_start, last + 1)
    )
    reached = _reaches(total, target.cumulative_minimum, target.strict)
    years = f"{target.period_start}—{last}年" if last > target.period_start else f"{last}年"
    span = f"{years}累计 {format_quantity(total, target.unit)}"
    goal = _goal(target, target.cumulative_minimum)
    if not reached and year < end:
        reason = f"{span}, 目标 {target.period_start}—{end}年累计 {goal}; 计划期未结束"
        return _check(
            prefix, year, target, total, None, None, reason, target.cumulative_minimum, "in_progress"
        )
    reason = f"{span}, 目标 {target.period_start}—{end}年累计 {goal}"
    return _check(prefix, year, target, total, None, reached, reason, target.cumulative_minimum)


def _stock(store: GraphStore, prefix: str, year: int, target: KpiTarget) -> TargetCheck:
    from graph.navigation.sleeping import SleepingPatentFilter, screen_sleeping_patents

    assert target.stock_minimum is not None
    day = date(year, 12, 31)
    found = screen_sleeping_patents(
        store, day, SleepingPatentFilter(region_prefixes=(prefix,) if prefix else ())
    )
    count = float(len(found))
    met = _reaches(count, target.stock_minimum, target.strict)
    reason = (
        f"截至{day.isoformat()} {STOCK_METRICS[target.metric]} {format_quantity(count, COUNT_UNIT)}, "
        f"目标 {_goal(target, target.stock_minimum)} (有效性按当前法律状态)"
    )
    return _check(prefix, year, target, count, None, met, reason, target.stock_minimum)


def _unpriced_years(lookup: Lookup, prefix: str, year: int, target: KpiTarget) -> list[int]:
    """The years an amount check reads in which events exist but none carries an amount."""
    read: tuple[int, ...] = (year,)
    if target.kind == "cumulative":
        assert target.period_start is not None
        read = tuple(range(target.period_start, min(year, target.period_end or year) + 1))
    elif target.kind == "growth":
        read = (year - 1 if target.baseline_year is None else target.baseline_year, year)
    found = []
    for y in read:
        count, _, priced = lookup(prefix, y, target.metric)
        if count and not priced:
            found.append(y)
    return found


def _measure(values: tuple[int, float, int], target: KpiTarget) -> float:
    return values[1] if target.measure == "amount" else float(values[0])


def _goal(target: KpiTarget, value: float) -> str:
    return f"{'>' if target.strict else '>='} {format_quantity(value, target.unit)}"


def _check(
    prefix: str,
    year: int,
    target: KpiTarget,
    actual: float,
    growth: float | None,
    met: bool | None,
    reason: str,
    goal: float | None,
    status: str | None = None,
) -> TargetCheck:
    return TargetCheck(
        region_prefix=prefix,
        year=year,
        target=target,
        actual=actual,
        actual_growth=growth,
        met=met,
        reason=reason,
        unit=target.unit,
        status=status or ("met" if met else "not_met"),
        actual_display=format_growth(growth) if growth is not None else format_quantity(actual, target.unit),
        target_display=(
            f"{target.annual_growth:+.0%}"
            if target.annual_growth is not None
            else format_quantity(goal, target.unit)
            if goal is not None
            else ""
        ),
    )


def _reaches(actual: float, goal: float, strict: bool) -> bool:
    return actual > goal if strict else actual >= goal - 1e-9
