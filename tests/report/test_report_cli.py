"""``patentnav report`` and ``patentnav operation-db`` on a crafted graph file: the files, the exit
codes and the Chinese messages (the PDF is printed in tests/e2e)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.cli import app
from graph.stores.embedded.store import EmbeddedStore
from tests.navigation_graphs import load_crafted_graph


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report-cli") / "graph.sqlite"
    load_crafted_graph(EmbeddedStore(path)).close()
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_report_writes_the_files_asked_for(db: Path, tmp_path: Path) -> None:
    code, out, err = _run(
        "report", "--chain", "tc", "--region", "22", "--out", str(tmp_path), "--format", "html,xlsx",
        "--store", "embedded", "--db", str(db), "--source", "测试导出",
    )  # fmt: skip
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["navigation-report.html", "navigation-report.xlsx"]
    assert "html: " in out and "报告生成用时" in err
    html = (tmp_path / "navigation-report.html").read_text(encoding="utf-8")
    assert "测试导出" in html and "吉林省" in html
    assert "摘要" in load_workbook(tmp_path / "navigation-report.xlsx").sheetnames


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--chain", "nope", "--region", "22"), "产业链不存在"),
        (("--chain", "tc", "--region", "99"), "region"),
        (("--chain", "tc", "--region", "22", "--format", "docx"), "报告格式"),
    ],
)
def test_report_refuses_bad_parameters(db: Path, tmp_path: Path, args: tuple[str, ...], words: str) -> None:
    code, _, err = _run("report", *args, "--out", str(tmp_path), "--store", "embedded", "--db", str(db))
    assert code == 2 and words in err
    assert not list(tmp_path.iterdir())


def test_operation_db_exports_the_whole_listing(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "运营库.xlsx"
    code, out, err = _run(
        "operation-db", "--holder-types", "university", "--limit", "1", "--export", str(target),
        "--store", "embedded", "--db", str(db), "--json",
    )  # fmt: skip
    assert code == 0, err
    sheet = load_workbook(target).active
    assert sheet is not None and sheet.max_row >= 2
    assert f"运营库 {sheet.max_row - 1} 件" in err
    listing = json.loads(out)  # the page is cut by --limit, the export is not
    assert listing["page"]["total"] == sheet.max_row - 1 and len(listing["result"]["patents"]) == 1
    code, _, err = _run("operation-db", "--level", "D", "--store", "embedded", "--db", str(db))
    assert code == 2 and "level" in err
