"""Chain-gap known answers on both stores (tests/chain_gap_corpus.py), and parity between them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graph.navigation import find_chain_gaps
from graph.store import GraphStore
from tests import chain_gap_corpus as kc


@pytest.fixture(scope="module")
def reference() -> Iterator[dict[str, Any]]:
    graph_store = kc.gap_corpus_embedded_store()
    yield {
        "national": find_chain_gaps(graph_store, kc.CHAIN, "22").to_dict(),
        "peers": find_chain_gaps(graph_store, kc.CHAIN, "51", benchmark="22+11").to_dict(),
    }
    graph_store.close()


def test_known_answers_and_parity(store: GraphStore, reference: dict[str, Any]) -> None:
    kc.load_gap_corpus(store)
    report = find_chain_gaps(store, kc.CHAIN, "22")
    by_node = {n.node_key: n for n in report.nodes}
    # a 0-patent node with benchmark patents and no strong neighbour is 补链
    assert (by_node["kc/recycle"].patents, by_node["kc/recycle"].action) == (0, "补链")
    # a 1-patent node is insufficient evidence, with no action
    assert (by_node["kc/tooling"].status, by_node["kc/tooling"].action) == ("insufficient_evidence", None)
    assert by_node["kc/parts"].action == "延链"
    assert by_node["kc/sensor"].status == "no_benchmark_activity"
    assert report.as_of == kc.CUTOFF.isoformat()
    assert report.to_dict() == reference["national"], f"{store.name} differs from the reference"
    peers = find_chain_gaps(store, kc.CHAIN, "51", benchmark="22+11").to_dict()
    assert peers == reference["peers"], f"{store.name}: peer benchmark differs from the reference"
