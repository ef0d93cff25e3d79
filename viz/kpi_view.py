"""Plan-target checks as the KPI page reads them (目标对照视图): one wording of a target and its
verdict for the table and the chart."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from viz.charts import base_option, chart_html
from viz.names import MEASURES_ZH, zh_text

VERDICTS = (("met", "达标", "#3f9b54"), ("missed", "未达标", "#d9534f"), ("unknown", "无法判断", "#c3cbd3"))


def _percent(value: Any) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "—"
    return f"{value:.0%}" if round(value * 100, 6).is_integer() else f"{value:.1%}"


def _amount(value: Any, measure: str) -> str:
    """Counts in 件; money in 万元, from 1 亿元 up in 亿元 (plans state big sums that way)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "—"
    if measure == "count":
        return f"{value:,.0f} 件"
    if abs(value) >= 10_000:
        return f"{value / 10_000:,.2f}".rstrip("0").rstrip(".") + " 亿元"
    return f"{value:,.2f}".rstrip("0").rstrip(".") + " 万元"


def target_text(target: Mapping[str, Any]) -> str:
    """ "年增长不低于 10%", "年度不少于 500 件" ... in the plan's own terms."""
    strict = bool(target.get("strict"))
    measure = str(target.get("measure") or "count")
    parts = []
    if target.get("annual_growth") is not None:
        parts.append(f"年增长{'超过' if strict else '不低于'} {_percent(target['annual_growth'])}")
    if target.get("annual_minimum") is not None:
        parts.append(f"年度{'超过' if strict else '不少于'} {_amount(target['annual_minimum'], measure)}")
    text = "; ".join(parts) or "—"
    return f"{text} ({target['year']} 年)" if target.get("year") else text


def verdict(check: Mapping[str, Any]) -> str:
    met = check.get("met")
    return "unknown" if met is None else ("met" if met else "missed")


@dataclass(frozen=True, slots=True)
class CheckView:
    region: str
    year: int | None
    metric: str
    measure: str
    target: str
    actual: str
    growth: str
    verdict: str
    verdict_zh: str
    reason: str
    source: str

    @property
    def row_name(self) -> str:
        """One chart row per target: metric and measure, the target on a second line."""
        return f"{self.metric} · {self.measure}\n{self.target}"


def check_views(
    checks: Sequence[Mapping[str, Any]], metric_names: Mapping[str, str], region_name: Callable[[str], str]
) -> list[CheckView]:
    zh = {key: text for key, text, _colour in VERDICTS}
    views = []
    for check in checks:
        found = check.get("target")
        target: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
        measure = str(target.get("measure") or "count")
        kind = verdict(check)
        source = str(target.get("source") or "")
        views.append(
            CheckView(
                region=region_name(str(check.get("region_prefix") or "")),
                year=check.get("year") if isinstance(check.get("year"), int) else None,
                metric=str(
                    target.get("metric_zh")
                    or metric_names.get(str(target.get("metric")))
                    or target.get("metric")
                    or "—"
                ),
                measure=MEASURES_ZH.get(measure, measure),
                target=target_text(target),
                actual=_amount(check.get("actual"), measure),
                growth=_percent(check.get("actual_growth")),
                verdict=kind,
                verdict_zh=zh[kind],
                reason=zh_text(check.get("reason")),
                source=source.split(": ", 1)[-1],
            )
        )
    return views


def _row_label(view: CheckView, regions: int) -> str:
    return view.row_name if regions == 1 else f"{view.region} · {view.row_name}"


def check_option(views: Sequence[CheckView]) -> dict[str, Any]:
    """Targets x years, each cell coloured by the verdict (达标 / 未达标 / 无法判断) and
    labelled with the actual growth."""
    regions = len({v.region for v in views})
    rows = list(dict.fromkeys(_row_label(v, regions) for v in views))
    years = sorted({v.year for v in views if v.year is not None})
    index = {key: i for i, (key, _text, _colour) in enumerate(VERDICTS)}
    data = [
        {
            "value": [years.index(v.year), rows.index(_row_label(v, regions)), index[v.verdict]],
            "check": number,
            "label": {"formatter": v.growth if v.growth != "—" else v.verdict_zh},
        }
        for number, v in enumerate(views)
        if v.year is not None
    ]
    pieces = [{"value": i, "label": text, "color": colour} for i, (_key, text, colour) in enumerate(VERDICTS)]
    return base_option(
        {
            "tooltip": {"trigger": "item"},
            "grid": {"left": 300, "right": 24, "top": 48, "bottom": 40},
            "xAxis": {"type": "category", "data": [str(y) for y in years], "name": "年份",
                      "nameLocation": "middle", "nameGap": 26, "splitArea": {"show": True}},
            "yAxis": {"type": "category", "data": rows, "inverse": True,
                      "axisLabel": {"width": 280, "overflow": "truncate", "lineHeight": 15}},
            "visualMap": {"type": "piecewise", "dimension": 2, "orient": "horizontal", "top": 0,
                          "left": "center", "pieces": pieces},
            "series": [{"type": "heatmap", "data": data, "label": {"show": True, "color": "#1f2933"},
                        "itemStyle": {"borderColor": "#fff", "borderWidth": 2}}],
        }
    )  # fmt: skip


def check_chart_html(views: Sequence[CheckView], chart_id: str = "check-chart") -> Markup:
    fields = ("region", "year", "metric", "measure", "target", "actual", "growth", "verdict_zh", "reason")
    details = [{name: getattr(v, name) for name in fields} for v in views]
    rows = len({_row_label(v, 2) for v in views})
    return chart_html(chart_id, "checks", check_option(views), 40 * max(rows, 2) + 110, details=details)


@dataclass(frozen=True, slots=True)
class KpiCell:
    count: int | None
    amount: float | None
    growth: float | None


@dataclass(frozen=True, slots=True)
class KpiTable:
    """One region's metrics (rows) by year (columns)."""

    region_prefix: str
    years: tuple[int, ...]
    rows: tuple[tuple[str, tuple[KpiCell, ...]], ...]
    incomplete: frozenset[int] = frozenset()  # years the data end inside (数据不完整)


def kpi_tables(report: Mapping[str, Any]) -> list[KpiTable]:
    years = tuple(int(y) for y in report.get("years") or ())
    by_region: dict[str, dict[str, dict[int, KpiCell]]] = {}
    incomplete = frozenset(int(r["year"]) for r in report.get("rows") or () if not r.get("complete", True))
    for row in report.get("rows") or ():
        metrics = by_region.setdefault(str(row.get("region_prefix") or ""), {})
        for value in row.get("values") or ():
            name = str(value.get("metric_zh") or value.get("metric"))
            metrics.setdefault(name, {})[int(row["year"])] = KpiCell(
                value.get("count"), value.get("amount"), value.get("growth_count")
            )
    empty = KpiCell(None, None, None)
    return [
        KpiTable(
            prefix,
            years,
            tuple((name, tuple(cells.get(y, empty) for y in years)) for name, cells in metrics.items()),
            incomplete,
        )
        for prefix, metrics in by_region.items()
    ]
