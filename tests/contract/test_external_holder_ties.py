"""External holders of a chain node (补链来源): ties on relevance broken by valid patents.

The valid count (third ranking key) is read only for the holders that can make the list, so a
hand-built node checks the cut on both stores: four Beijing enterprises, each with one valid
patent mapped with high confidence, and 3, 2, 0 and 1 further valid patents mapped only by
weak evidence; a fifth with two high-confidence patents ranks first. With ``top=3`` the list is
two, then the ties by valid count: t3 (4 valid), t2 (3 valid); t1 and t0 are cut.
"""

from __future__ import annotations

from datetime import date

from graph.models import (
    ChainNodeRecord,
    ChainPosition,
    HolderRecord,
    HolderType,
    PatentBatch,
    PatentChainLink,
    PatentRecord,
    PatentType,
    ReferenceBatch,
)
from graph.navigation.gap_sources import external_holders
from graph.navigation.sleeping import SleepingParams
from graph.store import GraphStore

BEIJING = "110108000000"
NODE = "tie/part"


def _load(store: GraphStore) -> None:
    store.clear()
    store.ensure_schema()
    store.upsert_reference(
        ReferenceBatch(chain_nodes=[ChainNodeRecord(NODE, "tie", "零件", ChainPosition.MIDSTREAM)])
    )
    weak = {"t3": 3, "t2": 2, "t0": 0, "t1": 1}
    holders = [
        HolderRecord(k, f"北京{k}有限公司", HolderType.ENTERPRISE, "name", region_code=BEIJING)
        for k in [*weak, "two"]
    ]
    plan = [(k, 0.95) for k in weak] + [(k, 0.5) for k, n in weak.items() for _ in range(n)]
    plan += [("two", 0.95), ("two", 0.95)]
    patents, links = [], []
    for i, (key, confidence) in enumerate(plan):
        pub_no = f"CN{810000 + i}A"
        patents.append(
            PatentRecord(
                pub_no=pub_no,
                app_no=None,
                patent_type=PatentType.INVENTION,
                title=f"零件专利{i}",
                app_date="2018-03-01",
                pub_date="2019-09-01",
                grant_date="2020-06-01",
                is_valid=True,
                applicants=(key,),
                holders=(key,),
                region_code=BEIJING,
            )
        )
        links.append(PatentChainLink(pub_no, NODE, confidence, "known answer"))
    store.upsert_patents(PatentBatch(holders=holders, patents=patents, chain_links=links))


def test_ties_on_relevance_are_broken_by_valid_patents(store: GraphStore) -> None:
    _load(store)
    listed = external_holders(
        store,
        NODE,
        "22",
        date(2024, 5, 1),
        top=3,
        per_holder=5,
        max_scanned=1000,
        sleeping_params=SleepingParams(),
        min_confidence=0.8,
    )
    assert [(h.holder.key, h.relevant_patents, h.node_patents) for h in listed] == [
        ("two", 2, 2),
        ("t3", 1, 4),
        ("t2", 1, 3),
    ]
