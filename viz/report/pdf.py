"""The report's PDF: the same HTML printed by headless Chromium (报告 PDF).

Chromium is the one the project installs for its browser tests (``ops/install-chromium.sh``,
with the CJK font; path in ``Settings.chromium``). Printing a local file with every network
feature off: the HTML is self-contained, so nothing is fetched. ``--virtual-time-budget`` lets
the inlined ECharts draw (animation off) before the page is printed.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
from pathlib import Path

from graph.errors import ConfigurationError, PatentnavError

logger = logging.getLogger(__name__)

PRINT_TIMEOUT_SECONDS = 120
PRINT_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
    "--virtual-time-budget=10000",
)


def print_pdf(html: Path, pdf: Path, chromium: Path) -> Path:
    """Print ``html`` to ``pdf`` (A4, the template's ``@page``) with ``chromium``."""
    if not chromium.is_file():
        raise ConfigurationError(
            f"无法生成 PDF: 未找到 Chromium {chromium} "
            "(运行 ops/install-chromium.sh, 或设置 PATENTNAV_CHROMIUM)"
        )
    with tempfile.TemporaryDirectory(prefix="patentnav-pdf-") as profile:
        command = [
            str(chromium),
            *PRINT_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf.resolve()}",
            html.resolve().as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=PRINT_TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise PatentnavError(f"PDF 打印超时 ({PRINT_TIMEOUT_SECONDS} 秒)") from exc
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        logger.error("chromium print failed (%s): %s", done.returncode, done.stderr[-2000:])
        raise PatentnavError(f"PDF 打印失败 (Chromium 退出码 {done.returncode})")
    return pdf
