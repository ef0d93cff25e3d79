"""The chain gap across provinces (各省环节对比): a node x province heat map and a China map of
one node, both coloured by the gap analysis's own status for that province.

The route runs the chain gap analysis once per province (the one set of gap rules) and hands
the reports over; this module only arranges them. Colours and statuses are those of the gap
page's bars (``gap_view``), so one colour means one verdict across the whole view.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup

from viz.charts import base_option, chart_html
from viz.gap_view import OTHER_COLOUR, STATUS_COLOURS, STATUS_ORDER, NodeView, node_views

MAP_ASSET = "/ui/static/china-provinces.json"
_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
HEAT_ROW_PX = 26


@dataclass(frozen=True, slots=True)
class ProvinceGaps:
    """One province's chain gap report, as the route ran it."""

    code: str  # 2-digit NBS prefix
    name: str  # 广东省
    report: Mapping[str, Any]

    @property
    def short_name(self) -> str:
        return _SUFFIX.sub("", self.name) or self.name


def region_url(code: str, chain: str = "") -> str:
    return f"/ui/regions/{quote(code)}" + (f"?{urlencode({'chain': chain})}" if chain else "")


def node_url(key: str) -> str:
    return f"/ui/nodes/{quote(key)}"


def _statuses(cells: Sequence[NodeView]) -> list[tuple[str, str, str]]:
    present = {c.status: c.status_zh for c in cells}
    ordered = [s for s in STATUS_ORDER if s in present] + sorted(set(present) - set(STATUS_ORDER))
    return [(s, present[s], STATUS_COLOURS.get(s, OTHER_COLOUR)) for s in ordered]


def _pieces(statuses: Sequence[tuple[str, str, str]]) -> list[dict[str, Any]]:
    return [{"value": i, "label": zh, "color": colour} for i, (_, zh, colour) in enumerate(statuses)]


def _cell_detail(province: ProvinceGaps, cell: NodeView) -> dict[str, Any]:
    return {
        "region": province.name,
        "node": cell.name,
        "status": cell.status_zh,
        "patents": cell.patents,
        "benchmark": cell.benchmark_patents,
        "rta": cell.rta,
        "low": cell.rta_low,
        "high": cell.rta_high,
        "action": cell.action,
    }


def _matrix(provinces: Sequence[ProvinceGaps]) -> tuple[list[NodeView], list[list[NodeView]]]:
    """Nodes in the report's order, and per province its node views in that same order."""
    rows = [node_views(p.report) for p in provinces]
    nodes = rows[0] if rows else []
    keys = [n.key for n in nodes]
    ordered = [sorted(r, key=lambda v: keys.index(v.key) if v.key in keys else len(keys)) for r in rows]
    return nodes, ordered


def heatmap_html(provinces: Sequence[ProvinceGaps], chain: str, chart_id: str = "region-heatmap") -> Markup:
    """Rows: chain nodes; columns: provinces (most chain patents first); cell colour: the
    status, cell text: the province's patents in the node (件); a click opens the province."""
    nodes, rows = _matrix(provinces)
    statuses = _statuses([c for r in rows for c in r])
    index = {s: i for i, (s, _, _) in enumerate(statuses)}
    data: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    for x, (province, cells) in enumerate(zip(provinces, rows, strict=True)):
        for y, cell in enumerate(cells):
            data.append(
                {
                    "value": [x, y, index[cell.status], cell.patents or 0],
                    "url": region_url(province.code, chain),
                }
            )
            details.append(_cell_detail(province, cell))
    labels = {p.short_name: region_url(p.code, chain) for p in provinces}
    labels.update({n.name: node_url(n.key) for n in nodes})
    option = base_option(
        {
            "tooltip": {"position": "top"},
            "grid": {"left": 170, "right": 16, "top": 64, "bottom": 60},
            "xAxis": {
                "type": "category",
                "data": [p.short_name for p in provinces],
                "position": "top",
                "axisLabel": {"interval": 0, "rotate": 45},
                "splitArea": {"show": True},
                "triggerEvent": True,
            },
            "yAxis": {
                "type": "category",
                "data": [n.name for n in nodes],
                "inverse": True,
                "axisLabel": {"width": 160, "overflow": "truncate"},
                "splitArea": {"show": True},
                "triggerEvent": True,
            },
            "visualMap": {
                "type": "piecewise",
                "dimension": 2,
                "orient": "horizontal",
                "left": "center",
                "bottom": 0,
                "pieces": _pieces(statuses),
            },
            "series": [
                {
                    "name": "各省环节状态",
                    "type": "heatmap",
                    "data": data,
                    "label": {"show": True, "formatter": "{@[3]}", "fontSize": 11},
                    "itemStyle": {"borderColor": "#fff", "borderWidth": 1},
                }
            ],
        }
    )
    height = HEAT_ROW_PX * max(len(nodes), 3) + 150
    return chart_html(chart_id, "heatmap", option, height, details=details, label_links=labels)


def busiest_node(provinces: Sequence[ProvinceGaps]) -> int:
    """Index of the node with the most patents over all provinces (the map opens on it)."""
    nodes, rows = _matrix(provinces)
    totals = [sum(r[y].patents or 0 for r in rows) for y in range(len(nodes))]
    return max(range(len(totals)), key=lambda y: (totals[y], -y)) if totals else 0


def map_html(provinces: Sequence[ProvinceGaps], chain: str, chart_id: str = "region-map") -> Markup:
    """The China map for one node at a time (a select on the page switches it): provinces
    coloured by their status in the node, tooltip with counts and RTA, a click opens it."""
    nodes, rows = _matrix(provinces)
    first = busiest_node(provinces)
    statuses = _statuses([c for r in rows for c in r])
    index = {s: i for i, (s, _, _) in enumerate(statuses)}
    by_node: list[list[dict[str, Any]]] = []
    for y in range(len(nodes)):
        items = []
        for province, cells in zip(provinces, rows, strict=True):
            cell = cells[y]
            items.append(
                {
                    "name": province.name,
                    "value": index[cell.status],
                    "url": region_url(province.code, chain),
                    "detail": _cell_detail(province, cell),
                }
            )
        by_node.append(items)
    option = base_option(
        {
            "tooltip": {"trigger": "item"},
            "visualMap": {
                "type": "piecewise",
                "left": 8,
                "bottom": 8,
                "pieces": _pieces(statuses),
                "outOfRange": {"color": "#eef1f5"},
            },
            "series": [
                {
                    "name": nodes[first].name if nodes else "",
                    "type": "map",
                    "map": "china",
                    "roam": True,
                    "layoutCenter": ["50%", "54%"],
                    "layoutSize": "95%",
                    "label": {"show": False},
                    "emphasis": {"label": {"show": True}},
                    "itemStyle": {"areaColor": "#eef1f5", "borderColor": "#8a96a3", "borderWidth": 0.6},
                    "data": by_node[first] if by_node else [],
                }
            ],
        }
    )
    return chart_html(
        chart_id,
        "map",
        option,
        560,
        geo=MAP_ASSET,
        nodes=[{"key": n.key, "name": n.name} for n in nodes],
        first=first,
        by_node=by_node,
    )


def node_choices(provinces: Sequence[ProvinceGaps]) -> list[NodeView]:
    return _matrix(provinces)[0]
