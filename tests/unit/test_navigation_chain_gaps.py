"""Chain gaps on hand-built corpora: statuses, actions, RTA and sources are known by construction."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date

import pytest

from graph.errors import InvalidQueryError, NotFoundError
from graph.navigation import ChainGapParams, ChainGapReport, NodeGap, find_chain_gaps
from graph.navigation.chain_gaps import benchmark_prefixes
from graph.navigation.gap_status import growth_window, rta_estimate
from graph.store import GraphStore
from tests import chain_gap_corpus as kc
from tests.navigation_graphs import AS_OF, CHAIN, crafted_embedded_store


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    graph_store = kc.gap_corpus_embedded_store()
    yield graph_store
    graph_store.close()


@pytest.fixture(scope="module")
def report(store: GraphStore) -> ChainGapReport:
    return find_chain_gaps(store, kc.CHAIN, "22")


def _node(report: ChainGapReport, key: str) -> NodeGap:
    return next(n for n in report.nodes if n.node_key == key)


def test_statuses_and_actions_follow_construction(report: ChainGapReport) -> None:
    got = {n.node_key: (n.status, n.action) for n in report.nodes}
    assert got == {
        "kc/tooling": ("insufficient_evidence", None),
        "kc/ore": ("weak", "强链"),
        "kc/alloy": ("strong", "固链"),
        "kc/coating": ("insufficient_evidence", "延链"),
        "kc/parts": ("insufficient_evidence", "延链"),
        "kc/recycle": ("missing", "补链"),
        "kc/sensor": ("no_benchmark_activity", None),
    }
    assert [n.node_key for n in report.nodes][:2] == ["kc/ore", "kc/tooling"]  # upstream first
    assert "样本不足" in _node(report, "kc/tooling").action_reason
    assert "合金" in _node(report, "kc/parts").action_reason  # names the strong neighbour


def test_one_patent_node_is_insufficient_evidence_with_counts_shown(report: ChainGapReport) -> None:
    tooling = _node(report, "kc/tooling")
    assert (tooling.patents, tooling.benchmark_patents, tooling.status_zh) == (1, 7, "样本不足")
    assert tooling.rta == pytest.approx((1 / 20) / (7 / 110))
    assert tooling.expected_patents == pytest.approx(20 * 7 / 110)


def test_rta_with_katz_interval(report: ChainGapReport) -> None:
    alloy = _node(report, "kc/alloy")
    assert alloy.rta == pytest.approx((8 / 20) / (12 / 110))
    spread = 1.959964 * math.sqrt(1 / 8 - 1 / 20 + 1 / 12 - 1 / 110)
    assert alloy.rta_ci_low == pytest.approx(alloy.rta * math.exp(-spread), rel=1e-5)
    assert alloy.rta_ci_high == pytest.approx(alloy.rta * math.exp(spread), rel=1e-5)
    assert alloy.rta_significance == "above"
    ore = _node(report, "kc/ore")
    assert ore.rta == pytest.approx(0.3 / (46 / 110))
    assert ore.rta_significance == "not_significant"  # weak by the threshold, not significantly
    assert _node(report, "kc/coating").rta_ci_low is None  # no interval on a zero count


def test_as_of_is_the_data_cutoff_and_growth_uses_complete_years(report: ChainGapReport) -> None:
    assert report.as_of == kc.CUTOFF.isoformat()
    assert "数据截止日" in report.as_of_basis
    assert report.data_cutoff["latest_publication_date"] == kc.LATEST_PUB
    assert report.growth_years == {
        "recent": "2016-2020",
        "previous": "2011-2015",
        "reference_date": kc.LATEST_PUB,
    }
    alloy = _node(report, "kc/alloy")
    assert (alloy.recent_patents, alloy.previous_patents, alloy.growth) == (5, 2, pytest.approx(1.5))


def test_external_holders_ranked_by_relevance_with_region_names(report: ChainGapReport) -> None:
    parts = _node(report, "kc/parts")
    ranked = [
        (h.holder.key, h.relevant_available_patents, h.relevant_patents, h.node_patents)
        for h in parts.external_holders
    ]
    assert ranked == [
        ("uni", 2, 2, 2),
        ("mid", 0, 3, 3),
    ]  # the lapsed patent is not offered; big's patents are on the node by keyword evidence only
    assert parts.external_holders[0].region_name == "四川省成都市"
    uni, mid = parts.external_holders
    assert uni.summary_zh.endswith("可获得 (沉睡或开放许可) 2 件") and len(uni.available_patents) == 2
    assert "需洽谈转让或许可" in mid.summary_zh and mid.available_patents == ()
    assert [p.availability for p in parts.external_holders[0].available_patents] == ["sleeping", "sleeping"]
    assert _node(report, "kc/alloy").external_holders == ()  # strong nodes carry no source lists


def test_definitions_state_every_rule_in_chinese(report: ChainGapReport) -> None:
    for key in ("status", "action", "rta", "growth", "external_holders", "mapping"):
        assert report.definitions[key]
    assert "补链" in report.definitions["action"] and "延链" in report.definitions["action"]
    assert "Katz" in report.definitions["rta"]
    assert report.thresholds["min_local_patents"] == 5
    payload = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert all("action" in n for n in payload["nodes"])
    assert report.warnings == ()


def test_benchmark_that_is_the_region_itself_is_warned(store: GraphStore) -> None:
    itself = find_chain_gaps(store, kc.CHAIN, "22", benchmark="22")
    assert any("几乎就是本地区自身" in w for w in itself.warnings)
    peers = find_chain_gaps(store, kc.CHAIN, "22", benchmark="51+11")
    assert peers.benchmark == "51+11" and peers.benchmark_patents == 90
    assert not any("本地区自身" in w for w in peers.warnings)


def test_thresholds_are_parameters_but_the_evidence_floor_holds(store: GraphStore) -> None:
    strict = find_chain_gaps(store, kc.CHAIN, "22", params=ChainGapParams(min_local_patents=7))
    assert _node(strict, "kc/ore").status == "insufficient_evidence"  # 6 < 7
    assert _node(strict, "kc/alloy").status == "strong"
    lenient = find_chain_gaps(
        store, kc.CHAIN, "22", params=ChainGapParams(weak_rta=0.5, weak_share_ratio=0.5)
    )
    ore = _node(lenient, "kc/ore")  # RTA 0.72: no longer weak, but below the strong threshold of 1
    assert (ore.status, ore.status_zh, ore.action) == ("parity", "持平", "强链")
    generous = ChainGapParams(weak_rta=0.5, weak_share_ratio=0.5, strong_rta=0.7)
    generous_ore = _node(find_chain_gaps(store, kc.CHAIN, "22", params=generous), "kc/ore")
    # above the lowered threshold, but its interval still contains 1: not an advantage yet
    assert generous_ore.status == "parity" and "优势不显著" in generous_ore.reasons[-1]
    # a zero where the benchmark intensity predicts fewer than 4 patents is no evidence of a gap
    cautious = find_chain_gaps(store, kc.CHAIN, "22", params=ChainGapParams(min_expected_patents=4))
    assert {n.node_key for n in cautious.nodes if n.status == "missing"} == set()
    assert "全无的概率" in _node(cautious, "kc/recycle").reasons[0]
    recycle = _node(cautious, "kc/recycle")
    assert recycle.action is None and "预期不足 4 件" in recycle.action_reason
    with pytest.raises(InvalidQueryError, match="不得低于 5"):
        find_chain_gaps(store, kc.CHAIN, "22", params=ChainGapParams(min_local_patents=3))
    given = find_chain_gaps(store, kc.CHAIN, "22", as_of=date(2021, 1, 1))
    assert (
        given.as_of == "2021-01-01" and given.growth_years["recent"] == "2014-2018"
    )  # 2018-12-31 + 18 months <= 2021-01-01


def test_growth_window_and_rta_edge_cases() -> None:
    assert growth_window(date(2023, 6, 30), None, 5, 18).recent_to == 2021
    assert growth_window(date(2023, 6, 29), None, 5, 18).recent_to == 2020
    assert growth_window(date(2030, 1, 1), date(2023, 7, 4), 3, 18).to_dict()["recent"] == "2019-2021"
    assert rta_estimate(0, 10, 0, 100, 0.95).value is None
    assert rta_estimate(3, 10, 30, 100, 0.95).significance == "not_significant"


def test_crafted_graph_small_nodes_are_never_strong() -> None:
    crafted = crafted_embedded_store()
    try:
        gaps = find_chain_gaps(crafted, CHAIN, "22", as_of=AS_OF)
        for node in gaps.nodes:
            assert node.status not in {"strong", "weak"} or node.patents >= 5
        packs = next(n for n in gaps.nodes if n.node_key == "tc/packs")  # 0 here, but few expected:
        assert packs.status == "insufficient_evidence" and "全无的概率" in packs.reasons[0]  # not 缺失
    finally:
        crafted.close()


def test_benchmark_prefixes_and_unknown_chain(store: GraphStore) -> None:
    assert benchmark_prefixes(None) == ()
    assert benchmark_prefixes("national") == ()
    assert benchmark_prefixes("51+37") == ("51", "37")
    with pytest.raises(NotFoundError):
        find_chain_gaps(store, "no-such-chain", "22")
