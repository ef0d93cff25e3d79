"""Transformation KPIs (专利转化运用指标) per region and year, against plan targets.

Counted from legal events, one event per patent (a contract over 20 patents counts 20),
in the region of the patent (its first applicant's region). Amounts are in 万元 and summed
where present. Growth is year on year: (this year - last year) / last year.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graph.errors import InvalidQueryError
from graph.models import TRANSFORMATION_EVENT_KINDS, EventFact, EventFilter, LegalEventKind
from graph.navigation.common import ToDictMixin, growth_rate, is_academic, is_sme
from graph.store import GraphStore

logger = logging.getLogger(__name__)

EventTest = Callable[[EventFact], bool]


def _academic_to_sme(kind: LegalEventKind | None) -> EventTest:
    def test(e: EventFact) -> bool:
        kind_ok = e.kind in TRANSFORMATION_EVENT_KINDS if kind is None else e.kind is kind
        return (
            kind_ok and any(is_academic(h) for h in e.from_holders) and any(is_sme(h) for h in e.to_holders)
        )

    return test


# metric -> (中文, which events count)
METRICS: dict[str, tuple[str, EventTest]] = {
    "academic_to_sme": ("高校院所向中小企业转让/许可/作价入股", _academic_to_sme(None)),
    "academic_to_sme_transfers": ("高校院所向中小企业转让", _academic_to_sme(LegalEventKind.TRANSFER)),
    "academic_to_sme_licences": ("高校院所向中小企业许可", _academic_to_sme(LegalEventKind.LICENCE)),
    "academic_to_sme_equity": ("高校院所向中小企业作价入股", _academic_to_sme(LegalEventKind.EQUITY)),
    "academic_outgoing": (
        "高校院所转让/许可/作价入股",
        lambda e: e.kind in TRANSFORMATION_EVENT_KINDS and any(is_academic(h) for h in e.from_holders),
    ),
    "sme_received": (
        "中小企业受让/被许可/作价入股",
        lambda e: e.kind in TRANSFORMATION_EVENT_KINDS and any(is_sme(h) for h in e.to_holders),
    ),
    "transfers_and_licences": (
        "转让与许可",
        lambda e: e.kind in (LegalEventKind.TRANSFER, LegalEventKind.LICENCE),
    ),
    "pledges": ("专利质押", lambda e: e.kind is LegalEventKind.PLEDGE),
    "open_licences": ("开放许可声明", lambda e: e.kind is LegalEventKind.OPEN_LICENCE),
}


@dataclass(frozen=True, slots=True)
class KpiTarget(ToDictMixin):
    """A plan target: a yearly growth rate and/or a yearly minimum for one metric and measure."""

    metric: str
    measure: str = "count"  # count | amount
    annual_growth: float | None = None  # 0.20 = +20 %/year
    annual_minimum: float | None = None
    region_prefix: str | None = None  # None: applies to every region analysed
    source: str = ""
    year: int | None = None  # a target for one year only (e.g. 2023年达到 ...)
    strict: bool = False  # 超过 (more than) rather than 以上 (at least)


@dataclass(frozen=True, slots=True)
class KpiValue(ToDictMixin):
    metric: str
    metric_zh: str
    count: int
    amount: float  # 万元, events with an amount only
    growth_count: float | None
    growth_amount: float | None


@dataclass(frozen=True, slots=True)
class KpiRow(ToDictMixin):
    region_prefix: str
    year: int
    values: tuple[KpiValue, ...]

    def value(self, metric: str) -> KpiValue:
        return next(v for v in self.values if v.metric == metric)


@dataclass(frozen=True, slots=True)
class TargetCheck(ToDictMixin):
    region_prefix: str
    year: int
    target: KpiTarget
    actual: float
    actual_growth: float | None
    met: bool | None  # None when the growth base is zero
    reason: str


@dataclass(frozen=True, slots=True)
class KpiReport(ToDictMixin):
    years: tuple[int, ...]
    rows: tuple[KpiRow, ...]  # region, then year
    checks: tuple[TargetCheck, ...]
    notes: tuple[str, ...]


def transformation_kpis(
    store: GraphStore,
    region_prefixes: Sequence[str],
    years: Sequence[int],
    targets: Sequence[KpiTarget] = (),
) -> KpiReport:
    """Yearly KPI rows for each region prefix ("" = national) and the target checks."""
    if not years:
        raise InvalidQueryError("请指定年份 (no years given)")
    span = sorted(set(years))
    rows: list[KpiRow] = []
    for prefix in region_prefixes:
        flt = EventFilter(
            date_from=f"{span[0] - 1}-01-01",
            date_to=f"{span[-1]}-12-31",
            region_prefixes=(prefix,) if prefix else (),
        )
        by_year: dict[int, list[EventFact]] = defaultdict(list)
        for event in store.events(flt):
            if event.date:
                by_year[int(event.date[:4])].append(event)
        rows.extend(KpiRow(prefix, y, _values(by_year[y], by_year[y - 1])) for y in span)
    checks = tuple(c for row in rows for c in _checks(row, targets))
    logger.info("kpis: %d rows, %d target checks", len(rows), len(checks))
    notes = (
        "按专利计数 (one event per patent); 地区取专利第一申请人所在地 (region of the patent); 金额单位万元",
        "无日期的法律事件不计入年度指标 (undated events are not counted)",
    )
    return KpiReport(tuple(span), tuple(rows), checks, notes)


def _values(events: list[EventFact], previous: list[EventFact]) -> tuple[KpiValue, ...]:
    values = []
    for metric, (name_zh, test) in METRICS.items():
        now = [e for e in events if test(e)]
        before = [e for e in previous if test(e)]
        amount, amount_before = _amount(now), _amount(before)
        values.append(
            KpiValue(
                metric=metric,
                metric_zh=name_zh,
                count=len(now),
                amount=amount,
                growth_count=growth_rate(len(now), len(before)),
                growth_amount=growth_rate(amount, amount_before),
            )
        )
    return tuple(values)


def _amount(events: list[EventFact]) -> float:
    return round(sum(e.amount for e in events if e.amount is not None), 4)


def _checks(row: KpiRow, targets: Sequence[KpiTarget]) -> list[TargetCheck]:
    checks = []
    for target in targets:
        if target.metric not in METRICS:
            raise InvalidQueryError(f"未知指标 (unknown KPI metric {target.metric!r})")
        if target.region_prefix is not None and target.region_prefix != row.region_prefix:
            continue
        if target.year is not None and target.year != row.year:
            continue
        value = row.value(target.metric)
        amount = target.measure == "amount"
        actual = value.amount if amount else float(value.count)
        growth = value.growth_amount if amount else value.growth_count
        met, reason = _judge(target, actual, growth)
        checks.append(TargetCheck(row.region_prefix, row.year, target, actual, growth, met, reason))
    return checks


def _judge(target: KpiTarget, actual: float, growth: float | None) -> tuple[bool | None, str]:
    verdicts: list[bool | None] = []
    reasons = []
    if target.annual_growth is not None:
        verdicts.append(None if growth is None else _reaches(growth, target.annual_growth, target.strict))
        shown = "n/a (上年为0)" if growth is None else f"{growth:+.1%}"
        reasons.append(f"增长 {shown} vs 目标 {target.annual_growth:+.0%}")
    if target.annual_minimum is not None:
        verdicts.append(_reaches(actual, target.annual_minimum, target.strict))
        reasons.append(f"实际 {actual:g} vs 目标 >= {target.annual_minimum:g}")
    if any(v is False for v in verdicts):
        return False, "; ".join(reasons)
    if any(v is None for v in verdicts) or not verdicts:
        return None, "; ".join(reasons) or "无可比目标"
    return True, "; ".join(reasons)


def _reaches(actual: float, goal: float, strict: bool) -> bool:
    return actual > goal if strict else actual >= goal - 1e-9
