"""The pages' Jinja2 environment (模板环境): filters and globals for Chinese display."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from viz import gap_view, region_view
from viz.catalogue import chain_catalogue, chain_name, metric_names, node_names
from viz.charts import gap_chart_html, kpi_chart_html
from viz.kpi_view import check_chart_html, check_views, kpi_tables
from viz.names import (
    AVAILABILITY_FILTER_ZH,
    EMPTY_REGIONS,
    EVENT_KINDS_ZH,
    HOLDER_TYPES_ZH,
    LABELS_ZH,
    LEGAL_STATUS_ZH,
    LEVELS_ZH,
    MEASURES_ZH,
    PATENT_TYPES_ZH,
    POSITIONS_ZH,
    RegionNames,
    availability_zh,
    zh_path,
    zh_text,
)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
# KPI metrics drawn on the yearly chart (the table shows all of them)
CHART_METRICS = ("academic_to_sme", "transfers_and_licences", "pledges", "open_licences")


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
        holder_types_zh=HOLDER_TYPES_ZH,
        positions_zh=POSITIONS_ZH,
        availability_filter_zh=AVAILABILITY_FILTER_ZH,
        labels_zh=LABELS_ZH,
        event_kinds_zh=EVENT_KINDS_ZH,
        levels_zh=LEVELS_ZH,
        measures_zh=MEASURES_ZH,
        patent_types_zh=PATENT_TYPES_ZH,
        legal_status_zh=LEGAL_STATUS_ZH,
        chain_catalogue=chain_catalogue,
        node_names=node_names,
        chain_name=chain_name,
        metric_names=metric_names,
        gap_nodes=gap_view.node_views,
        gap_definitions=gap_view.definitions,
        gap_rules=gap_view.status_rules,
        gap_chart=gap_chart_html,
        kpi_chart=kpi_chart,
        kpi_checks=kpi_checks,
        check_chart=check_chart_html,
        kpi_tables=kpi_tables,
        province_heatmap=region_view.heatmap_html,
        province_map=region_view.map_html,
        province_nodes=region_view.node_choices,
        busiest_node=region_view.busiest_node,
        node_url=region_view.node_url,
        region_url=region_view.region_url,
    )
    env.filters.update(num=_number, pct=_percent, zh=zh_text, zh_path=zh_path, availability=availability_zh)
    env.filters["region"] = _region_filter
    env.filters["pub_links"] = pub_links
    return env


def render_page(template: str, **context: Any) -> str:
    """Render ``template`` with ``context``; every page gets ``error`` (None unless given) and
    ``regions`` (place names; codes are shown as they are without it)."""
    context.setdefault("error", None)
    context.setdefault("regions", EMPTY_REGIONS)
    return environment().get_template(template).render(**context)


def kpi_chart(report: Mapping[str, Any], regions: RegionNames = EMPTY_REGIONS) -> Markup:
    return kpi_chart_html(report.get("rows") or (), CHART_METRICS, regions.name)


def kpi_checks(report: Mapping[str, Any], regions: RegionNames = EMPTY_REGIONS) -> list[Any]:
    return check_views(report.get("checks") or (), metric_names(report), regions.name)


@pass_context
def _region_filter(context: Context, code: object) -> str:
    regions = context.get("regions")
    return (regions if isinstance(regions, RegionNames) else EMPTY_REGIONS).name(code)


# a Chinese publication number inside an analysis text (CN109020288A, CN2082654800U)
_PUB_NO = re.compile(r"\bCN\d{4,13}[A-Z]\d?\b")


def pub_links(text: object) -> Markup:
    """Text with each publication number linked to its patent page (the text is escaped)."""
    escaped = str(escape("" if text is None else str(text)))
    return Markup(
        _PUB_NO.sub(
            lambda m: f'<a class="patent-link" href="/ui/patents/{m.group(0)}">{m.group(0)}</a>', escaped
        )
    )


def _number(value: object, digits: int = 2) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def _percent(value: object) -> str:
    return "—" if isinstance(value, bool) or not isinstance(value, int | float) else f"{value:.1%}"
