"""Charts as inline SVG (matplotlib's object API: no pyplot state, safe in a server)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure

STATUS_COLOURS = {"strong": "#59a14f", "weak": "#edc948", "missing": "#e15759"}


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    # Text stays text (svg.fonttype none) so the browser draws Chinese with its own fonts.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight")
    return buffer.getvalue()


def rta_bar_chart(names: Sequence[str], rta: Sequence[float], statuses: Sequence[str], title: str) -> str:
    """Horizontal bars of RTA per chain node, coloured by status; the line at 1 is parity."""
    height = max(2.5, 0.35 * len(names) + 1)
    fig = Figure(figsize=(8, height))
    ax = fig.subplots()
    positions = list(range(len(names)))[::-1]
    colours = [STATUS_COLOURS.get(s, "#999999") for s in statuses]
    ax.barh(positions, list(rta), color=colours)
    ax.set_yticks(positions, labels=list(names))
    ax.axvline(1.0, color="#333333", linewidth=1, linestyle="--")
    ax.set_xlabel("RTA (显示性技术优势)")
    ax.set_title(title)
    return _svg(fig)


def yearly_line_chart(series: dict[str, dict[int, float]], title: str, ylabel: str) -> str:
    """One line per series over years (e.g. transfers, licences, pledges per year)."""
    fig = Figure(figsize=(8, 3.5))
    ax = fig.subplots()
    for name, points in sorted(series.items()):
        years = sorted(points)
        ax.plot(years, [points[y] for y in years], marker="o", label=name)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    if series:
        ax.legend()
    return _svg(fig)
