"""The navigation report's content on the crafted graph (answers known by construction), and its
XLSX: Chinese headers, names not keys, no formulas."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from api.requests.report import mapping_figures
from graph.errors import InvalidQueryError, NotFoundError
from graph.models import Facet, PatentFilter
from graph.navigation.chain_gaps import find_chain_gaps
from graph.navigation.high_value import find_high_value_patents
from graph.navigation.report import NavigationReport, assemble_navigation_report
from graph.store import GraphStore
from nlp.mapping_accuracy import shipped_mapping_accuracy
from tests.navigation_graphs import crafted_embedded_store
from viz.report.workbook import write_workbook

CJK = re.compile(r"[\u4e00-\u9fff]")
# internal vocabularies that must not reach a published table
KEYS = re.compile(
    r"\btc/\w+|\b(university|institute|enterprise|sme|individual|insufficient_evidence|"
    r"no_benchmark_activity|missing|strong|parity|weak|sleeping|open_licence|upstream|midstream|downstream)\b"
)


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    graph = crafted_embedded_store()
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def report(store: GraphStore) -> NavigationReport:
    return assemble_navigation_report(store, "22", ["tc"])


def test_summary_names_the_paths_the_gap_analysis_found(store: GraphStore, report: NavigationReport) -> None:
    gaps = find_chain_gaps(store, "tc", "22")
    section = report.chains[0]
    text = " ".join(report.summary + section.findings)
    filled = [n for n in gaps.nodes if n.action == "补链"]
    assert [n.node_key for n in filled] == ["tc/packs"]  # by construction: Jilin has no pack patents
    assert "建议补链: 电池包" in text
    source = next(h for h in filled[0].external_holders if h.relevant_available_patents)
    assert (
        f"{source.holder.name}, {source.region_name}, 可获得相关专利 {source.relevant_available_patents} 件"
        in text
    )
    assert f"相关专利 {gaps.region_chain_patents} 件" in text
    assert f"沉睡专利 {section.sleeping.total} 件, 其中本地区 {section.sleeping.in_region} 件" in text


def test_landscape_counts_are_the_stores_and_the_analyses(
    store: GraphStore, report: NavigationReport
) -> None:
    section = report.chains[0]
    totals = {c.values[0]: c.count for c in store.facet_counts([Facet.CHAIN_NODE], PatentFilter(chain="tc"))}
    as_of = section.gaps.as_of
    high = {
        s.key: s.high_value_count
        for s in find_high_value_patents(
            store, date.fromisoformat(as_of), PatentFilter(chain="tc")
        ).by_chain_node
    }
    for node, gap in zip(section.landscape, section.gaps.nodes, strict=True):
        assert node.node_key == gap.node_key
        assert node.patents == totals.get(node.node_key, 0)
        assert node.region_patents == gap.patents
        assert sum(node.region_years.values()) <= node.region_patents
        assert node.high_value_patents == high.get(node.node_key, 0)
        assert sum(a.patents for a in node.top_applicants) >= min(node.patents, 1)
    cells = next(n for n in section.landscape if n.node_key == "tc/cells")
    assert cells.region_rank == 1  # Jilin leads the crafted cells node (4 of 6)
    packs = next(n for n in section.landscape if n.node_key == "tc/packs")
    assert packs.region_rank is None and packs.region_patents == 0


def test_mapping_figures_are_the_benchmark_evaluation() -> None:
    figures = mapping_figures()
    assert figures is not None
    measured = shipped_mapping_accuracy("test")
    assert figures.items == measured.items > 100
    assert figures.overall.precision == measured.overall.precision
    assert figures.overall.recall == measured.overall.recall
    # the per-node scores add up to the node-level score
    assert sum(a.correct for a in figures.by_node.values()) == measured.nodes.true_positive
    assert sum(a.gold for a in figures.by_node.values()) == measured.nodes.gold


def test_report_refuses_unknown_and_too_many_chains(store: GraphStore) -> None:
    with pytest.raises(NotFoundError, match="产业链不存在"):
        assemble_navigation_report(store, "22", ["nope"])
    with pytest.raises(InvalidQueryError, match="最多 5 条"):
        assemble_navigation_report(store, "22", ["tc", "a", "b", "c", "d", "e"])


def test_workbook_has_chinese_headers_and_no_internal_keys(report: NavigationReport, tmp_path: Path) -> None:
    path = write_workbook(report, tmp_path / "report.xlsx")
    book = load_workbook(path)
    assert (
        book.sheetnames[0] == "摘要" and "沉睡专利供给" in book.sheetnames and "区域地位" in book.sheetnames
    )
    for sheet in book.worksheets:
        assert CJK.search(sheet.title), sheet.title
        header = [c.value for c in sheet[1]]
        assert all(isinstance(h, str) and CJK.search(h) for h in header if h), (sheet.title, header)
        for row in sheet.iter_rows(min_row=2, values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert not KEYS.search(value), (sheet.title, value)
    position = book["区域地位"]
    rows = {r[0]: r for r in position.iter_rows(min_row=2, values_only=True)}
    assert rows["电池包"][14] == "缺失" and rows["电池包"][15] == "补链"
    supply = book["沉睡专利供给"]
    assert supply.max_row - 1 == report.chains[0].sleeping.total
