"""End-to-end fixtures: the API served by uvicorn on a free localhost port, and headless Debian
Chromium driven by Playwright (``ops/install-chromium.sh`` installs it and a CJK font; nothing is
downloaded). Every page's requests are recorded so a test fails on any that leaves 127.0.0.1."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn

from api.app import create_app
from graph.settings import Settings
from tests.navigation_graphs import crafted_embedded_store

CHROMIUM = Path(os.environ.get("PATENTNAV_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",  # a Chinese analyst's browser (browser-drawn messages in Chinese)
]
LOCAL_HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCAL_HOST, 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn in a thread, serving the app over the crafted graph."""
    store = crafted_embedded_store()
    settings = Settings(db_path=tmp_path_factory.mktemp("e2e") / "patentnav.sqlite")
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, store=store), host=LOCAL_HOST, port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="uvicorn-e2e", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start within 30 s")
        time.sleep(0.05)
    yield f"http://{LOCAL_HOST}:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run ops/install-chromium.sh (as root) first")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


class RequestLog:
    """Every URL the page and its frames asked for."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def record(self, request: object) -> None:
        self.urls.append(request.url)  # type: ignore[attr-defined]

    def remote(self) -> list[str]:
        """Requests to anything but the local server (data:/about:/blob: URLs fetch nothing)."""
        fetched = [u for u in self.urls if urlsplit(u).scheme in ("http", "https", "ws", "wss", "ftp")]
        others = [u for u in self.urls if urlsplit(u).scheme not in ("http", "https", "ws", "wss", "ftp")]
        unexpected_schemes = [u for u in others if urlsplit(u).scheme not in ("data", "about", "blob")]
        return [u for u in fetched if urlsplit(u).hostname != LOCAL_HOST] + unexpected_schemes


@pytest.fixture()
def page_and_log(browser: object) -> Iterator[tuple[object, RequestLog]]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    log = RequestLog()
    context.on("request", log.record)  # the context sees the page's and its frames' requests
    page = context.new_page()
    page.set_default_timeout(60_000)  # the first collaborator search builds the NLP pipeline
    yield page, log
    context.close()


# Families that draw Chinese; any other family drawing Chinese text means boxes (豆腐块).
CJK_FAMILY = re.compile(
    r"CJK|Han Sans|Han Serif|WenQuanYi|PingFang|YaHei|SimHei|SimSun|Noto Sans SC|Hei", re.I
)


@pytest.fixture(scope="session", autouse=True)
def cjk_font_installed() -> None:
    """Without a CJK font Chinese renders as boxes and screenshots lie: fail, naming the fix."""
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    if not listed.stdout.strip():
        pytest.fail("no CJK font installed: run ops/install-chromium.sh (installs fonts-noto-cjk)")


def fonts_drawing(page: Any, selector: str) -> list[str]:
    """The platform font families Chromium used to draw the first element matching ``selector``
    (the DevTools protocol's CSS.getPlatformFontsForNode)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"nothing matches {selector!r}"
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    return [f["familyName"] for f in fonts if f.get("glyphCount", 0) > 0]


def assert_chinese_drawn(page: Any, selector: str) -> None:
    """The element's text is drawn with a CJK font, not as boxes."""
    families = fonts_drawing(page, selector)
    assert families, f"no font drew {selector!r}"
    assert any(CJK_FAMILY.search(f) for f in families), f"{selector!r} drawn with {families}: boxes"
