"""Contract: idempotent batched upserts, replaced link sets, merged aliases, stats (both stores)."""

from __future__ import annotations

import dataclasses

from graph.models import (
    HolderRecord,
    HolderType,
    PatentBatch,
    PatentChainLink,
    ReferenceBatch,
)
from graph.schema import Label, RelType
from graph.store import GraphStore

Seed = tuple[ReferenceBatch, PatentBatch]


def expected_stats(seed: Seed) -> tuple[dict[str, int], dict[str, int]]:
    """Counts derived from the seed by the shared rules (missing targets are not linked)."""
    ref, batch = seed
    holders = {h.key for h in batch.holders}
    regions = {r.code for r in ref.regions}
    chain = {c.key for c in ref.chain_nodes}
    pubs = {p.pub_no for p in batch.patents}
    ipc_codes = {i.code for i in ref.ipc} | {lk.ipc_code for lk in ref.ipc_industry_links}
    ipc_codes |= {c for p in batch.patents for c in (*p.ipc_codes, *([p.ipc_main] if p.ipc_main else []))}
    part_of = sum(1 for i in ref.ipc if i.parent in ipc_codes)
    part_of += sum(1 for i in ref.industries if i.parent in {x.code for x in ref.industries})
    part_of += sum(1 for r in ref.regions if r.parent in regions)
    part_of += sum(1 for c in ref.chain_nodes if c.parent in chain)
    nodes = {
        "Patent": len(pubs),
        "Holder": len(holders),
        "Inventor": len({i.key for i in batch.inventors}),
        "Technology": len(batch.technologies),
        "IPC": len(ipc_codes),
        "Industry": len(ref.industries),
        "ChainNode": len(chain),
        "Region": len(regions),
        "LegalEvent": len(batch.events),
        "Demand": 0,  # the seed registers no demand (tests/contract/test_registry.py does)
    }
    rels = {
        "APPLIED_BY": sum(1 for p in batch.patents for k in set(p.applicants) if k in holders),
        "HELD_BY": sum(1 for p in batch.patents for k in set(p.holders) if k in holders),
        "INVENTED_BY": sum(len(set(p.inventors)) for p in batch.patents),
        "CLASSIFIED_AS": sum(
            len(set(p.ipc_codes) | ({p.ipc_main} if p.ipc_main else set())) for p in batch.patents
        ),
        "MENTIONS": len({(lk.pub_no, lk.technology_key) for lk in batch.technology_links}),
        "MAPPED_TO": len({(lk.pub_no, lk.node_key) for lk in batch.chain_links if lk.node_key in chain}),
        "LOCATED_IN": sum(1 for p in batch.patents if p.region_code in regions)
        + sum(1 for h in batch.holders if h.region_code in regions),
        "IN_INDUSTRY": len(ref.ipc_industry_links),
        "PART_OF": part_of,
        "SUPPLIES": sum(1 for c in ref.chain_nodes for d in c.supplies_to if d in chain),
        "HAS_EVENT": sum(1 for e in batch.events if e.pub_no in pubs),
        "FROM_PARTY": sum(1 for e in batch.events for k in e.from_holders if k in holders),
        "TO_PARTY": sum(1 for e in batch.events for k in e.to_holders if k in holders),
        **dict.fromkeys(("SEEKS", "TARGETS", "CANDIDATE_PATENT", "CANDIDATE_HOLDER"), 0),
    }
    return nodes, rels


def test_stats_report_every_label_and_type_with_exact_counts(seeded: GraphStore, seed: Seed) -> None:
    stats = seeded.stats()
    nodes, rels = expected_stats(seed)
    assert stats.store == seeded.name
    assert set(stats.nodes) == {label.value for label in Label}
    assert set(stats.relationships) == {rel.value for rel in RelType}
    assert stats.nodes == nodes
    assert stats.relationships == rels


def test_empty_store_counts_zero(store: GraphStore) -> None:
    stats = store.stats()
    assert set(stats.nodes.values()) == {0}
    assert set(stats.relationships.values()) == {0}


def test_loading_twice_gives_identical_stats_and_facts(seeded: GraphStore, seed: Seed) -> None:
    ref, batch = seed
    before = seeded.stats()
    first = seeded.get_patent(batch.patents[0].pub_no)
    seeded.upsert_reference(ref)
    seeded.upsert_patents(batch)
    assert seeded.stats() == before
    assert seeded.get_patent(batch.patents[0].pub_no) == first


def test_reupsert_replaces_properties_and_outgoing_links(seeded: GraphStore, seed: Seed) -> None:
    _, batch = seed
    old = batch.patents[1]  # battery patent: chain links, technology link, region in the reference
    other_holder = batch.holders[-1].key
    corrected = dataclasses.replace(
        old,
        title="更正后的标题",
        ipc_codes=("G06F16/30",),
        ipc_main="G06F16/30",
        holders=(other_holder,),
        applicants=(other_holder,),
        region_code=None,
        app_date="2020-02-02",
    )
    before = seeded.stats()
    seeded.upsert_patents(
        PatentBatch(patents=[corrected], chain_links=[PatentChainLink(old.pub_no, "nev/vehicle", 0.5, "fix")])
    )
    fact = seeded.get_patent(old.pub_no)
    assert fact is not None
    assert fact.title == "更正后的标题"
    assert fact.ipc_codes == ("G06F16/30",)
    assert [h.key for h in fact.holders] == [other_holder]
    assert fact.chain_nodes == (("nev/vehicle", 0.5),)
    assert fact.technologies == ()  # the batch no longer says it mentions a technology
    assert fact.region_code is None
    assert fact.app_date == "2020-02-02"
    assert fact.sei_codes == ("sei:1.2",)
    after = seeded.stats()
    assert after.nodes["Patent"] == before.nodes["Patent"]
    assert after.relationships["LOCATED_IN"] == before.relationships["LOCATED_IN"] - 1
    assert after.relationships["MENTIONS"] == before.relationships["MENTIONS"] - 1


def test_holder_aliases_are_merged_and_properties_replaced(store: GraphStore) -> None:
    first = HolderRecord("h1", "吉林大学", HolderType.UNIVERSITY, "name rule", aliases=("吉大",))
    second = HolderRecord(
        "h1", "吉林大学", HolderType.UNIVERSITY, "dictionary", aliases=("Jilin University",)
    )
    store.upsert_patents(PatentBatch(holders=[first]))
    store.upsert_patents(PatentBatch(holders=[second, dataclasses.replace(second, aliases=("JLU",))]))
    view = store.get_holder("h1")
    assert view is not None
    assert view.aliases == ("JLU", "Jilin University", "吉大")
    assert view.type_reason == "dictionary"
    assert view.patent_count == 0
    assert store.stats().nodes["Holder"] == 1


def test_unknown_ipc_code_becomes_a_node_and_is_filled_in_later(seeded: GraphStore, seed: Seed) -> None:
    _, batch = seed
    unknown = next(p for p in batch.patents if "H01M10/0525" in p.ipc_codes)
    fact = seeded.get_patent(unknown.pub_no)
    assert fact is not None and "H01M10/0525" in fact.ipc_codes
    graph = seeded.neighbourhood("IPC", "H01M10/0525", depth=0)
    assert graph.nodes[0].name == ""
    count = seeded.stats().nodes["IPC"]
    from graph.models import IpcRecord

    seeded.upsert_reference(
        ReferenceBatch(ipc=[IpcRecord("H01M10/0525", "subgroup", "锂离子蓄电池", "H01M10/052")])
    )
    assert seeded.stats().nodes["IPC"] == count
    assert seeded.neighbourhood("IPC", "H01M10/0525", depth=0).nodes[0].name == "锂离子蓄电池"


def test_links_to_missing_nodes_are_not_created(seeded: GraphStore, seed: Seed) -> None:
    _, batch = seed
    with_ghost = next(p for p in batch.patents if "不存在的权利人" in p.holders)
    fact = seeded.get_patent(with_ghost.pub_no)
    assert fact is not None
    assert [h.key for h in fact.holders] == [with_ghost.holders[0]]
    assert seeded.get_holder("不存在的权利人") is None
    assert all(key != "nev/not_defined" for key, _ in fact.chain_nodes)


def test_clear_deletes_everything(seeded: GraphStore) -> None:
    seeded.clear()
    stats = seeded.stats()
    assert sum(stats.nodes.values()) == 0 and sum(stats.relationships.values()) == 0
    assert seeded.match_terms(["锂电池"], __import__("graph.models").models.PatentFilter()) == []


def test_ensure_schema_is_idempotent(seeded: GraphStore) -> None:
    before = seeded.stats()
    seeded.ensure_schema()
    seeded.ensure_schema()
    assert seeded.stats() == before
