"""Screenshots of the analyst pages for the README (页面截图), taken the way an analyst uses them.

Run against a server over the demo graph:

    .venv/bin/patentnav ingest data/demo/patents_demo.csv --store embedded --db /tmp/demo.sqlite
    .venv/bin/patentnav serve --store embedded --db /tmp/demo.sqlite --port 8765 &
    .venv/bin/python -m tests.e2e.screenshots --base-url http://127.0.0.1:8765 --out docs/screenshots

Headless Debian Chromium (ops/install-chromium.sh, which also installs the CJK font). Fails
if any page asks for anything but the local server. PNGs are reduced to a 256-colour palette.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS, RequestLog

MAX_HEIGHT = 2200  # px; long tables are cut there


def _gaps(page: Any, base: str) -> None:
    page.goto(f"{base}/ui/gaps")
    page.select_option("#chain", "nev")
    page.fill("#region", "44")
    page.fill("#benchmark", "全国")
    page.click("#gap-form button[type=submit]")
    page.wait_for_selector("#rta-chart[data-rendered=true]")
    page.wait_for_selector("#region-heatmap[data-rendered=true]", timeout=180_000)


def _gap_provinces(page: Any, base: str) -> str:
    _gaps(page, base)
    page.wait_for_selector("#region-heatmap[data-rendered=true]")
    page.wait_for_selector("#region-map[data-rendered=true]")
    return "#province-view"  # the shot is this element


def _detail(path: str, link: str | None = None) -> Callable[[Any, str], None]:
    """A detail page, reached by clicking ``link`` on ``path`` when given (the way an analyst
    gets there), else opened directly."""

    def visit(page: Any, base: str) -> None:
        page.goto(f"{base}{path}")
        if link:
            page.locator(link).first.click()
            page.wait_for_load_state()
        page.wait_for_selector("#detail-heading")

    return visit


def _collaborators(page: Any, base: str) -> None:
    page.goto(f"{base}/ui/collaborators")
    page.fill("#need", "我们需要提高锂离子电池正极材料的循环稳定性, 希望与高校合作")
    page.fill("#region", "4401")
    page.fill("#top_k", "5")
    page.click("#submit")
    page.wait_for_selector("#candidates")


def _sleeping(page: Any, base: str) -> None:
    page.goto(f"{base}/ui/sleeping")
    page.fill("#region", "44")
    page.click("#sleeping-form button[type=submit]")
    page.wait_for_selector("#sleeping-table")


def _kpis(page: Any, base: str) -> None:
    page.goto(f"{base}/ui/kpis")
    page.fill("#region", "37")
    page.fill("#year_from", "2019")
    page.fill("#year_to", "2023")
    page.check("#plan")
    page.click("#kpi-form button[type=submit]")
    page.wait_for_selector("#kpi-chart[data-rendered=true]")
    page.wait_for_selector("#check-chart[data-rendered=true]")


def _graph(page: Any, base: str) -> None:
    page.goto(f"{base}/ui/neighbourhood")
    page.select_option("#label", "Holder")
    page.fill("#key", "华南理工大学")
    page.fill("#depth", "2")
    page.fill("#limit", "60")
    page.click("#graph-form button[type=submit]")
    page.frame_locator("#graph-frame").locator("body[data-graph-ready=true]").wait_for()


def _simple(path: str, ready: str) -> Callable[[Any, str], None]:
    def visit(page: Any, base: str) -> None:
        page.goto(f"{base}{path}")
        page.wait_for_selector(ready)
        page.wait_for_load_state("networkidle")

    return visit


SHOTS: dict[str, Callable[[Any, str], str | None]] = {
    "home": _simple("/ui/", "#stats-table"),
    "gaps": _gaps,
    "gap-provinces": _gap_provinces,
    "collaborators": _collaborators,
    "sleeping": _sleeping,
    "kpis": _kpis,
    "graph": _graph,
    "patent": _detail("/ui/nodes/nev/battery_cell", "table.patent-list a.patent-link"),
    "holder": _detail("/ui/regions/44?chain=nev", "#region-holders a"),
    "node": _detail("/ui/nodes/nev/battery_cell"),
    "region": _detail("/ui/regions/44?chain=nev"),
    "docs": _simple("/docs", ".opblock"),
    "redoc": _simple("/redoc", "h1"),
}


def _save(png: bytes, path: Path) -> None:
    """A palette PNG when Pillow is there (several times smaller), else as taken."""
    try:
        from PIL import Image
    except ImportError:
        path.write_bytes(png)
        return
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def take(base_url: str, out: Path, names: list[str]) -> list[str]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    remote: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        for name in names:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            log = RequestLog()
            context.on("request", log.record)
            page = context.new_page()
            page.set_default_timeout(90_000)
            element = SHOTS[name](page, base_url)
            if element:
                png = page.locator(element).screenshot()
            else:
                height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
                png = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": height})
            _save(png, out / f"{name}.png")
            remote += log.remote()
            context.close()
        browser.close()
    return remote


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("names", nargs="*", default=list(SHOTS), help=f"some of {', '.join(SHOTS)}")
    args = parser.parse_args(argv)
    remote = take(args.base_url.rstrip("/"), args.out, args.names)
    if remote:
        sys.stderr.write("requests left the server:\n" + "\n".join(remote) + "\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
