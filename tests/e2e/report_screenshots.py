"""Screenshots of the navigation report's pages (报告页面截图) for the README.

Make the report on the demo graph, then capture each of its sections as printed (print media):

    .venv/bin/patentnav ingest data/demo/patents_demo.csv --store embedded --db /tmp/demo.sqlite
    .venv/bin/patentnav report --chain nev --region 22 --out /tmp/nr --store embedded --db /tmp/demo.sqlite
    .venv/bin/python -m tests.e2e.report_screenshots /tmp/nr/navigation-report.html --out docs/screenshots

Headless Debian Chromium (ops/install-chromium.sh); fails if the file asks for anything at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS, RequestLog
from tests.e2e.screenshots import _save as save_png

A4_WIDTH_PX = 794  # 210 mm at 96 dpi


def capture_sections(page: Any, out: Path, prefix: str = "report-") -> list[Path]:
    """One PNG per report section (cover, summary, ...) as the print stylesheet lays it out."""
    page.emulate_media(media="print")
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    for section in page.query_selector_all("article.report > section"):
        path = out / f"{prefix}{section.get_attribute('id')}.png"
        save_png(section.screenshot(), path)  # a palette PNG, like the pages' screenshots
        shots.append(path)
    page.emulate_media(media="screen")
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="navigation-report.html written by patentnav report")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": A4_WIDTH_PX, "height": 1123}, locale="zh-CN")
        log = RequestLog()
        page.on("request", log.record)
        page.goto(args.html.resolve().as_uri())
        page.wait_for_selector("div.echart[data-rendered=true]")
        fetched = [u for u in log.urls if u != args.html.resolve().as_uri()]
        shots = capture_sections(page, args.out)
        browser.close()
    if fetched:
        print("the report asked for:", *fetched, sep="\n  ", file=sys.stderr)
        return 1
    for shot in shots:
        print(shot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
