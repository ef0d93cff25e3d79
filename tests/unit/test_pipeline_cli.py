"""`patentnav ingest` as a command: exit codes, --report-json, --dry-run, with the real row mapping
on the embedded store (reference data left out to keep it fast; the contract test loads it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from api.commands.ingest import EXIT_FILE_FAILED, ingest_command
from ingest.pipeline import IngestComponents
from ingest.pipeline import runner as pipeline_run
from tests.paths import SCHEMA_FIXTURE

FIXTURE = SCHEMA_FIXTURE

app = typer.Typer()
app.command()(ingest_command)


@pytest.fixture(autouse=True)
def no_reference_data(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline_run.default_components

    def without_reference(**kwargs: Any) -> IngestComponents:
        return real(**{**kwargs, "with_reference": False})

    monkeypatch.setattr(pipeline_run, "default_components", without_reference)


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_ingest_writes_a_reconciled_report_and_exits_zero(tmp_path: Path) -> None:
    db, report_path = tmp_path / "g.sqlite", tmp_path / "report.json"
    result = invoke(str(FIXTURE), "--db", str(db), "--no-nlp", "--report-json", str(report_path))
    assert result.exit_code == 0, result.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert (report["read"], report["loaded"], report["duplicates"], report["rejected"]) == (10, 10, 0, 0)
    assert report["files"][str(FIXTURE)]["status"] == "loaded"
    assert "reconciled" in result.output and "patents_10.csv" in result.output

    again = invoke(str(FIXTURE), "--db", str(db), "--no-nlp", "--report-json", str(report_path))
    assert again.exit_code == 0
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["files"][str(FIXTURE)]["status"] == "skipped"
    assert report["skipped_rows"] == 10 and report["read"] == 0


def test_dry_run_creates_no_store_and_no_checkpoint(tmp_path: Path) -> None:
    db = tmp_path / "var" / "g.sqlite"
    result = invoke(str(FIXTURE), "--db", str(db), "--dry-run")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "var").exists()
    assert "(dry run)" in result.output


def test_unreadable_file_exits_two_and_names_it(tmp_path: Path) -> None:
    bad = tmp_path / "wrong_columns.csv"
    bad.write_text("标题,备注\n电池,无\n", encoding="utf-8")
    report_path = tmp_path / "report.json"
    result = invoke(
        str(bad), "--db", str(tmp_path / "g.sqlite"), "--no-nlp", "--report-json", str(report_path)
    )
    assert result.exit_code == EXIT_FILE_FAILED
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["failed_files"] == [str(bad)]
    assert "wrong_columns.csv" in report["files"][str(bad)]["error"]
    assert "missing required column" in report["files"][str(bad)]["error"]


def test_a_pattern_that_matches_nothing_is_an_error_and_creates_no_store(tmp_path: Path) -> None:
    db = tmp_path / "var" / "g.sqlite"
    result = invoke(str(tmp_path / "exports" / "*.csv"), "--db", str(db))
    assert result.exit_code == EXIT_FILE_FAILED
    assert "*.csv" in result.output and "通配符未匹配任何文件" in result.output
    assert "reconciled" not in result.output and "对账一致" not in result.output
    assert not (tmp_path / "var").exists()


def test_rejected_rows_go_to_the_given_quarantine_file(tmp_path: Path) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    source = tmp_path / "gbk.csv"
    rows = [lines[0], lines[1], lines[3], lines[4], lines[2].replace("CN216774847U", "")]
    source.write_bytes(("\n".join(rows) + "\n").encode("gb18030"))
    quarantine = tmp_path / "rejected.jsonl"
    result = invoke(
        str(source), "--db", str(tmp_path / "g.sqlite"), "--no-nlp", "--quarantine", str(quarantine)
    )
    assert result.exit_code == 0, result.output
    (entry,) = [json.loads(line) for line in quarantine.read_text(encoding="utf-8").splitlines()]
    assert (entry["file"], entry["row"], entry["field"]) == (str(source), 5, "pub_no")
    assert entry["raw"]["专利名称"]


KILLABLE_RUN = """
import sys
from pathlib import Path

from graph.factory import open_store
from graph.settings import Settings
from ingest.pipeline import IngestOptions, default_components, run_ingest
from tests.paths import SCHEMA_FIXTURE

settings = Settings(db_path=Path(sys.argv[2]), batch_size=50)
store = open_store(settings)
components = default_components(with_reference=False, with_nlp=False)
report = run_ingest([sys.argv[1]], store, IngestOptions(nlp=False), settings=settings, components=components)
store.close()
sys.exit(0 if report.ok else 1)
"""


def committed_rows(checkpoint: Path) -> int:
    import sqlite3

    if not checkpoint.exists():
        return 0
    conn = sqlite3.connect(checkpoint)
    try:
        row = conn.execute("SELECT max(last_row) FROM source_file").fetchone()
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()
    return int(row[0] or 0)


def ingest_in_process(corpus: Path, db: Path) -> tuple[Any, Any]:
    from graph.factory import open_store
    from graph.settings import Settings
    from ingest.pipeline import IngestOptions, default_components, run_ingest

    settings = Settings(db_path=db, batch_size=50)
    store = open_store(settings)
    try:
        components = default_components(with_reference=False, with_nlp=False)
        report = run_ingest(
            [corpus], store, IngestOptions(nlp=False), settings=settings, components=components
        )
        return report, store.stats()
    finally:
        store.close()


def test_sigkill_mid_run_then_resume_gives_the_uninterrupted_graph(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    from tools.synthetic.scale import generate_corpus

    corpus = tmp_path / "corpus.csv"
    generate_corpus(corpus, 2000, seed=11)
    db = tmp_path / "killed" / "graph.sqlite"
    checkpoint = db.with_name(db.name + ".ingest-checkpoint.sqlite")
    proc = subprocess.Popen([sys.executable, "-c", KILLABLE_RUN, str(corpus), str(db)], cwd=Path.cwd())
    try:
        deadline = time.monotonic() + 120
        while committed_rows(checkpoint) < 200 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.kill()  # SIGKILL: no clean-up runs in the child
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -9, "the run finished before it could be killed; make the corpus larger"
    killed_at = committed_rows(checkpoint)
    assert 0 < killed_at < 2001

    resumed, resumed_stats = ingest_in_process(corpus, db)
    clean, clean_stats = ingest_in_process(corpus, tmp_path / "clean" / "graph.sqlite")
    assert resumed_stats == clean_stats
    assert resumed.reconciled and resumed.files[str(corpus)].restored > 0
    assert resumed.files[str(corpus)].counts == clean.files[str(corpus)].counts
    assert clean.totals.read == 2000
