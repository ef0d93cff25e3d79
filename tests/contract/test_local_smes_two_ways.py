"""Local SMEs of a chain gap (本地可培育中小企业) two ways give the same lists, on both stores.

``find_chain_gaps`` derives them from the region's chain patents it has already read
(``local_smes_from_facts``) and falls back to store queries per node (``local_smes``) when that
read was cut short; one rule, so the two must agree on every node. The graph is a slice of the
demo export (every 2nd row), ingested without NLP: chain mapping by IPC still runs, and three
crafted patents where an SME co-holds a Changchun patent from Beijing (not local) or has no
region of its own (the patent's region counts).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from graph.chains import load_chain_nodes
from graph.models import (
    HolderRecord,
    HolderType,
    PatentBatch,
    PatentChainLink,
    PatentFilter,
    PatentRecord,
    PatentType,
    ReferenceBatch,
)
from graph.navigation.gap_sources import adjacent_nodes, local_smes, local_smes_from_facts
from graph.settings import Settings
from graph.store import GraphStore
from ingest.pipeline import IngestOptions, default_components, run_ingest
from tests.demo_slice import write_demo_slice

CRAFTED_NODE, NEXT_TO = "nev/battery_cell", "nev/battery_system"  # adjacent nodes of the nev chain
REGIONS = ("22", "37", "51", "41", "2201", "3702", "5101", "4101")


def test_local_smes_from_facts_equal_the_store_queries(store: GraphStore, tmp_path: Path) -> None:
    demo = write_demo_slice(tmp_path / "demo.csv", every=2)
    components = dataclasses.replace(
        default_components(with_nlp=False),
        reference=lambda: ReferenceBatch(chain_nodes=load_chain_nodes()),
        reference_version=None,
    )
    options = IngestOptions(resume=False, checkpoint_path=tmp_path / "ck.sqlite")
    settings = Settings(db_path=tmp_path / "g.sqlite")
    run_ingest([demo], store, options, components=components, settings=settings)
    _add_crafted_co_holders(store)
    nodes = store.chain_nodes("nev")
    assert NEXT_TO in adjacent_nodes(CRAFTED_NODE, nodes)
    facts = list(store.patent_facts(PatentFilter(chain="nev", region_prefixes=("22",))))
    here = local_smes_from_facts(facts, NEXT_TO, nodes, "22", top=50, max_scanned=50)
    listed_here = {sme.holder.key for sme in here}
    assert {"kc_local_sme", "kc_unplaced_sme"} <= listed_here and "kc_beijing_sme" not in listed_here
    compared = listed = 0
    for chain in sorted({n.chain for n in store.chain_nodes()}):
        nodes = store.chain_nodes(chain)
        for region in REGIONS:
            facts = list(store.patent_facts(PatentFilter(chain=chain, region_prefixes=(region,))))
            for node in nodes:
                derived = local_smes_from_facts(facts, node.key, nodes, region, top=5, max_scanned=50)
                queried = local_smes(store, node.key, nodes, region, top=5, max_scanned=50)
                assert derived == queried, f"{store.name} {chain} {region} {node.key}"
                compared += 1
                listed += len(derived)
    assert compared > 500 and listed > 50, (compared, listed)  # the corpus must put SMEs on the lists


def _add_crafted_co_holders(store: GraphStore) -> None:
    changchun, beijing = "220104000000", "110108000000"
    holders = [
        HolderRecord("kc_local_sme", "长春测试电池有限公司", HolderType.SME, "test", region_code=changchun),
        HolderRecord("kc_beijing_sme", "北京测试电池有限公司", HolderType.SME, "test", region_code=beijing),
        HolderRecord("kc_unplaced_sme", "测试电芯有限公司", HolderType.SME, "test"),
    ]
    patents = [
        PatentRecord(
            pub_no=f"CN99900{i}A",
            app_no=None,
            patent_type=PatentType.INVENTION,
            title="一种电池单体",
            app_date="2019-03-01",
            pub_date="2020-09-01",
            region_code=changchun,
            applicants=keys,
            holders=keys,
        )
        for i, keys in enumerate(
            [("kc_local_sme", "kc_beijing_sme"), ("kc_beijing_sme", "kc_unplaced_sme"), ("kc_local_sme",)]
        )
    ]
    links = [PatentChainLink(p.pub_no, CRAFTED_NODE, 0.95, "test") for p in patents]
    store.upsert_patents(PatentBatch(holders=holders, patents=patents, chain_links=links))
