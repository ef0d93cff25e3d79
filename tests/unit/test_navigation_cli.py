"""`patentnav query ...` on a crafted embedded graph: JSON output of each command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.commands.query import app
from graph.stores.embedded.store import EmbeddedStore
from tests.navigation_graphs import load_crafted_graph

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "graph.sqlite"
    load_crafted_graph(EmbeddedStore(path)).close()
    return path


def _run(db: Path, *args: str) -> object:
    result = runner.invoke(app, [*args, "--store", "embedded", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_collaborators_json(db: Path) -> None:
    rows = _run(
        db, "collaborators", "需要硫化物固态电解质技术", "--json", "--as-of", "2024-06-30", "--top", "3"
    )
    assert isinstance(rows, list) and len(rows) <= 3
    top = rows[0]
    assert top["holder_key"] == "scu" and top["type"] == "university"
    assert top["patents"][0] == "CN2001A"
    assert set(top["score_parts"]) >= {"text_relevance", "availability", "distance"}
    assert top["reasons"]


def test_gaps_json(db: Path) -> None:
    report = _run(db, "gaps", "--chain", "tc", "--region", "220000000000", "--json", "--as-of", "2024-06-30")
    assert isinstance(report, dict)
    assert report["region_prefix"] == "22"
    assert {n["node_key"]: n["status"] for n in report["nodes"]}["tc/packs"] == "missing"


def test_other_commands_json(db: Path, tmp_path: Path) -> None:
    sleeping = _run(
        db,
        "sleeping",
        "--region",
        "51",
        "--json",
        "--as-of",
        "2024-06-30",
        "--export",
        str(tmp_path / "s.xlsx"),
    )
    assert isinstance(sleeping, list) and sleeping[0]["pub_no"] == "CN3001A"
    assert (tmp_path / "s.xlsx").stat().st_size > 0
    high = _run(db, "high-value", "--json", "--as-of", "2024-06-30")
    assert isinstance(high, dict) and high["patents"][0]["pub_no"] == "CN1002A"
    pool = _run(db, "pool", "--chain-node", "tc/packs", "--json", "--as-of", "2024-06-30")
    assert isinstance(pool, dict) and [m["holder_key"] for m in pool["founding_members"]] == ["scu"]
    kpis = _run(
        db,
        "kpis",
        "--region",
        "22",
        "--years",
        "2022-2023",
        "--target",
        "academic_to_sme:count:0.1",
        "--json",
    )
    assert isinstance(kpis, dict) and len(kpis["rows"]) == 2 and len(kpis["checks"]) == 2
    abnormal = _run(db, "abnormal-transfers", "--bulk-min", "4", "--json", "--as-of", "2024-06-30")
    assert isinstance(abnormal, dict) and abnormal["counts"]["bulk_same_day"] == 1


def test_tables_render(db: Path) -> None:
    result = runner.invoke(
        app,
        [
            "gaps",
            "--chain",
            "tc",
            "--region",
            "22",
            "--store",
            "embedded",
            "--db",
            str(db),
            "--as-of",
            "2024-06-30",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "缺失" in result.stdout
    result = runner.invoke(
        app,
        ["pool", "--chain-node", "tc/packs", "--store", "embedded", "--db", str(db), "--as-of", "2024-06-30"],
    )
    assert result.exit_code == 0 and "greedy" in result.stdout
