"""Both stores, same seed: every read method must give identical answers (answer for answer)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import neo4j
import pytest

from graph.models import (
    EventFilter,
    Facet,
    HolderType,
    LegalEventKind,
    PatentBatch,
    PatentFilter,
    ReferenceBatch,
)
from graph.neo4j_server.process import Neo4jConnection
from graph.store import GraphStore
from graph.stores.embedded.store import EmbeddedStore
from graph.stores.neo4j.store import Neo4jStore

pytestmark = pytest.mark.neo4j

FILTERS = [
    PatentFilter(),
    PatentFilter(region_prefixes=("22", "41")),
    PatentFilter(chain="nev", valid_only=True),
    PatentFilter(chain_node_keys=("ict/network",), app_year_from=2014),
    PatentFilter(holder_types=(HolderType.UNIVERSITY, HolderType.SME)),
    PatentFilter(technology_keys=("锂电池",), app_year_to=2018),
]
FACETS = [
    [Facet.PROVINCE],
    [Facet.CITY, Facet.APP_YEAR],
    [Facet.CHAIN_NODE],
    [Facet.CHAIN_NODE, Facet.HOLDER_TYPE, Facet.PATENT_TYPE],
    [],
]
EVENT_FILTERS = [
    EventFilter(),
    EventFilter(kinds=(LegalEventKind.PLEDGE, LegalEventKind.EQUITY)),
    EventFilter(date_from="2020-01-01", region_prefixes=("22",)),
]
TERMS = ["锂电池", "电池", "LED", "li-ion", "量子密钥", "通信", "系统", "方法", "不存在"]


@pytest.fixture(scope="module")
def both(
    tmp_path_factory: pytest.TempPathFactory,
    neo4j_driver: neo4j.Driver,
    neo4j_connection: Neo4jConnection,
    seed: tuple[ReferenceBatch, PatentBatch],
) -> Iterator[tuple[GraphStore, GraphStore]]:
    embedded = EmbeddedStore(tmp_path_factory.mktemp("parity") / "graph.sqlite")
    graph = Neo4jStore(neo4j_driver, neo4j_connection.database)
    graph.clear()
    for store in (embedded, graph):
        store.upsert_reference(seed[0])
        store.upsert_patents(seed[1])
    yield embedded, graph
    embedded.close()


def _calls(seed: tuple[ReferenceBatch, PatentBatch]) -> list[tuple[str, Callable[[GraphStore], Any]]]:
    pubs = [p.pub_no for p in seed[1].patents]
    holders = [h.key for h in seed[1].holders]
    calls: list[tuple[str, Callable[[GraphStore], Any]]] = [
        ("stats", lambda s: (s.stats().nodes, s.stats().relationships)),
        ("existing", lambda s: s.existing_pub_nos([*pubs[:5], "CN0"])),
        ("chain_nodes", lambda s: (s.chain_nodes(), s.chain_nodes("nev"))),
        ("tdf", lambda s: s.term_document_frequencies(TERMS)),
    ]
    calls += [(f"patent:{p}", lambda s, p=p: s.get_patent(p)) for p in pubs]
    calls += [(f"holder:{h}", lambda s, h=h: s.get_holder(h)) for h in holders]
    for i, flt in enumerate(FILTERS):
        calls.append((f"facts{i}", lambda s, f=flt: list(s.patent_facts(f))))
        calls.append((f"match{i}", lambda s, f=flt: s.match_terms(TERMS, f)))
        calls += [(f"facets{i}:{fs}", lambda s, f=flt, fs=fs: s.facet_counts(fs, f)) for fs in FACETS]
    calls += [(f"events{i}", lambda s, f=f: s.events(f)) for i, f in enumerate(EVENT_FILTERS)]
    for label, key in [
        ("Patent", pubs[0]),
        ("ChainNode", "nev/battery_cell"),
        ("Region", "220100000000"),
        ("Holder", holders[0]),
        ("Industry", "sei:1.1"),
    ]:
        for depth, limit in [(1, 100), (2, 15), (3, 500)]:
            calls.append(
                (
                    f"nbh:{label}:{depth}",
                    lambda s, a=label, k=key, d=depth, n=limit: s.neighbourhood(a, k, d, n),
                )
            )
    return calls


def test_every_read_method_agrees(
    both: tuple[GraphStore, GraphStore], seed: tuple[ReferenceBatch, PatentBatch]
) -> None:
    embedded, graph = both
    differences = [name for name, call in _calls(seed) if call(embedded) != call(graph)]
    assert differences == []
