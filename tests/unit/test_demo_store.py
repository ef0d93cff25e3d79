"""`patentnav demo` and the default store: one path for every command, no mixing into a user's
graph, an empty graph never answered silently, the URLs a server names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.commands.demo import DEMO_CORPUS
from api.commands.serve import service_urls, settings_for
from api.requests.base import EMPTY_STORE_NOTE
from graph.settings import DEFAULT_DB_PATH, REPO_ROOT, Settings, StoreKind

runner = CliRunner()


def test_one_default_store_whatever_the_working_directory(tmp_path: Path) -> None:
    assert DEFAULT_DB_PATH.is_absolute() and DEFAULT_DB_PATH.is_relative_to(REPO_ROOT)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PATENTNAV_")}
    code = (
        "from api.commands.serve import settings_for; from graph.settings import Settings, StoreKind;"
        "print(Settings().db_path); print(settings_for(StoreKind.EMBEDDED.value, None).db_path)"
    )
    seen = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert seen == [str(DEFAULT_DB_PATH)] * 2


def test_demo_and_serve_read_the_configured_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATENTNAV_DB_PATH", str(tmp_path / "g.sqlite"))
    assert settings_for(StoreKind.EMBEDDED.value, None).db_path == Settings().db_path == tmp_path / "g.sqlite"
    assert settings_for(None, tmp_path / "other.sqlite").db_path == tmp_path / "other.sqlite"


def test_demo_refuses_a_store_holding_other_patents(tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    with DEMO_CORPUS.open(encoding="utf-8-sig") as corpus:
        mine.write_text("".join(next(corpus) for _ in range(6)), encoding="utf-8")
    db = tmp_path / "var" / "graph.sqlite"
    loaded = runner.invoke(app, ["ingest", str(mine), "--no-nlp", "--store", "embedded", "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    before = db.stat().st_size

    refused = runner.invoke(app, ["demo", "--db", str(db), "--build-only"])

    assert refused.exit_code == 2
    assert "已有 5 件专利" in refused.stderr and "DB=" in refused.stderr
    assert db.stat().st_size == before  # nothing of the demo was written


def test_an_empty_store_is_named_in_the_notes_and_on_stderr(tmp_path: Path) -> None:
    db = tmp_path / "empty.sqlite"
    result = runner.invoke(app, ["stats", "--json", "--store", "embedded", "--db", str(db)])

    assert result.exit_code == 0
    assert json.loads(result.stdout)["notes"] == [EMPTY_STORE_NOTE]
    assert EMPTY_STORE_NOTE in result.stderr and str(db) in result.stderr
    chains = runner.invoke(app, ["query", "chains", "--store", "embedded", "--db", str(db)])
    assert chains.exit_code == 0 and "警告" in chains.stderr


def test_service_urls_name_the_pages_api_and_docs() -> None:
    urls = service_urls("0.0.0.0", 8123)
    assert {u.split()[0] for u in urls.values()} >= {
        "http://127.0.0.1:8123/ui/",
        "http://127.0.0.1:8123/docs",
        "http://127.0.0.1:8123/health",
    }
    assert any("/api/" in u for u in urls.values())
    assert service_urls("10.1.2.3", 80)["分析页面 (UI)"] == "http://10.1.2.3:80/ui/"
    assert service_urls("::1", 80)["分析页面 (UI)"] == "http://[::1]:80/ui/"
