"""Sleeping patents: screening by the definition, grading, filters and the supply-list export."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from graph.errors import InvalidQueryError
from graph.navigation import (
    SleepingParams,
    SleepingPatentFilter,
    export_supply_list,
    is_sleeping,
    screen_sleeping_patents,
    sleeping_exclusion,
)
from graph.navigation.sleeping import grade_sleeping_patent
from graph.navigation.supply_list import SUPPLY_LIST_COLUMNS
from graph.store import GraphStore
from tests.navigation_graphs import AS_OF, crafted_embedded_store

EXPECTED = {"CN1008A", "CN2001A", "CN3001A", "CN3002A", "CN3004A", "CN3005A", "CN5001A", "CN5005A"}


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    graph_store = crafted_embedded_store()
    yield graph_store
    graph_store.close()


def test_screening_follows_the_definition(store: GraphStore) -> None:
    found = screen_sleeping_patents(store, AS_OF)
    assert {p.pub_no for p in found} == EXPECTED


def test_each_exclusion_reason(store: GraphStore) -> None:
    def reason(pub_no: str) -> str | None:
        fact = store.get_patent(pub_no)
        assert fact is not None
        return sleeping_exclusion(fact, AS_OF)

    assert "(质押)" in (reason("CN1002A") or "")  # a pledged patent is not sleeping
    assert "(作价入股)" in (reason("CN1001A") or "")
    assert "未满3年" in (reason("CN1003A") or "")  # granted 2023-02-01
    assert "非高校院所" in (reason("CN5002A") or "")
    assert "无效" in (reason("CN5006A") or "")
    assert reason("CN3001A") is None


def test_events_after_as_of_do_not_count(store: GraphStore) -> None:
    fact = store.get_patent("CN1002A")  # pledged 2023-07-01
    assert fact is not None
    assert is_sleeping(fact, date(2023, 6, 30))
    assert not is_sleeping(fact, AS_OF)


def test_grading_levels_and_reasons(store: GraphStore) -> None:
    found = screen_sleeping_patents(store, AS_OF)
    assert found[0].pub_no == "CN3001A"  # 15 claims, 6 citations, overseas family, SEI
    assert found[0].level == "A"
    assert found[0].category == "tc/packs"
    assert any("海外同族" in r for r in found[0].reasons)
    # the others have no claims, citations or family data: those weights (0.50) are left out,
    # so the score is (0.20 x 1 remaining term + 0.10 x 1/3 IPC breadth + 0.20 x 0 SEI) / 0.50
    assert {p.level for p in found[1:]} == {"B"}
    assert [p.score for p in found[1:]] == pytest.approx([0.4667] * (len(found) - 1), abs=1e-4)
    cn2001 = next(p for p in found if p.pub_no == "CN2001A")
    assert cn2001.known_weight == pytest.approx(0.5)
    assert {i.name: i.weight for i in cn2001.indicators}["claims"] == 0.0
    assert any("未计入" in r and "权利要求数" in r for r in cn2001.reasons)
    cn3002 = next(p for p in found if p.pub_no == "CN3002A")
    assert cn3002.open_licensed
    lenient = screen_sleeping_patents(store, AS_OF, params=SleepingParams(level_a_min=0.2, level_b_min=0.1))
    assert {p.level for p in lenient} == {"A"}


def test_missing_inputs_are_not_scored_zero(store: GraphStore) -> None:
    fact = store.get_patent("CN3001A")
    assert fact is not None
    full = grade_sleeping_patent(fact, AS_OF, SleepingParams())
    without_claims = grade_sleeping_patent(replace(fact, claims_count=None), AS_OF, SleepingParams())
    # 15 claims scored 1.0, as did most indicators: dropping the input must not lower the score
    assert without_claims.score >= full.score - 0.02
    assert without_claims.known_weight == pytest.approx(0.85)
    zero_claims = grade_sleeping_patent(replace(fact, claims_count=0), AS_OF, SleepingParams())
    assert zero_claims.score < without_claims.score  # a known 0 still counts


def test_publishable_fields(store: GraphStore) -> None:
    found = {p.pub_no: p for p in screen_sleeping_patents(store, AS_OF)}
    cn3002 = found["CN3002A"]
    assert cn3002.region_name == "四川省成都市"
    assert cn3002.category_name == "电池包" and cn3002.chain_node_names == ("电池包",)
    assert cn3002.abstract and cn3002.legal_status is None  # the crafted graph has no status text
    assert found["CN1008A"].category_name is not None and found["CN1008A"].category_name.startswith("G06F ")


def test_filters(store: GraphStore) -> None:
    by_region = screen_sleeping_patents(store, AS_OF, SleepingPatentFilter(region_prefixes=("51",)))
    assert {p.pub_no for p in by_region} == {"CN2001A", "CN3001A", "CN3002A", "CN3004A", "CN3005A"}
    by_holder = screen_sleeping_patents(store, AS_OF, SleepingPatentFilter(holder_keys=("thu",)))
    assert {p.pub_no for p in by_holder} == {"CN5001A", "CN5005A"}
    by_node = screen_sleeping_patents(store, AS_OF, SleepingPatentFilter(chain_node_keys=("tc/recycling",)))
    assert {p.pub_no for p in by_node} == {"CN3004A", "CN3005A", "CN5005A"}
    level_a = screen_sleeping_patents(store, AS_OF, SleepingPatentFilter(level="a"))
    assert [p.pub_no for p in level_a] == ["CN3001A"]
    longer = screen_sleeping_patents(store, AS_OF, params=replace(SleepingParams(), min_years_since_grant=5))
    assert {p.pub_no for p in longer} == {"CN1008A", "CN3001A", "CN3002A"}


def test_export_csv_and_xlsx(store: GraphStore, tmp_path: Path) -> None:
    found = screen_sleeping_patents(store, AS_OF)
    csv_path = export_supply_list(found, tmp_path / "supply.csv")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == SUPPLY_LIST_COLUMNS
    assert [r[0] for r in rows[1:]] == [p.pub_no for p in found]
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert (first["专利权人"], first["权利人类型"], first["分级"]) == ("四川大学", "高校", "A级")
    assert (first["专利类型"], first["所在地区"], first["技术分类"]) == ("发明", "四川省成都市", "电池包")
    assert all("invention" not in cell and "tc/" not in cell for row in rows for cell in row)

    from openpyxl import load_workbook

    xlsx_path = export_supply_list(found, tmp_path / "supply.xlsx")
    sheet = load_workbook(xlsx_path).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == SUPPLY_LIST_COLUMNS
    assert len(values) == len(found) + 1
    with pytest.raises(InvalidQueryError):
        export_supply_list(found, tmp_path / "supply.txt")


def test_formula_like_cells_are_written_as_text(store: GraphStore, tmp_path: Path) -> None:
    found = screen_sleeping_patents(store, AS_OF)
    hostile = [
        replace(found[0], title='=HYPERLINK("http://evil","x")'),
        replace(found[1], title="-cmd|' /C calc'!A0", abstract="@SUM(A1)", pub_no="+CN1"),
    ]
    csv_path = export_supply_list(hostile, tmp_path / "supply.csv")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][1] == '\'=HYPERLINK("http://evil","x")'
    assert (rows[2][0], rows[2][1], rows[2][-1]) == ("'+CN1", "'-cmd|' /C calc'!A0", "'@SUM(A1)")

    from openpyxl import load_workbook

    xlsx_path = export_supply_list(hostile, tmp_path / "supply.xlsx")
    sheet = load_workbook(xlsx_path).active
    assert sheet is not None
    title = sheet.cell(2, 2)
    assert (title.value, title.data_type) == ('=HYPERLINK("http://evil","x")', "s")
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert isinstance(sheet.cell(2, 13).value, float)  # the score stays a number
