"""`patentnav query ...` on a crafted embedded graph: JSON, tables, export and errors of each command.

That the JSON equals the API's byte for byte is tests/api/test_cli_api_parity.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.commands.query import app
from graph.stores.embedded.store import EmbeddedStore
from tests.navigation_graphs import load_crafted_graph

runner = CliRunner()
AS_OF = "2024-06-30"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "graph.sqlite"
    load_crafted_graph(EmbeddedStore(path)).close()
    return path


def _invoke(db: Path, *args: str) -> Any:
    return runner.invoke(app, [*args, "--store", "embedded", "--db", str(db)])


def _run(db: Path, *args: str) -> Any:
    result = _invoke(db, *args, "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["analysis"] and "request" in body
    return body


def test_collaborators_json(db: Path) -> None:
    body = _run(db, "collaborators", "需要硫化物固态电解质技术", "--as-of", AS_OF, "--top-k", "3")
    candidates = body["result"]["candidates"]
    assert 0 < len(candidates) <= 3
    top = candidates[0]
    assert top["holder_key"] == "scu" and top["holder_type"] == "university"
    assert top["patents"][0]["pub_no"] == "CN2001A"
    assert {p["name"] for p in top["score_parts"]} >= {"text_relevance", "availability", "distance"}
    assert top["reasons"]
    assert body["request"]["top_k"] == 3


def test_gaps_json(db: Path) -> None:
    body = _run(db, "gaps", "--chain", "tc", "--region", "220000000000", "--as-of", AS_OF)
    report = body["result"]
    assert report["region_prefix"] == "22" and body["request"]["region"] == "22"
    # 0 on packs, but 1.7 expected at the national intensity (P(0) 19 %): no evidence of a gap
    assert {n["node_key"]: n["status"] for n in report["nodes"]}["tc/packs"] == "insufficient_evidence"


def test_other_commands_json(db: Path) -> None:
    sleeping = _run(db, "sleeping", "--region", "51", "--as-of", AS_OF)
    assert sleeping["result"]["patents"][0]["pub_no"] == "CN3001A"
    assert sleeping["page"]["total"] == len(sleeping["result"]["patents"])
    high = _run(db, "high-value", "--as-of", AS_OF)
    assert high["result"]["patents"][0]["pub_no"] == "CN1002A"
    pool = _run(db, "pool", "--chain-node", "tc/packs", "--as-of", AS_OF)
    assert [m["holder_key"] for m in pool["result"]["founding_members"]] == ["scu"]
    kpis = _run(
        db,
        "kpis",
        "--region",
        "22",
        "--year-from",
        "2022",
        "--year-to",
        "2023",
        "--target",
        "academic_to_sme:count:0.1",
    )
    assert len(kpis["result"]["rows"]) == 2 and len(kpis["result"]["checks"]) == 2
    abnormal = _run(db, "abnormal-transfers", "--bulk-min", "4", "--as-of", AS_OF)
    assert abnormal["result"]["counts"]["bulk_same_day"] == 1
    assert [c["chain"] for c in _run(db, "chains")["result"]] == ["tc"]
    assert len(_run(db, "chain", "tc")["result"]["node_list"]) == 4


def test_plan_targets_say_what_they_could_not_check(db: Path) -> None:
    kpis = _run(
        db, "kpis", "--region", "22", "--region", "2201", "--plan", "--year-from", "2023", "--year-to", "2023"
    )
    assert kpis["result"]["checks"]
    assert any("2201 不是省级代码" in note for note in kpis["notes"])


def test_sleeping_export_writes_the_whole_supply_list(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "供给清单.xlsx"
    result = _invoke(
        db, "sleeping", "--region", "51", "--as-of", AS_OF, "--limit", "1", "--export", str(target)
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target).active
    assert sheet is not None
    total = json.loads(_invoke(db, "sleeping", "--region", "51", "--as-of", AS_OF, "--json").stdout)["page"][
        "total"
    ]
    assert sheet.max_row - 1 == total > 1  # every patent, not the one-row page
    assert f"供给清单 {total} 件" in result.stderr
    refused = _invoke(db, "sleeping", "--export", str(tmp_path / "list.pdf"))
    assert refused.exit_code == 2
    assert "参数 export: 供给清单文件应以 .csv 或 .xlsx 结尾" in refused.stderr


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("gaps", "--chain", "tc", "--region", "22", "--as-of", AS_OF), "吉林省 对标 全国"),
        (("pool", "--chain-node", "tc/packs", "--as-of", AS_OF), "贪心集合覆盖"),
        (("sleeping", "--as-of", AS_OF), "CN3001A"),
        (("high-value", "--as-of", AS_OF), "CN1002A"),
        (("kpis", "--region", "22", "--year-from", "2022", "--year-to", "2023"), "专利质押"),
        (("abnormal-transfers", "--as-of", AS_OF), "异常转让预警"),
        (("collaborators", "硫化物固态电解质", "--as-of", AS_OF), "四川大学"),
        (("chains",), "tc"),
        (("chain", "tc"), "tc/recycling"),
    ],
)
def test_tables_render(db: Path, args: tuple[str, ...], shown: str) -> None:
    result = _invoke(db, *args)
    assert result.exit_code == 0, result.output
    assert shown in result.stdout


def test_errors_exit_with_their_code(db: Path) -> None:
    bad = _invoke(db, "gaps", "--chain", "tc", "--region", "99")
    assert bad.exit_code == 2
    assert "参数 region: 地区代码 '99' 不在国家统计局区划代码表中" in bad.stderr
    missing = _invoke(db, "chain", "nope")
    assert missing.exit_code == 1
    assert "产业链不存在" in missing.stderr
    store = runner.invoke(app, ["chains", "--store", "sqlite"])
    assert store.exit_code == 1
    assert "unknown store 'sqlite'" in store.stderr
