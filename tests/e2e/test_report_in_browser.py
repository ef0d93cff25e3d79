"""The navigation report in real headless Chromium: asked for on /ui/report, every chart drawn
(SVG in the DOM), Chinese drawn with a CJK font (no boxes), nothing fetched from anywhere but
127.0.0.1, each report page captured; the PDF printed by the same Chromium has the report's
pages and its Chinese text."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import RequestLog, assert_chinese_drawn
from tests.e2e.report_screenshots import capture_sections

pytestmark = pytest.mark.e2e
# an English phrase on the page (four words or more): a gloss that was not put into Chinese
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){3,}")

SECTIONS = (
    "cover",
    "summary",
    "scope",
    "decomposition",
    "landscape",
    "position",
    "weak",
    "sleeping",
    "method",
)


def test_report_page_gives_the_drawn_report(
    page_and_log: tuple[Any, RequestLog], base_url: str, tmp_path: Path
) -> None:
    page, log = page_and_log
    page.goto(f"{base_url}/ui/report")
    page.fill("#region", "22")
    page.check("input[name=chain][value=tc]")
    page.click("#get-html")
    page.wait_for_selector("#report")
    charts = page.locator("div.echart")
    assert charts.count() == 4  # trend, heatmap, holder types, regional position
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.locator("svg").first.wait_for(state="attached")
        assert chart.get_attribute("data-rendered") == "true", chart.get_attribute("id")
        assert chart.locator("svg text").count() > 3
    position_labels = page.eval_on_selector_all("#rta-tc svg text", "els => els.map(e => e.textContent)")
    assert "电池包" in position_labels and any("件" in t for t in position_labels)
    assert page.locator("h1").inner_text().startswith("吉林省")
    visible = page.inner_text("#report")
    assert not ENGLISH_SENTENCE.search(visible), ENGLISH_SENTENCE.search(visible)
    assert_chinese_drawn(page, "h1")
    assert_chinese_drawn(page, "#position-tc table.position td")
    assert_chinese_drawn(page, "#trend-tc svg text")
    page.wait_for_load_state("networkidle")
    assert any(u.startswith(f"{base_url}/api/reports/navigation") for u in log.urls)
    assert log.remote() == []
    shots = capture_sections(page, tmp_path, prefix="report-")
    assert [s.stem for s in shots] == [f"report-{s}" for s in SECTIONS]
    assert all(s.stat().st_size > 5000 for s in shots)


def test_report_pdf_has_the_pages_and_chinese_text(base_url: str, browser: Any) -> None:
    context = browser.new_context()
    try:
        answer = context.request.get(
            f"{base_url}/api/reports/navigation",
            params={"region": "22", "chain": "tc", "format": "pdf"},
            timeout=180_000,
        )
        assert answer.status == 200, answer.text()
        assert answer.headers["content-type"] == "application/pdf"
        pdf = PdfReader(io.BytesIO(answer.body()))
    finally:
        context.close()
    assert len(SECTIONS) <= len(pdf.pages) <= 40  # every section starts a page
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    # Chromium maps some CJK glyphs to Kangxi radicals in the text layer; NFKC folds them back
    text = unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in pdf.pages))
    expected = ("吉林省tc产业专利导航分析报告", "一、摘要", "主要结论与路径建议")
    expected += ("查准率", "沉睡专利", "方法与阈值")
    for words in expected:
        assert words in text, words
