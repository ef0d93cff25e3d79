"""The page that asks for a navigation report (导航报告页面, ``/ui/report``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader

from viz.names import RegionNames
from viz.templating import environment

TEMPLATES = Path(__file__).resolve().parent / "templates"


def render_report_form(
    form: Mapping[str, Any], chains: Sequence[Mapping[str, Any]], regions: RegionNames, max_chains: int
) -> str:
    """The form, on the analyst pages' layout (``base.html``) and filters."""
    base = environment()
    assert base.loader is not None
    env = base.overlay(loader=ChoiceLoader([FileSystemLoader(TEMPLATES), base.loader]))
    return env.get_template("report_form.html").render(
        form=form, chains=chains, regions=regions, max_chains=max_chains, error=None
    )
