"""The navigation report's charts (报告图表) as ECharts options, drawn by the inlined ECharts.

Sized for an A4 page (``REPORT_WIDTH_PX``) so the SVG prints without being rescaled; every
axis names its unit (件, %), every chart has a legend where it has more than one series.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from graph.navigation.report import ChainSection
from graph.navigation.report_landscape import NodeLandscape
from viz import gap_view
from viz.charts import base_option, chart_html, gap_chart_html

REPORT_WIDTH_PX = 680  # A4 less 15 mm margins, at 96 dpi
MAX_YEARS = 15  # the trend shows the last complete years up to this many


def _years(landscape: Sequence[NodeLandscape]) -> list[int]:
    found = sorted({y for n in landscape for y in n.years} | {y for n in landscape for y in n.region_years})
    return found[-MAX_YEARS:]


def trend_chart(section: ChainSection, region_name: str) -> Markup:
    """Chain filings per application year: all regions (bars) and the region (line), two axes.

    A patent on several nodes of the chain counts once per node here (the node-year facets)."""
    years = _years(section.landscape)
    total = [sum(n.years.get(y, 0) for n in section.landscape) for y in years]
    local = [sum(n.region_years.get(y, 0) for n in section.landscape) for y in years]
    option = base_option(
        {
            "legend": {"top": 0},
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 56, "right": 56, "top": 40, "bottom": 40},
            "xAxis": {
                "type": "category",
                "data": [str(y) for y in years],
                "name": "申请年",
                "nameLocation": "middle",
                "nameGap": 26,
            },
            "yAxis": [
                {"type": "value", "name": "全部地区 (件)", "minInterval": 1},
                {
                    "type": "value",
                    "name": f"{region_name} (件)",
                    "minInterval": 1,
                    "splitLine": {"show": False},
                },
            ],
            "series": [
                {"name": "全部地区 (环节·件)", "type": "bar", "data": total, "barWidth": "55%"},
                {
                    "name": f"{region_name} (环节·件)",
                    "type": "line",
                    "yAxisIndex": 1,
                    "data": local,
                    "symbolSize": 7,
                },
            ],
        }
    )
    return chart_html(f"trend-{section.chain}", "trend", option, 260)


def heatmap_chart(section: ChainSection) -> Markup:
    """Filings per node and application year (all regions): each node's trend at a glance."""
    years = _years(section.landscape)
    names = [n.name for n in section.landscape]
    cells = [
        [x, y, n.years.get(year, 0)] for y, n in enumerate(section.landscape) for x, year in enumerate(years)
    ]
    peak = max((c[2] for c in cells), default=0)
    option = base_option(
        {
            "tooltip": {"position": "top"},
            "grid": {"left": 150, "right": 24, "top": 16, "bottom": 76},
            "xAxis": {"type": "category", "data": [str(y) for y in years], "splitArea": {"show": True}},
            "yAxis": {
                "type": "category",
                "data": names,
                "inverse": True,
                "axisLabel": {"width": 140, "overflow": "truncate"},
            },
            "visualMap": {
                "min": 0,
                "max": max(peak, 1),
                "calculable": False,
                "orient": "horizontal",
                "left": "center",
                "bottom": 0,
                "text": ["多", "少"],
                "inRange": {"color": ["#f4f7fb", "#2f6db5"]},
                "formatter": "{value} 件",
            },
            "series": [
                {
                    "name": "申请量 (件)",
                    "type": "heatmap",
                    "data": cells,
                    "label": {"show": True, "fontSize": 9, "formatter": "{@[2]}"},
                }
            ],
        }
    )
    return chart_html(f"heatmap-{section.chain}", "heatmap", option, 22 * max(len(names), 3) + 100)


def holder_type_chart(section: ChainSection) -> Markup:
    """Holder-type composition per node (stacked bars, 件)."""
    names = [n.name for n in section.landscape]
    types: dict[str, str] = {}
    for node in section.landscape:
        for item in node.holder_types:
            types.setdefault(item.key, item.name)
    series = [
        {
            "name": label,
            "type": "bar",
            "stack": "types",
            "data": [next((i.patents for i in n.holder_types if i.key == key), 0) for n in section.landscape],
        }
        for key, label in sorted(types.items())
    ]
    option = base_option(
        {
            "legend": {"top": 0},
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "grid": {"left": 150, "right": 24, "top": 36, "bottom": 32},
            "xAxis": {"type": "value", "name": "件", "minInterval": 1},
            "yAxis": {
                "type": "category",
                "data": names,
                "inverse": True,
                "axisLabel": {"width": 140, "overflow": "truncate"},
            },
            "series": series,
        }
    )
    return chart_html(f"types-{section.chain}", "types", option, 22 * max(len(names), 3) + 80)


def position_chart(section: ChainSection) -> Markup:
    """The region's count and RTA per node, coloured by status (the gap page's chart)."""
    views = gap_view.node_views(section.gaps.to_dict())
    return gap_chart_html(views, chart_id=f"rta-{section.chain}")
