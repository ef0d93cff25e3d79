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
from tests import chain_gap_corpus as kc
from tests.navigation_graphs import crafted_embedded_store
from viz.report.workbook import write_workbook

CJK = re.compile(r"[\u4e00-\u9fff]")
# internal vocabularies that must not reach a published table
KEYS = re.compile(
    r"\b(?:tc|kc)/\w+|\b(university|institute|enterprise|sme|individual|insufficient_evidence|"
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


@pytest.fixture(scope="module")
def kc_store() -> Iterator[GraphStore]:
    graph = kc.gap_corpus_embedded_store()
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def kc_report(kc_store: GraphStore) -> NavigationReport:
    return assemble_navigation_report(kc_store, "22", [kc.CHAIN])


def _sentence(text: str, start: str) -> str:
    found = [s for s in re.split(r"(?<=。)", text) if s.strip().startswith(start)]
    assert len(found) == 1, (start, text)
    return found[0]


def test_summary_names_the_paths_the_gap_analysis_found(
    kc_store: GraphStore, kc_report: NavigationReport
) -> None:
    gaps = find_chain_gaps(kc_store, kc.CHAIN, "22")
    by_node = {n.node_key: n for n in gaps.nodes}
    # the known answers of the corpus (tests/contract/test_chain_gaps_both_stores.py)
    assert by_node["kc/recycle"].action == "补链" and by_node["kc/parts"].action == "延链"
    section = kc_report.chains[0]
    text = "".join(section.findings)
    for action in ("补链", "延链", "强链", "固链"):
        nodes = [n for n in gaps.nodes if n.action == action]
        if not nodes:
            assert f"建议{action}" not in text
            continue
        sentence = _sentence(text, f"建议{action}: ")
        assert all(n.name in sentence for n in nodes[:3]), (action, sentence)
    fill = next(n for n in gaps.nodes if n.action == "补链")
    if fill.external_holders:
        assert fill.external_holders[0].holder.name in _sentence(text, "建议补链: ")
    assert f"相关专利 {gaps.region_chain_patents} 件" in text
    assert f"沉睡专利 {section.sleeping.total} 件, 其中本地区 {section.sleeping.in_region} 件" in text
    strong = [n for n in gaps.nodes if n.status == "strong"]
    assert all(f"{n.name} (RTA {n.rta:.2f})" in _sentence(text, "优势环节") for n in strong[:3])
    assert f"{kc_report.region_name}在库专利共 {gaps.region_patents} 件" in kc_report.summary[0]


@pytest.mark.parametrize("which", ["crafted", "kc"])
def test_no_path_is_invented_where_the_evidence_is_thin(which: str, request: pytest.FixtureRequest) -> None:
    report: NavigationReport = request.getfixturevalue("report" if which == "crafted" else "kc_report")
    section = report.chains[0]
    advice = [f for f in section.findings if f.startswith("建议")]
    for node in section.gaps.nodes:
        if node.action is None:  # 样本不足 / 对标无活动: named in no recommendation
            assert not any(node.name in f for f in advice), (node.name, advice)
    if not any(n.action for n in section.gaps.nodes):
        assert not advice and "暂不给出路径建议" in report.summary[1]


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


@pytest.mark.parametrize("which", ["crafted", "kc"])
def test_workbook_has_chinese_headers_and_no_internal_keys(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    report: NavigationReport = request.getfixturevalue("report" if which == "crafted" else "kc_report")
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
    for node in report.chains[0].gaps.nodes:  # names, Chinese status and action, as the analysis says
        assert (rows[node.name][1], rows[node.name][14], rows[node.name][15]) == (
            node.patents,
            node.status_zh,
            node.action,
        )
    supply = book["沉睡专利供给"]
    assert supply.max_row - 1 == report.chains[0].sleeping.total
    holders = book["外部权利人"]
    assert holders.max_row - 1 == sum(len(n.external_holders) for n in report.chains[0].gaps.nodes)


def test_several_chains_share_the_report_sections(report: NavigationReport) -> None:
    from dataclasses import replace

    from viz.report.html import render_report_html

    second = replace(report.chains[0], chain="tc2", chain_name="第二产业")
    html = render_report_html(replace(report, chains=(report.chains[0], second)), "2026-12-03")
    assert html.count('<section id="landscape" class="page">') == 1  # one numbered section per topic
    assert html.count('<h3 class="chain">第二产业产业链</h3>') == 5  # the chain's part in each topic
    assert 'id="position-tc2"' in html and "<h2>三、产业链技术分解</h2>" in html


def test_method_section_is_chinese(report: NavigationReport) -> None:
    english = re.compile(r"[A-Za-z]+(?:[ ,]+[A-Za-z]{2,}){2,}")  # a gloss of three words or more
    for name, text in report.method.items():
        assert not english.search(text), (name, english.search(text))
