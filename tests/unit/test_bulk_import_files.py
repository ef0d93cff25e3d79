"""Import files of a first load (批量导入文件), without a server: field encoding, the MERGE
meaning of the write steps, and the CLI's refusals. The equivalence with the MERGE path on a
real server is ``tests/contract/test_bulk_import.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.schema import Label
from graph.stores.neo4j import cypher
from graph.stores.neo4j.bulk_import import BulkImportError, ImportGraph, empty_list_steps
from graph.stores.neo4j.import_csv import ImportCsvError, encode, value_type
from tests.paths import REPO

DEMO = REPO / "data" / "demo" / "patents_demo.csv"


def test_null_is_an_empty_field_and_an_empty_string_stays_quoted() -> None:
    assert encode(None, "x") == ""
    assert encode("", "x") == '""'
    assert encode('说"明', "x") == '"说""明"'
    assert encode(True, "x") == '"true"' and encode(0.1, "x") == '"0.1"'
    assert value_type(3, "x") == "long" and value_type(True, "x") == "boolean"
    assert value_type(["a"], "x") == "string[]" and value_type(1.5, "x") == "double"


def test_array_delimiter_in_text_is_refused_with_the_place() -> None:
    with pytest.raises(ImportCsvError, match=r"Patent CN1\.keywords"):
        encode(["a\x1fb"], "Patent CN1.keywords")


def test_steps_keep_the_merge_meaning(tmp_path: Path) -> None:
    graph = ImportGraph(tmp_path)
    holder = {"name": "甲", "holder_type": "company", "type_reason": "r", "region_code": None}
    graph.apply(
        [
            (cypher.UPSERT_HOLDER, "rows", [{"key": "h1", "aliases": ["乙", "甲"], "props": holder}]),
            (cypher.UPSERT_HOLDER, "rows", [{"key": "h1", "aliases": ["丙", "甲"], "props": holder}]),
            (cypher.UPSERT_TECHNOLOGY, "rows", [{"key": "t", "props": {"name": "锂电池"}}]),
            (cypher.UPSERT_TECHNOLOGY, "rows", [{"key": "t", "props": {"name": "Li电池"}}]),
            # a link to a region that does not exist does nothing (MATCH), as in Cypher
            (cypher.MERGE_HOLDER_LOCATED_IN, "rows", [{"key": "h1", "region": "99", "props": {}}]),
        ]
    )
    assert graph.nodes[(Label.HOLDER, "h1")]["aliases"] == ["乙", "甲", "丙"]
    assert "region_code" not in graph.nodes[(Label.HOLDER, "h1")]  # SET += null removes
    assert graph.nodes[(Label.TECHNOLOGY, "t")]["name"] == "Li电池"  # the smallest name
    assert not graph.rels


def test_a_patent_in_two_batches_and_an_unknown_statement_are_refused(tmp_path: Path) -> None:
    graph = ImportGraph(tmp_path)
    upsert = cypher.UPSERT_NODE[Label.PATENT]
    graph.apply([(upsert, "rows", [{"key": "CN1", "props": {"title": "一"}}])])
    graph.end_batch()
    with pytest.raises(BulkImportError, match="CN1"):
        graph.apply([(upsert, "rows", [{"key": "CN1", "props": {"title": "二"}}])])
    with pytest.raises(BulkImportError, match="不认识"):
        graph.apply([("MATCH (n) DETACH DELETE n", "rows", [{}])])


def test_empty_lists_are_set_after_the_import_on_schema_properties_only() -> None:
    steps = empty_list_steps({("Patent", "keywords"): ["CN1"]})
    assert steps == [("UNWIND $keys AS k MATCH (n:Patent {pub_no: k}) SET n.keywords = []", "keys", ["CN1"])]
    with pytest.raises(BulkImportError):
        empty_list_steps({("Patent", "x = 1 //"): ["CN1"]})


def test_cli_refuses_bulk_import_outside_the_own_neo4j(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATENTNAV_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PATENTNAV_NEO4J_URI", "bolt://db.example:7687")
    db = tmp_path / "g.sqlite"
    runner = CliRunner()
    embedded = runner.invoke(
        app, ["ingest", str(DEMO), "--bulk-import", "--store", "embedded", "--db", str(db)]
    )
    assert embedded.exit_code == 3 and "只用于 Neo4j" in embedded.output
    neo4j = runner.invoke(app, ["ingest", str(DEMO), "--bulk-import", "--store", "neo4j", "--db", str(db)])
    assert neo4j.exit_code == 3 and "本项目管理的 Neo4j" in neo4j.output
    assert not db.exists()
