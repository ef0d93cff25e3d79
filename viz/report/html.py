"""The navigation report as one self-contained HTML file (导航报告 HTML).

ECharts and the chart script are inlined from ``viz/static``, so the file opens from a disk or
an intranet share with no request at all, and prints to A4 (``@page`` in the template) the same
way the PDF is made. Chinese everywhere; names, never keys; units on every number.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from graph.navigation.labels import HOLDER_TYPE_ZH, PATENT_TYPE_ZH
from graph.navigation.report import NavigationReport
from viz.names import LEGAL_STATUS_ZH, POSITIONS_ZH, availability_zh, zh_text
from viz.report import charts

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent.parent / "static"
SLEEPING_SHOWN = 30  # rows of the sleeping supply in the report body; the XLSX has all
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", sans-serif'
)

# the chain-gap thresholds, as a reader of the report names them
THRESHOLD_NAMES_ZH = {
    "min_local_patents": ("判断强弱所需的本地区最少专利", "件"),
    "min_benchmark_patents": ("对标环节最少专利", "件"),
    "min_expected_patents": ("判为缺失所需的最少预期专利", "件"),
    "missing_max_patents": ("判为缺失的本地区专利上限", "件"),
    "weak_rta": ("弱环节 RTA 上限", ""),
    "strong_rta": ("强环节 RTA 下限", ""),
    "weak_share_ratio": ("弱环节占比系数 (本地区占比 / 对标占比)", ""),
    "confidence_level": ("RTA 置信水平", "%"),
    "mapping_min_confidence": ("专利-环节映射最低置信度", ""),
    "holder_min_confidence": ("外部权利人相关专利的映射置信度", ""),
    "benchmark_self_share": ("对标几乎即本地区的警示线", "%"),
}


def count(value: Any, unit: str = "件") -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "—"
    return f"{value:,} {unit}" if isinstance(value, int) else f"{value:,.1f} {unit}"


def pct(value: Any, digits: int = 1) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "—"
    return f"{value:.{digits}%}"


def num(value: Any, digits: int = 2) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "—"
    return f"{value:.{digits}f}"


def pct_pair(accuracy: Any) -> str:
    """ "查准率 81%, 查全率 57%" of an ``Accuracy``."""
    if accuracy is None:
        return "—"
    return f"查准率 {pct(accuracy.precision, 0)}, 查全率 {pct(accuracy.recall, 0)}"


def threshold(key: str, value: Any) -> tuple[str, str]:
    name, unit = THRESHOLD_NAMES_ZH.get(key, (key, ""))
    if unit == "%":
        return name, pct(value, 0)
    return name, f"{value:g} {unit}".strip() if isinstance(value, int | float) else str(value)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(count=count, pct=pct, num=num, zh=zh_text, availability=availability_zh)
    env.globals.update(
        positions_zh=POSITIONS_ZH,
        holder_types_zh=HOLDER_TYPE_ZH,
        patent_types_zh=PATENT_TYPE_ZH,
        legal_status_zh=LEGAL_STATUS_ZH,
        threshold=threshold,
        pct_pair=pct_pair,
        charts=charts,
        font_stack=FONT_STACK,
        sleeping_shown=SLEEPING_SHOWN,
    )
    return env


@lru_cache(maxsize=1)
def _scripts() -> Markup:
    """ECharts and the chart script inlined (neither contains ``</script``)."""
    parts = [(STATIC / name).read_text(encoding="utf-8") for name in ("echarts.min.js", "charts.js")]
    if any("</script" in part.lower() for part in parts):
        raise ValueError("an inlined script contains </script>")
    return Markup("".join(f"<script>{part}</script>\n" for part in parts))


def render_report_html(report: NavigationReport, generated: str) -> str:
    """The report's HTML; ``generated`` is the date printed on the cover."""
    node_names = {g.node_key: g.name for s in report.chains for g in s.gaps.nodes}
    return (
        _environment()
        .get_template("report.html")
        .render(report=report, generated=generated, scripts=_scripts(), node_names=node_names)
    )
