"""Dashboard charts as Apache ECharts options (图表), drawn in the browser by the vendored
``/ui/static/echarts.min.js`` through ``/ui/static/charts.js``.

Python builds the whole option (data, axes, legend, colours); the page carries it as JSON next
to an empty ``div.echart``. charts.js only adds what JSON cannot hold: tooltip formatters.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from viz.gap_view import OTHER_COLOUR, STATUS_COLOURS, STATUS_ORDER, NodeView

FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
SERIES_COLOURS = ("#2f6db5", "#e8743b", "#19a979", "#945ecf", "#ed4a7b", "#13a4b4", "#6c8893", "#bf9a1b")
GAP_ROW_PX = 30


def chart_html(chart_id: str, kind: str, option: Mapping[str, Any], height: int, **extra: Any) -> Markup:
    """An empty chart container plus its option as JSON (``<`` escaped so data cannot close the
    script)."""
    payload = json.dumps({"option": option, **extra}, ensure_ascii=False).replace("<", "\\u003c")
    return Markup(
        f'<div class="echart" id="{escape(chart_id)}" data-kind="{escape(kind)}" '
        f'style="height: {int(height)}px"></div>\n'
        f'<script type="application/json" id="{escape(chart_id)}-data">{payload}</script>'
    )


def base_option(option: dict[str, Any]) -> dict[str, Any]:
    return {
        "textStyle": {"fontFamily": FONT_STACK},
        "animation": False,  # draws at once: screenshots and slow machines see the final chart
        "color": list(SERIES_COLOURS),
        **option,
    }


def _log_range(values: Sequence[float]) -> tuple[float, float]:
    """Powers of ten around the positive values, always including 1 (parity)."""
    positive = [v for v in values if v > 0] or [1.0]
    low = 10 ** math.floor(math.log10(min(min(positive), 1.0)))
    high = 10 ** math.ceil(math.log10(max(max(positive), 1.0) * 1.05))
    return max(low, 0.001), max(high, 10.0)


def _status_series(views: Sequence[NodeView]) -> list[tuple[str, str, str]]:
    """(status, Chinese name, colour) for the statuses present, in a fixed order."""
    present = {v.status: v for v in views}
    ordered = [s for s in STATUS_ORDER if s in present] + sorted(set(present) - set(STATUS_ORDER))
    return [(s, present[s].status_zh, STATUS_COLOURS.get(s, OTHER_COLOUR)) for s in ordered]


def _rta_point(view: NodeView, colour: str) -> Any:
    """The RTA bar's value. Bars on the log axis grow from 1 (parity): right is an advantage,
    left a weakness. Without an RTA a zero-length bar at 1 carries the reason as its label."""
    if view.rta is not None and view.rta > 0:
        return round(view.rta, 2)
    why = "无本地专利" if not view.patents else "无法计算"
    return {"value": 1, "label": {"formatter": why, "color": colour, "fontWeight": "bold"}}


def gap_option(views: Sequence[NodeView]) -> dict[str, Any]:
    """Two panels per chain node: the region's patent count and the RTA on a log scale (one
    outlier cannot squash the rest), bars coloured by status, a labelled line at RTA = 1."""
    names = [v.name for v in views]
    low, high = _log_range([v.rta for v in views if v.rta is not None])
    series: list[dict[str, Any]] = []
    for index, (status, status_zh, colour) in enumerate(_status_series(views)):
        mine = [v.status == status for v in views]
        counts = [v.patents if m else "-" for v, m in zip(views, mine, strict=True)]
        rtas = [_rta_point(v, colour) if m else "-" for v, m in zip(views, mine, strict=True)]
        common = {
            "name": status_zh,
            "type": "bar",
            "barGap": "-100%",
            "barWidth": "60%",
            "itemStyle": {"color": colour},
        }
        series.append(
            {
                **common,
                "xAxisIndex": 0,
                "yAxisIndex": 0,
                "data": counts,
                "label": {"show": True, "position": "right", "formatter": "{c} 件"},
            }
        )
        rta_series: dict[str, Any] = {
            **common,
            "xAxisIndex": 1,
            "yAxisIndex": 1,
            "data": rtas,
            "label": {"show": True, "position": "right", "formatter": "{c}"},
        }
        if index == 0:
            rta_series["markLine"] = {
                "silent": True,
                "symbol": "none",
                "lineStyle": {"type": "dashed", "color": "#333", "width": 1.5},
                "label": {"formatter": "RTA = 1 (与对标持平)", "position": "end", "color": "#333"},
                "data": [{"xAxis": 1}],
            }
        series.append(rta_series)
    category = {"type": "category", "data": names, "inverse": True, "axisTick": {"show": False}}
    return base_option(
        {
            "legend": {"top": 0, "left": "center", "selectedMode": True},
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "grid": [
                {"left": 170, "right": "59%", "top": 64, "bottom": 36},
                {"left": "48%", "right": 100, "top": 64, "bottom": 36},
            ],
            "yAxis": [
                {
                    **category,
                    "gridIndex": 0,
                    "axisLabel": {"width": 160, "overflow": "truncate"},
                    "triggerEvent": True,
                },
                {**category, "gridIndex": 1, "axisLabel": {"show": False}},
            ],
            "xAxis": [
                {
                    "type": "value",
                    "gridIndex": 0,
                    "minInterval": 1,
                    "name": "本地区专利 (件)",
                    "nameLocation": "middle",
                    "nameGap": 24,
                    "position": "top",
                },
                {
                    "type": "log",
                    "gridIndex": 1,
                    "min": low,
                    "max": high,
                    "name": "RTA (对数刻度)",
                    "nameLocation": "middle",
                    "nameGap": 24,
                    "position": "top",
                },
            ],
            "series": series,
        }
    )


def gap_chart_html(views: Sequence[NodeView], chart_id: str = "rta-chart") -> Markup:
    details = [
        {
            "name": v.name,
            "status": v.status_zh,
            "patents": v.patents,
            "benchmark": v.benchmark_patents,
            "rta": v.rta,
            "low": v.rta_low,
            "high": v.rta_high,
            "action": v.action,
        }
        for v in views
    ]
    height = GAP_ROW_PX * max(len(views), 3) + 110
    urls = [f"/ui/nodes/{quote(v.key)}" for v in views]  # a bar or a node name opens the node
    links = dict(zip((v.name for v in views), urls, strict=True))
    return chart_html(
        chart_id, "gaps", gap_option(views), height, details=details, urls=urls, label_links=links
    )


def kpi_option(
    rows: Sequence[Mapping[str, Any]], metrics: Sequence[str], region_name: Callable[[str], str]
) -> dict[str, Any]:
    """One line per region and headline metric over whole years (a category axis: no 2023.25)."""
    years = sorted({int(r["year"]) for r in rows if isinstance(r.get("year"), int)})
    regions = sorted({str(r.get("region_prefix") or "") for r in rows})
    series: dict[str, dict[int, float]] = {}
    for row in rows:
        prefix = str(row.get("region_prefix") or "")
        for value in row.get("values") or ():
            if value.get("metric") not in metrics:
                continue
            label = str(value.get("metric_zh") or value.get("metric"))
            name = label if len(regions) == 1 else f"{region_name(prefix)} · {label}"
            series.setdefault(name, {})[int(row["year"])] = value.get("count") or 0
    return base_option(
        {
            "legend": {
                "type": "scroll",
                "orient": "vertical",
                "right": 8,
                "top": 24,
                "bottom": 8,
                "textStyle": {"width": 250, "overflow": "break"},
            },
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 56, "right": 300, "top": 40, "bottom": 36},
            "xAxis": {
                "type": "category",
                "data": [str(y) for y in years],
                "name": "年份",
                "nameLocation": "middle",
                "nameGap": 26,
                "boundaryGap": False,
            },
            "yAxis": {"type": "value", "minInterval": 1, "name": "件数"},
            "series": [
                {"name": name, "type": "line", "symbolSize": 7, "data": [points.get(y, 0) for y in years]}
                for name, points in sorted(series.items())
            ],
        }
    )


def kpi_chart_html(
    rows: Sequence[Mapping[str, Any]],
    metrics: Sequence[str],
    region_name: Callable[[str], str],
    chart_id: str = "kpi-chart",
) -> Markup:
    return chart_html(chart_id, "kpis", kpi_option(rows, metrics, region_name), 380)
