"""Slices of the demo export (演示数据切片) for tests that need real rows but not all 3,048.

A stride over the file, not its head: the demo is generated region by region, so the first rows
would miss most provinces, chains and kinds of legal event.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tests.paths import REPO

DEMO = REPO / "data" / "demo" / "patents_demo.csv"


def demo_records(*, every: int = 1, limit: int | None = None) -> list[list[str]]:
    """The header, then every ``every``-th demo row, at most ``limit`` rows."""
    with DEMO.open(encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    return [header, *rows[::every][:limit]]


def write_demo_slice(path: Path, *, every: int = 1, limit: int | None = None) -> Path:
    """A UTF-8 CSV at ``path`` with :func:`demo_records`; returns ``path``."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(demo_records(every=every, limit=limit))
    return path
