"""Supply lists and the 高校院所高价值专利运营库 as files: filters, Chinese headers, names not keys,
and the one formula rule (a cell starting with ``=`` stays text)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph.models import ACADEMIC_HOLDER_TYPES, HolderType, PatentFilter
from graph.navigation.high_value import find_high_value_patents
from graph.navigation.operation_db import (
    OPERATION_DB_COLUMNS,
    export_operation_db,
    operation_db_entries,
)
from graph.navigation.sleeping import SleepingPatentFilter, screen_sleeping_patents
from graph.navigation.supply_list import write_table
from graph.store import GraphStore
from tests.navigation_graphs import crafted_embedded_store
from tests.report.test_report_content import CJK, KEYS

AS_OF = date(2023, 2, 1)


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    graph = crafted_embedded_store()
    yield graph
    graph.close()


def test_operation_db_is_the_academic_high_value_patents(store: GraphStore) -> None:
    entries = operation_db_entries(store, AS_OF)
    high = find_high_value_patents(store, AS_OF, PatentFilter(holder_types=tuple(ACADEMIC_HOLDER_TYPES)))
    assert {e.graded.pub_no for e in entries} == {a.pub_no for a in high.patents if a.is_high_value}
    assert entries, "the crafted graph has academic high-value patents"
    for entry in entries:
        assert any(h.holder_type in ACADEMIC_HOLDER_TYPES for h in entry.graded.holders)
        assert entry.criteria  # every listed patent names the criterion it meets
    levels = {e.graded.level for e in entries}
    for level in levels:
        assert {e.graded.level for e in operation_db_entries(store, AS_OF, level=level)} == {level}
    institutes = operation_db_entries(store, AS_OF, PatentFilter(holder_types=(HolderType.INSTITUTE,)))
    assert all(any(h.holder_type is HolderType.INSTITUTE for h in e.graded.holders) for e in institutes)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_operation_db_file_has_chinese_headers_and_names(
    store: GraphStore, tmp_path: Path, suffix: str
) -> None:
    entries = operation_db_entries(store, AS_OF)
    path = export_operation_db(entries, tmp_path / f"运营库{suffix}")
    if suffix == ".xlsx":
        sheet = load_workbook(path).active
        assert sheet is not None and sheet.title == "高校院所高价值专利运营库"
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    else:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel on Chinese Windows
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    assert tuple(rows[0]) == OPERATION_DB_COLUMNS and all(CJK.search(h) for h in rows[0])
    assert len(rows) == len(entries) + 1
    by_column = dict(zip(rows[0], zip(*rows[1:], strict=True), strict=True))
    assert set(by_column["权利人类型"]) <= {"高校", "科研院所", "高校；科研院所", "科研院所；高校"}
    assert all(str(v).endswith("级") for v in by_column["价值分级"])
    assert all(by_column["摘要"]) and all(by_column["高价值依据"])
    for row in rows[1:]:
        assert not any(isinstance(v, str) and KEYS.search(v) for v in row), row


def test_sleeping_screening_filters_by_academic_holder_type(store: GraphStore) -> None:
    every = screen_sleeping_patents(store, AS_OF)
    universities = screen_sleeping_patents(
        store, AS_OF, SleepingPatentFilter(holder_types=(HolderType.UNIVERSITY,))
    )
    institutes = screen_sleeping_patents(
        store, AS_OF, SleepingPatentFilter(holder_types=(HolderType.INSTITUTE,))
    )
    assert universities and institutes
    assert all(any(h.holder_type is HolderType.UNIVERSITY for h in p.holders) for p in universities)
    assert all(any(h.holder_type is HolderType.INSTITUTE for h in p.holders) for p in institutes)
    assert {p.pub_no for p in universities} | {p.pub_no for p in institutes} == {p.pub_no for p in every}
    assert screen_sleeping_patents(store, AS_OF, SleepingPatentFilter(holder_types=(HolderType.SME,))) == []


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_formula_like_cell_stays_text(tmp_path: Path, suffix: str) -> None:
    path = write_table(tmp_path / f"t{suffix}", "表", ["名称"], [['=HYPERLINK("http://x","点击")'], ["-1+2"]])
    if suffix == ".xlsx":
        sheet = load_workbook(path).active
        assert sheet is not None
        assert [c.data_type for c in sheet["A"][1:]] == ["s", "s"]
        assert sheet["A2"].value.startswith("=HYPERLINK")
    else:
        text = path.read_text(encoding="utf-8-sig")
        assert "'=HYPERLINK" in text and "'-1+2" in text
