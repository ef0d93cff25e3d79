"""Analyst web pages (分析页面): Jinja2 templates rendered from analysis results.

Like the rest of ``viz`` this module draws what it is given (result dicts, subgraphs) and
never queries a store; ``api.routes_viz`` runs the analyses. Pages link only to assets
served by the API itself (``/ui/static/...``), so they work on an intranet.
"""

from __future__ import annotations

import mimetypes
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from viz.charts import STATUS_COLOURS, rta_bar_chart, yearly_line_chart

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

# KPI metrics drawn on the yearly chart (the table shows all of them)
CHART_METRICS = ("academic_to_sme", "transfers_and_licences", "pledges", "open_licences")
POSITIONS_ZH = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}
AVAILABILITY_ZH = {"any": "不限", "available": "可获得 (沉睡或开放许可)", "open_licence": "开放许可"}
HOLDER_TYPES_ZH = {
    "university": "高校",
    "institute": "科研院所",
    "soe": "国有企业",
    "enterprise": "企业",
    "sme": "中小企业",
    "individual": "个人",
    "other": "其他",
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment, built on first use (no I/O at import)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        status_colours=STATUS_COLOURS,
        holder_types_zh=HOLDER_TYPES_ZH,
        positions_zh=POSITIONS_ZH,
        availability_zh=AVAILABILITY_ZH,
    )
    env.filters["num"] = _number
    env.filters["pct"] = _percent
    return env


def render_page(template: str, **context: Any) -> str:
    """Render ``template`` with ``context``; every page gets ``error`` (None unless given)."""
    context.setdefault("error", None)
    return environment().get_template(template).render(**context)


def _number(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


# --------------------------------------------------------------------------- charts


@contextmanager
def _browser_drawn_text() -> Iterator[None]:
    """SVG text stays text (drawn by the browser's CJK fonts), so matplotlib's warnings about
    CJK glyphs missing from its own font are noise here."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        yield


def gap_chart(report: dict[str, Any]) -> str:
    """RTA per chain node as inline SVG, coloured by status (nodes without RTA drawn at 0)."""
    nodes = report["nodes"]
    with _browser_drawn_text():
        return rta_bar_chart(
            [n["name"] for n in nodes],
            [n["rta"] or 0.0 for n in nodes],
            [n["status"] for n in nodes],
            f"{report['chain']} @ {report['region_prefix']} vs {report['benchmark']}",
        )


def kpi_chart(report: dict[str, Any]) -> str:
    """Yearly counts of the headline transformation metrics, one line per region and metric."""
    series: dict[str, dict[int, float]] = {}
    regions = {row["region_prefix"] for row in report["rows"]}
    for row in report["rows"]:
        for value in row["values"]:
            if value["metric"] not in CHART_METRICS:
                continue
            name = (
                value["metric_zh"]
                if len(regions) == 1
                else f"{row['region_prefix'] or '全国'} {value['metric_zh']}"
            )
            series.setdefault(name, {})[row["year"]] = value["count"]
    with _browser_drawn_text():
        return yearly_line_chart(series, "专利转化运用年度指标", "件数 (patents)")


# --------------------------------------------------------------------------- static assets


def static_asset(name: str) -> tuple[bytes, str] | None:
    """A file shipped in ``viz/static`` by bare name (no sub-paths), with its media type."""
    allowed = {p.name: p for p in STATIC_DIR.iterdir() if p.is_file()} if STATIC_DIR.is_dir() else {}
    path = allowed.get(name)
    if path is None:
        return None
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return path.read_bytes(), media
