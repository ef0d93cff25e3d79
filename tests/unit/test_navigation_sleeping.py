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

    assert "pledge" in (reason("CN1002A") or "")  # a pledged patent is not sleeping
    assert "equity" in (reason("CN1001A") or "")
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
    assert {p.level for p in found[1:]} == {"C"}
    cn3002 = next(p for p in found if p.pub_no == "CN3002A")
    assert cn3002.open_licensed
    lenient = screen_sleeping_patents(store, AS_OF, params=SleepingParams(level_a_min=0.2, level_b_min=0.1))
    assert {p.level for p in lenient} == {"A"}


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
    assert rows[1][3] == "四川大学" and rows[1][9] == "A"

    from openpyxl import load_workbook

    xlsx_path = export_supply_list(found, tmp_path / "supply.xlsx")
    sheet = load_workbook(xlsx_path).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == SUPPLY_LIST_COLUMNS
    assert len(values) == len(found) + 1
    with pytest.raises(InvalidQueryError):
        export_supply_list(found, tmp_path / "supply.txt")
