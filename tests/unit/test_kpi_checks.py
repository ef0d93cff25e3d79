"""Target checks on a hand-made lookup: missing amounts are not zeros, a period is judged in its years."""

from __future__ import annotations

from graph.navigation.kpi_checks import KpiTarget, amount_text, judge_target
from graph.navigation.kpis import _target_checks

# (prefix, year, metric) -> (count, amount, priced)
VALUES = {2021: (3, 0.0, 0), 2022: (4, 300.0, 2), 2023: (5, 500.0, 5)}


def lookup(prefix: str, year: int, metric: str) -> tuple[int, float, int]:
    return VALUES.get(year, (0, 0.0, 0))


def test_events_without_amounts_are_no_amount_not_zero() -> None:
    assert amount_text(3, 0.0, 0) == "无金额记录"
    assert amount_text(0, 0.0, 0) == "0 万元"  # no events: the total really is 0
    assert amount_text(4, 300.0, 2) == "300 万元 (仅 2/4 项有金额记录)"
    minimum = KpiTarget("transfers_and_licences", "amount", annual_minimum=100)
    check = judge_target(None, lookup, "41", 2021, minimum)  # type: ignore[arg-type]
    assert (check.status, check.met, check.actual) == ("no_amount", None, None)
    assert "2021年有相关事件但均无金额记录" in check.reason
    assert judge_target(None, lookup, "41", 2023, minimum).met is True  # type: ignore[arg-type]
    growth = KpiTarget("transfers_and_licences", "amount", annual_growth=0.2)
    assert judge_target(None, lookup, "41", 2022, growth).status == "no_amount"  # base year unpriced
    counted = KpiTarget("transfers_and_licences", "count", annual_minimum=3)
    assert judge_target(None, lookup, "41", 2021, counted).met is True  # counts need no amount


def test_a_cumulative_target_is_judged_only_within_its_period() -> None:
    total = KpiTarget(
        "transfers_and_licences", cumulative_minimum=10, period_start=2021, period_end=2022, strict=True
    )
    checks = _target_checks(
        None, type("T", (), {"get": staticmethod(lookup)})(), "41", [2021, 2022, 2023, 2024], total, None
    )  # type: ignore[arg-type]
    assert [(c.year, c.status) for c in checks] == [(2021, "in_progress"), (2022, "not_met")]
    assert "2021—2022年累计 7 件" in checks[-1].reason


def test_a_year_the_data_end_inside_is_not_judged() -> None:
    """Data to 2022-06-29: 2022 is half a year, so its target is 数据不完整, neither met nor not."""
    minimum = KpiTarget("transfers_and_licences", "count", annual_minimum=4)
    table = type("T", (), {"get": staticmethod(lookup)})()
    checks = _target_checks(None, table, "41", [2021, 2022], minimum, "2022-06-29")  # type: ignore[arg-type]
    assert [(c.year, c.status, c.met) for c in checks] == [
        (2021, "not_met", False),
        (2022, "incomplete", None),
    ]
    assert "数据截至 2022-06-29" in checks[-1].reason and "不作判定" in checks[-1].reason
    full_year = _target_checks(None, table, "41", [2022], minimum, "2022-12-31")  # type: ignore[arg-type]
    assert full_year[0].status != "incomplete"
