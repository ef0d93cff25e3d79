"""Chain gaps on the crafted graph: statuses, RTA and the fill-in sources are known by construction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.errors import NotFoundError
from graph.navigation import ChainGapParams, ChainGapReport, NodeGap, find_chain_gaps
from graph.navigation.chain_gaps import benchmark_prefixes
from graph.store import GraphStore
from tests.navigation_graphs import AS_OF, CHAIN, crafted_embedded_store


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    graph_store = crafted_embedded_store()
    yield graph_store
    graph_store.close()


@pytest.fixture(scope="module")
def report(store: GraphStore) -> ChainGapReport:
    return find_chain_gaps(store, CHAIN, "22", as_of=AS_OF)


def _node(report: ChainGapReport, key: str) -> NodeGap:
    return next(n for n in report.nodes if n.node_key == key)


def test_statuses_follow_construction(report: ChainGapReport) -> None:
    statuses = {n.node_key: n.status for n in report.nodes}
    assert statuses == {
        "tc/materials": "strong",
        "tc/cells": "strong",
        "tc/packs": "missing",
        "tc/recycling": "weak",
    }
    # upstream first, then midstream, then downstream
    assert [n.node_key for n in report.nodes] == ["tc/materials", "tc/cells", "tc/packs", "tc/recycling"]


def test_counts_rta_and_shares(report: ChainGapReport) -> None:
    assert (report.region_patents, report.region_chain_patents) == (8, 7)
    assert (report.benchmark_patents, report.benchmark_chain_patents) == (24, 18)
    recycling = _node(report, "tc/recycling")
    assert recycling.patents == 1
    assert recycling.rta == pytest.approx((1 / 8) / (4 / 24))
    assert recycling.share == pytest.approx(1 / 7)
    assert recycling.benchmark_share == pytest.approx(4 / 18)
    cells = _node(report, "tc/cells")
    assert cells.rta == pytest.approx(2.0)
    assert cells.valid_inventions == 3  # the SME's utility model is not an invention


def test_growth_and_concentration(report: ChainGapReport) -> None:
    cells = _node(report, "tc/cells")
    # filed 2020-2024: CN1003A, CN1004A, CN1006U; 2015-2019: CN1005A
    assert (cells.recent_patents, cells.previous_patents) == (3, 1)
    assert cells.growth == pytest.approx(2.0)
    # holders: jlu 2, ciac 1, cc_sme 1 -> HHI = 0.25 + 0.0625 + 0.0625
    assert cells.hhi == pytest.approx(0.375)
    assert cells.cr3 == pytest.approx(1.0)
    materials = _node(report, "tc/materials")
    assert materials.high_value_patents == 1  # CN1002A: maintained > 10 years and pledged


def test_missing_node_lists_external_holders_and_local_smes(report: ChainGapReport) -> None:
    packs = _node(report, "tc/packs")
    holders = [h.holder.key for h in packs.external_holders]
    assert holders == ["bj_ent", "scu", "thu"]  # 2, 2, 1 valid patents; ties by key
    scu = packs.external_holders[1]
    assert [(p.pub_no, p.availability) for p in scu.available_patents] == [
        ("CN3001A", "sleeping"),
        ("CN3002A", "sleeping+open_licence"),
    ]
    assert [s.holder.key for s in packs.local_smes] == ["cc_sme"]
    assert packs.local_smes[0].adjacent_nodes == ("tc/cells",)
    assert _node(report, "tc/cells").external_holders == ()  # strong nodes carry no source lists


def test_peer_benchmark_and_thresholds(store: GraphStore) -> None:
    peers = find_chain_gaps(store, CHAIN, "22", benchmark=("51", "11"), as_of=AS_OF)
    assert peers.benchmark == "51+11"
    assert peers.benchmark_patents == 16
    lenient = find_chain_gaps(
        store, CHAIN, "22", params=ChainGapParams(weak_rta=0.5, weak_share_ratio=0.5), as_of=AS_OF
    )
    assert _node(lenient, "tc/recycling").status == "strong"
    strict = find_chain_gaps(store, CHAIN, "22", params=ChainGapParams(missing_max_patents=1), as_of=AS_OF)
    assert _node(strict, "tc/recycling").status == "missing"


def test_benchmark_prefixes_and_unknown_chain(store: GraphStore) -> None:
    assert benchmark_prefixes(None) == ()
    assert benchmark_prefixes("national") == ()
    assert benchmark_prefixes("51+37") == ("51", "37")
    with pytest.raises(NotFoundError):
        find_chain_gaps(store, "no-such-chain", "22", as_of=AS_OF)


def test_report_is_json_ready(report: ChainGapReport) -> None:
    import json

    payload = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert payload["nodes"][2]["status_zh"] == "缺失"
    assert payload["thresholds"]["weak_rta"] == 0.8
