"""Write the navigation report's files (报告文件): HTML, PDF (printed from that HTML), XLSX."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from graph.errors import InvalidQueryError
from graph.navigation.report import NavigationReport
from viz.report.html import render_report_html
from viz.report.pdf import print_pdf
from viz.report.workbook import write_workbook

FORMATS = ("html", "pdf", "xlsx")
BASE_NAME = "navigation-report"


def check_formats(formats: Sequence[str]) -> None:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        given = repr(unknown[0][:20]) if unknown else "空"
        raise InvalidQueryError(f"参数 format: 报告格式应为 html、pdf、xlsx 中的一个或多个, 收到 {given}")


def write_report(
    report: NavigationReport,
    folder: Path,
    formats: Sequence[str],
    chromium: Path,
    generated: str,
) -> dict[str, Path]:
    """``folder/navigation-report.{html,pdf,xlsx}`` for the formats asked; paths by format."""
    check_formats(formats)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    if "html" in formats or "pdf" in formats:
        html = folder / f"{BASE_NAME}.html"
        html.write_text(render_report_html(report, generated), encoding="utf-8")
        if "pdf" in formats:
            written["pdf"] = print_pdf(html, folder / f"{BASE_NAME}.pdf", chromium)
        if "html" in formats:
            written["html"] = html
        else:
            html.unlink()
    if "xlsx" in formats:
        written["xlsx"] = write_workbook(report, folder / f"{BASE_NAME}.xlsx")
    return written
