"""Shared navigation helpers: dates, regions, concentration, scoring, to_dict."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pytest

from graph.models import HolderType
from graph.navigation.common import (
    ToDictMixin,
    add_years,
    city_of,
    concentration_ratio,
    growth_rate,
    hhi,
    idf,
    parse_date,
    region_prefix,
)
from graph.navigation.scoring import saturating, term_weights, weighted_overlap, weighted_parts


def test_dates() -> None:
    assert parse_date("2021-03-05") == date(2021, 3, 5)
    assert parse_date("2021-03-05T10:00:00") == date(2021, 3, 5)
    assert parse_date("2021-13-01") is None and parse_date(None) is None
    assert add_years(date(2020, 2, 29), 3) == date(2023, 2, 28)


def test_regions() -> None:
    assert region_prefix("220000000000") == "22"
    assert region_prefix("220100000000") == "2201"
    assert region_prefix("220102000000") == "220102"
    assert region_prefix("51") == "51"
    assert city_of("220000000000") is None and city_of("220100000000") == "2201"


def test_concentration() -> None:
    assert hhi({"a": 1, "b": 1}) == pytest.approx(0.5)
    assert hhi({}) is None
    assert concentration_ratio({"a": 5, "b": 3, "c": 1, "d": 1}, 3) == pytest.approx(0.9)
    assert growth_rate(12, 10) == pytest.approx(0.2)
    assert growth_rate(3, 0) is None


def test_scoring() -> None:
    weights = term_weights(["rare", "common"], {"rare": 1, "common": 99, "*": 100})
    assert weights["rare"] > weights["common"] > 0
    assert weights["rare"] == pytest.approx(idf(1, 100)) == pytest.approx(math.log(101 / 2) + 1)
    assert weighted_overlap(["rare"], weights) > weighted_overlap(["common"], weights)
    assert weighted_overlap(["rare", "common", "rare"], weights) == pytest.approx(1.0)
    total, parts = weighted_parts({"a": 1.0, "b": 0.5}, {"a": 0.5, "b": 0.5, "c": 0.0}, {"a": "甲"})
    assert total == pytest.approx(0.75)
    assert [p.name_zh for p in parts] == ["甲", "b", "c"]
    assert saturating(7, 5) == 1.0 and saturating(1, 4) == 0.25 and saturating(1, 0) == 0.0


@dataclass(frozen=True)
class _Sample(ToDictMixin):
    kind: HolderType
    items: tuple[str, ...]
    ratio: float


def test_to_dict_is_json_plain() -> None:
    assert _Sample(HolderType.SME, ("a",), 1 / 3).to_dict() == {
        "kind": "sme",
        "items": ["a"],
        "ratio": 0.333333,
    }


def test_navigation_does_not_import_nlp_or_api() -> None:
    """Dependency direction: graph.navigation takes query terms; it never imports nlp or api."""
    import ast
    from pathlib import Path

    import graph.navigation

    folder = Path(graph.navigation.__file__).parent
    imported: set[str] = set()
    for source in folder.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
    assert len(list(folder.glob("*.py"))) >= 10
    assert "graph" in imported
    assert not imported & {"nlp", "api", "ingest", "viz"}
