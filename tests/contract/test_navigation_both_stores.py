"""Every navigation analysis gives the same answer on both stores (same crafted graph).

The reference answer comes from a fresh in-memory embedded store; each parametrised
``store`` (embedded file, Neo4j) must reproduce it exactly, and a few known-by-construction
facts are checked as well so the test would fail if both stores were wrong the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from graph.models import EventFilter, PatentFilter
from graph.navigation import (
    AbnormalTransferParams,
    KpiTarget,
    SleepingPatentFilter,
    detect_abnormal_transfers,
    discover_collaborators,
    find_chain_gaps,
    find_high_value_patents,
    propose_patent_pool,
    screen_sleeping_patents,
    transformation_kpis,
)
from graph.store import GraphStore
from tests.navigation_graphs import AS_OF, CHAIN, CHANGCHUN, crafted_embedded_store, load_crafted_graph

Analysis = Callable[[GraphStore], Any]

ANALYSES: dict[str, Analysis] = {
    "chain_gaps": lambda s: find_chain_gaps(s, CHAIN, "22", as_of=AS_OF).to_dict(),
    "chain_gaps_peers": lambda s: find_chain_gaps(
        s, CHAIN, "51", benchmark=("22", "11"), as_of=AS_OF
    ).to_dict(),
    "collaborators": lambda s: [
        c.to_dict()
        for c in discover_collaborators(s, ["硫化物", "固态电解质", "锂电池"], region=CHANGCHUN, as_of=AS_OF)
    ],
    "collaborators_chain": lambda s: [
        c.to_dict() for c in discover_collaborators(s, ["电池包", "液冷"], chain_node="tc/packs", as_of=AS_OF)
    ],
    "sleeping": lambda s: [p.to_dict() for p in screen_sleeping_patents(s, AS_OF)],
    "sleeping_filtered": lambda s: [
        p.to_dict()
        for p in screen_sleeping_patents(s, AS_OF, SleepingPatentFilter(chain=CHAIN, region_prefixes=("51",)))
    ],
    "high_value": lambda s: find_high_value_patents(s, AS_OF).to_dict(),
    "high_value_region": lambda s: find_high_value_patents(
        s, AS_OF, PatentFilter(region_prefixes=("22",))
    ).to_dict(),
    "pool": lambda s: propose_patent_pool(s, "tc/packs", as_of=AS_OF).to_dict(),
    "kpis": lambda s: transformation_kpis(
        s, ["", "22", "51"], [2021, 2022, 2023], [KpiTarget("academic_to_sme", annual_growth=0.1)]
    ).to_dict(),
    "abnormal_transfers": lambda s: detect_abnormal_transfers(
        s, EventFilter(), AbnormalTransferParams(bulk_min_patents=4), as_of=AS_OF
    ).to_dict(),
}


@pytest.fixture(scope="module")
def reference() -> Iterator[dict[str, Any]]:
    graph_store = crafted_embedded_store()
    yield {name: run(graph_store) for name, run in ANALYSES.items()}
    graph_store.close()


@pytest.fixture
def crafted(store: GraphStore) -> GraphStore:
    return load_crafted_graph(store)


def test_every_analysis_matches_the_reference(crafted: GraphStore, reference: dict[str, Any]) -> None:
    for name, run in ANALYSES.items():
        assert run(crafted) == reference[name], f"{crafted.name}: {name} differs from the reference"


def test_known_answers_on_this_store(crafted: GraphStore) -> None:
    gaps = find_chain_gaps(crafted, CHAIN, "22", as_of=AS_OF)
    assert {n.node_key: n.status for n in gaps.nodes}["tc/packs"] == "insufficient_evidence"
    top = discover_collaborators(crafted, ["硫化物", "固态电解质"], as_of=AS_OF)[0]
    assert (top.holder_key, top.patents[0].pub_no) == ("scu", "CN2001A")
    assert "CN1002A" not in {p.pub_no for p in screen_sleeping_patents(crafted, AS_OF)}
    pool = propose_patent_pool(crafted, "tc/packs", as_of=AS_OF)
    assert [s.holder_key for s in pool.founding_members] == ["scu"]
    kpis = transformation_kpis(crafted, ["22"], [2022])
    assert kpis.rows[0].value("academic_to_sme").count == 2
    abnormal = detect_abnormal_transfers(crafted, as_of=AS_OF)
    assert "round_trip" in {w.rule for w in abnormal.warnings}
