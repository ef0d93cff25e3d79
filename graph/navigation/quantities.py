"""Quantities as an analyst reads them (数量与金额的表述): 件 for counts, 万元/亿元 for amounts.

JSON keeps the numbers as numbers with a unit field; these strings are for reasons and tables.
Event amounts in the graph are in 万元; 1 亿元 = 10,000 万元.
"""

from __future__ import annotations

WAN_PER_YI = 10_000.0
COUNT_UNIT = "件"
AMOUNT_UNIT = "万元"
GROWTH_UNIT = "%"


def format_count(value: float) -> str:
    return f"{value:,.0f} {COUNT_UNIT}" if float(value).is_integer() else f"{value:,.1f} {COUNT_UNIT}"


def format_amount_wan(value: float) -> str:
    """万元 below 1 亿元, else 亿元: 2,000,000 -> "200 亿元", 1234.5 -> "1,234.5 万元"."""
    if abs(value) >= WAN_PER_YI:
        return f"{_trim(value / WAN_PER_YI)} 亿元"
    return f"{_trim(value)} 万元"


def format_growth(value: float | None) -> str:
    return "无法计算" if value is None else f"{value:+.1%}"


def format_quantity(value: float, unit: str) -> str:
    if unit == AMOUNT_UNIT:
        return format_amount_wan(value)
    if unit == GROWTH_UNIT:
        return format_growth(value)
    return format_count(value)


def _trim(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text or "0"
