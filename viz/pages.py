"""Analyst web pages (分析页面): what ``api.routes_viz`` calls to render them.

Like the rest of ``viz`` this draws what it is given (result dicts, subgraphs, region names)
and never queries a store; the routes run the analyses. Pages link only to assets served by
the API itself (``/ui/static/...``), so they work on an intranet.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from viz import gap_view
from viz.charts import gap_chart_html
from viz.network import vis_asset_path
from viz.templating import environment, kpi_chart, render_page

__all__ = ["environment", "gap_chart", "kpi_chart", "render_page", "static_asset"]

STATIC_DIR = Path(__file__).resolve().parent / "static"


def gap_chart(report: Mapping[str, Any]) -> Markup:
    """The chain gap chart for a report (the gap page draws the same from the report)."""
    return gap_chart_html(gap_view.node_views(report))


def static_asset(name: str) -> tuple[bytes, str] | None:
    """A file shipped in ``viz/static`` (or vis-network's, from pyvis) by bare name, no
    sub-paths, with its media type."""
    allowed = {p.name: p for p in STATIC_DIR.iterdir() if p.is_file()} if STATIC_DIR.is_dir() else {}
    path = allowed.get(name) or vis_asset_path(name)
    if path is None or not path.is_file():
        return None
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return path.read_bytes(), media
